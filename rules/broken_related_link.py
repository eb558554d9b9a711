"""A related link's url points to no record in the corpus.

Resolves every `related_articleN.url` against the urls of all records under the content
root (the whole corpus, even when only a few files are checked). When a record with the
same slug exists in another subject folder, the message names its url: the link most likely
has the wrong subject segment. Urls that do not follow the url pattern at all are left to
`malformed-related-url`.

Why: the page shows the link, and a reader who follows it gets a 404.

Example:
    ```
    related_article2:
        url: /learn/biology/questions/what-is-a-food-web
    ```
    with no such record but `ecology/what-is-a-food-web.md` present reports
    `related_article2.url '/learn/biology/questions/what-is-a-food-web' points to no record;
    a record with this slug is at '/learn/ecology/questions/what-is-a-food-web'`.

Options: none.

Fix: none; which page was meant is an editorial decision.
"""

from qlint.diagnostics import Severity
from qlint.record.site import parse_url

CODE = "Q403"
NAME = "broken-related-link"
SEVERITY = Severity.ERROR


def check_corpus(index, entries, ctx):
    for entry, link in index.survey(entries).unresolved:
        url = link.url
        parsed, slot = parse_url(ctx.site, url), index.slot(entry, "url", link.number)
        if parsed is None or slot is None:
            continue  # malformed-related-url reports it
        message = f"related_article{link.number}.url '{url}' points to no record"
        elsewhere = [e for e in index.by_stem.get(parsed[1], []) if isinstance(e.url, str)]
        if elsewhere:
            message += f"; a record with this slug is at '{elsewhere[0].url}'"
        yield ctx.diagnostic(entry, slot.span, message, field=f"related_article{link.number}.url")
