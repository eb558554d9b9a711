"""A `# qlint: ignore[...]` comment silences nothing.

Reports a suppression comment, or one of the rules it names, when nothing reported on its
field (or, for `ignore-file`, in its file) by an active rule matched it: the problem it was
written for is gone, or the comment names the wrong rule or field. A name that is no
qlint rule is reported too. Rules that are not selected in this run are not judged.

Why: stale suppressions hide the next real problem of that kind on that field.

Example:
    ```
    score: 0.82  # qlint: ignore[Q302] placeholder until the import
    ```
    reports `unused suppression: 'Q302' silenced nothing here` once the score is real.

Options: none.

Fix: safe: the comment is removed (with the spaces before it, or its whole line when it
stands alone); when only some of the rules it names are unused, just those are removed
from the list.
"""

from qlint.diagnostics import Applicability, Edit, Fix, Severity

CODE = "Q900"
NAME = "unused-suppression"
SEVERITY = Severity.WARNING
FIXABLE = True


def check_suppressions(path, unused, ctx):
    """`unused`: (suppression, selectors that silenced nothing, selectors naming no rule)."""
    for suppression, idle, unknown in unused:
        dropped = set(idle) | set(unknown)
        kept = [s for s in suppression.selectors or () if s not in dropped]
        if kept:
            replacement = f"# qlint: {suppression.kind}[{', '.join(kept)}]{suppression.reason}"
            edit = Edit(suppression.span.start_offset, suppression.span.end_offset, replacement)
        else:
            edit = Edit(suppression.remove[0], suppression.remove[1], "")
        if unknown:
            message = f"unused suppression: {', '.join(repr(s) for s in unknown)} is not a qlint rule"
        elif idle:
            message = f"unused suppression: {', '.join(repr(s) for s in idle)} silenced nothing here"
        else:
            message = "unused suppression: it silenced nothing here"
        fix = Fix(Applicability.SAFE, (edit,), scope=())  # a comment: no value changes
        yield ctx.diagnostic(path, suppression.span, message, suppression.field, fix, source=suppression.source)
