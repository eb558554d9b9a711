"""A related link's id differs from the id of the record its url points to.

The url decides which page the reader lands on; the id is what the site uses to count and
deduplicate links. When they disagree, one of them is stale.

Why: a link with a stale id is counted against the wrong question, and a later clean-up by
id would drop or keep the wrong link.

Example:
    ```
    related_article1:
        id: 141879
        url: /learn/biology/questions/what-is-a-food-web
    ```
    where `what-is-a-food-web.md` has `id: 143158` reports
    `related_article1.id is 141879 but the linked record has id 143158`.

Options: none.

Fix: safe: the link's id is set to the linked record's id (only the number changes). When
several records claim the link's url (`duplicate-url`), a link that agrees with one of them
is not reported, and one that agrees with none is reported without a fix: which record it
means is not known.
"""

from qlint.diagnostics import Applicability, Edit, Fix, Severity
from qlint.rules._links import ambiguous_note, is_int

CODE = "Q404"
NAME = "related-id-mismatch"
SEVERITY = Severity.ERROR
FIXABLE = True


def check_corpus(index, entries, ctx):
    for entry, link, target, ambiguous in index.survey(entries).differing:
        linked_id = link.id
        # Equal ids first: almost every link, and no type checks needed then.
        if linked_id == target.id or not is_int(linked_id) or not is_int(target.id):
            continue
        if (slot := index.slot(entry, "id", link.number)) is None:
            continue
        fix = Fix(Applicability.SAFE, (Edit(slot.span.start_offset, slot.span.end_offset, str(target.id)),))
        message = f"related_article{link.number}.id is {linked_id} but the linked record has id {target.id}"
        if ambiguous:
            fix, message = None, message + f" (and {ambiguous_note(index, link.url)})"
        yield ctx.diagnostic(entry, slot.span, message, field=f"related_article{link.number}.id", fix=fix)
