"""The same article is listed twice among one record's related articles.

Reported at the later entry when its `url` is exactly the url of an earlier
`related_articleN` (at the url), or, failing that, when its `id` equals an earlier entry's
id (at the id). Entries are compared in numeric order, and each later entry is reported at
most once, naming the first entry it repeats.

Why: the page shows the same link twice and one of the few related slots is wasted. A
repeated id with a different url is the same question too: the site files one question
under several subjects with one id, so two urls with one id lead to the same text.

Example:
    ```
    related_article1:
        id: 501240
        url: /learn/biology/questions/what-is-osmosis
    related_article2:
        id: 501240
        url: /learn/biology/questions/what-is-osmosis
    ```
    reports `related_article2 repeats the url of related_article1` at the second url.

Options: none.

Fix: none yet; dropping the repeat means renumbering the entries after it.
"""

from qlint.diagnostics import Severity
from qlint.rules._related import related_entries

CODE = "Q406"
NAME = "duplicate-related"
SEVERITY = Severity.ERROR


def check(doc, ctx):
    first_url: dict[str, str] = {}  # url -> key of the first entry with it
    first_id: dict[int, str] = {}
    for related in related_entries(doc):
        url, ident = related.text("url"), related.int_id()
        if url is not None and url.strip() and url in first_url:
            field = doc.fields.get((related.key, "url"))
            if field is not None:
                message = f"{related.key} repeats the url of {first_url[url]}"
                yield ctx.diagnostic(doc, field.value, message, field=f"{related.key}.url")
        elif ident is not None and ident in first_id:
            field = doc.fields.get((related.key, "id"))
            if field is not None:
                message = f"{related.key} repeats the id '{ident}' of {first_id[ident]}: the same question twice"
                yield ctx.diagnostic(doc, field.value, message, field=f"{related.key}.id")
        if url is not None and url.strip():
            first_url.setdefault(url, related.key)
        if ident is not None:
            first_id.setdefault(ident, related.key)
