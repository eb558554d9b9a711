"""Two different questions share one id.

Groups all records under the content root by `id`. The site cross-lists some questions on
purpose: the same record in two subject folders, with the same id, the same slug (file name)
and the same answer text. Such a pair is one question and is not reported; records that
share an id but differ in slug or in answer are.

Why: the site and its analytics address questions by id; two questions with one id
overwrite each other's statistics, and related links by id go to the wrong page.

Example:
    `biology/what-is-a-cell.md` and `physics/what-is-a-photon.md`, both `id: 700101`,
    report `id 700101 is also used by 'physics/what-is-a-photon.md'` on each.

Options: none.

Fix: none; one of them needs a new id, and only the content system can issue it.
"""

from qlint.diagnostics import Severity
from qlint.rules._links import cross_listed, is_int, names

CODE = "Q506"
NAME = "duplicate-id"
SEVERITY = Severity.ERROR


def check_corpus(index, entries, ctx):
    for entry in entries:
        if entry.id not in index.by_id.more or not is_int(entry.id):
            continue  # only ids that two records have
        others = [e for e in index.by_id.get(entry.id, []) if e.path != entry.path and not cross_listed(entry, e)]
        if others and (slot := index.slot(entry, "id")) is not None:
            yield ctx.diagnostic(entry, slot.span, f"id {entry.id} is also used by {names(others)}", field="id")
