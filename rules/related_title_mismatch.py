"""A related link's title or subject differs from the record its url points to.

Compares `related_articleN.title` and `related_articleN.subject` with the `title` and
`subject` of the linked record, exactly (a straight quote for a curly one, or a dropped
comma, counts: the link text shown on the page is this title).

Why: the link text promises one question and the page answers a differently worded one;
it usually means the target was edited after the link was generated.

Example:
    ```
    related_article2:
        title: >-
            What is Archimedes' Principle, and how does it explain buoyancy?
    ```
    where the linked record's title is `What is Archimedes’ Principle and how does it explain
    buoyancy?` reports `related_article2.title differs from the linked record's title ...`.

Options: none.

Fix: safe: the link's title (or subject) is set to the linked record's, keeping the
value's YAML style (a `>-` block stays a `>-` block). When several records claim the link's
url (`duplicate-url`), a link that agrees with one of them is not reported, and one that
agrees with none is reported without a fix. Nor is a fix offered when the linked record's
text has a problem of its own (mojibake, invisible characters): a damaged text is never
copied over a clean one; once the linked record is repaired, the two agree again.
"""

from qlint.diagnostics import Applicability, Edit, Fix, Severity
from qlint.fixing.value_edits import emit_scalar
from qlint.record.site import canonical_subject
from qlint.rules._encoding import text_damage
from qlint.rules._links import ambiguous_note

CODE = "Q405"
NAME = "related-title-mismatch"
SEVERITY = Severity.ERROR
FIXABLE = True


def check_corpus(index, entries, ctx):
    for entry, link, target, ambiguous in index.survey(entries).differing:
        for name in ("title", "subject"):
            linked, wanted = getattr(link, name), getattr(target, name)
            if not isinstance(linked, str) or not isinstance(wanted, str) or linked == wanted:
                continue
            if name == "subject" and canonical_subject(ctx.site, wanted) == linked:
                continue  # the target spells its subject in a case variant: unknown-subject fixes the target
            if (slot := index.slot(entry, name, link.number)) is None:
                continue
            new_text = emit_scalar(wanted, slot.style, slot.header, slot.indent)
            fix = Fix(Applicability.SAFE, (Edit(slot.span.start_offset, slot.span.end_offset, new_text),))
            message = f"related_article{link.number}.{name} '{linked}' differs from the linked record's {name} '{wanted}'"
            if ambiguous:
                fix, message = None, message + f" (and {ambiguous_note(index, link.url)})"
            elif damage := text_damage(wanted):
                fix, message = None, message + f" (the linked record's {name} has {damage}: repair it there)"
            yield ctx.diagnostic(entry, slot.span, message, field=f"related_article{link.number}.{name}", fix=fix)
