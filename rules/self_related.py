"""A related article links back to the record itself, or to its copy under another subject.

Reported at `related_articleN.url` when that url is the record's own `url`, or when its slug
is the record's own slug under another subject (the same question filed twice); and at
`related_articleN.id` when only the id equals the record's `id`. The record's slug is taken
from its `url`; when that url does not follow the site's pattern, only ids are compared.

Why: a "related" link to the page the reader is on, or to the same question under another
subject, offers nothing new and wastes one of the few related slots. The site files some
questions under two subjects with the same slug and the same id, so either sign means the
link leads to the same question.

Example:
    ```
    id: 501234
    url: /learn/biology/questions/what-is-osmosis
    related_article1:
        id: 501299
        url: /learn/chemistry/questions/what-is-osmosis
    ```
    reports `related_article1 links to this same question under subject 'chemistry'`.

Options: none.

Fix: none.
"""

from qlint.diagnostics import Severity
from qlint.rules._related import number
from qlint.record.site import parse_url

CODE = "Q407"
NAME = "self-related"
SEVERITY = Severity.ERROR


def _url_reason(ctx, key: str, url: str, own_url: str | None, own: tuple | None) -> str | None:
    """Why the url `url` of entry `key` leads back to this record, or None."""
    if url == own_url:
        return f"{key} links to this record's own page"
    # The slug parsed from `url` is part of it: when the record's slug is not in `url`, the
    # two cannot be equal, and most urls are spared the parse.
    target = parse_url(ctx.site, url) if own is not None and own[1] in url else None
    if target is not None and target[1] == own[1]:
        # Same slug, other subject: the site's copy of this question filed under that subject.
        return f"{key} links to this same question under subject '{target[0]}'"
    return None


def check(doc, ctx):
    own_url = doc.data.get("url") if isinstance(doc.data.get("url"), str) else None
    own = doc.facts.own_url_parts
    own_id = doc.data.get("id") if number(doc.data.get("id")) else None
    for related in doc.facts.related:
        url, ident = related.url, related.ident
        reason = _url_reason(ctx, related.key, url, own_url, own) if url is not None else None
        if reason is not None and (url_field := doc.fields.get((related.key, "url"))) is not None:
            yield ctx.diagnostic(doc, url_field.value, reason, field=f"{related.key}.url")
        elif ident is not None and ident == own_id and (id_field := doc.fields.get((related.key, "id"))) is not None:
            # One report per entry: the id is only named when the url did not already tell.
            message = f"{related.key} has this record's own id '{ident}'"
            yield ctx.diagnostic(doc, id_field.value, message, field=f"{related.key}.id")
