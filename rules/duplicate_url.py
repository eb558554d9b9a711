"""Two files claim the same page url.

Groups all records under the content root by `url`.

Why: only one page can be served at a url; the other record is unreachable, and links to
the url land on whichever the build happened to keep.

Example:
    two files with `url: /learn/biology/questions/what-is-a-cell` report
    `url '/learn/biology/questions/what-is-a-cell' is also claimed by 'biology/cell.md'`.

Options: none.

Fix: none; `url-slug-mismatch` and `url-subject-mismatch` usually point at the record
whose url is wrong.
"""

from qlint.diagnostics import Severity
from qlint.rules._links import names

CODE = "Q507"
NAME = "duplicate-url"
SEVERITY = Severity.ERROR


def check_corpus(index, entries, ctx):
    for entry in entries:
        if not isinstance(entry.url, str) or entry.url not in index.by_url.more:
            continue  # only urls that two records claim
        others = [e for e in index.by_url.get(entry.url, []) if e.path != entry.path]
        if others and (slot := index.slot(entry, "url")) is not None:
            yield ctx.diagnostic(entry, slot.span, f"url '{entry.url}' is also claimed by {names(others)}", field="url")
