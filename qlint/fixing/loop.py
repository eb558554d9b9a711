"""The fix loop of one record: minimal edits, verified, repeated until the text is stable.

Each pass lints the current text, chooses the allowed fixes that do not overlap (safe, or
also unsafe), applies them together and verifies the result (`fixing/verify.py`). When the
whole set fails, halves of it are tried, down to the single fix at fault, which is
dropped and reported: a broken file is never produced, and a bad fix among thousands costs
a few verifications, not thousands. Passes repeat until no fix applies (bounded; a text
seen before means two fixes undo each other: a loop, reported).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from qlint.diagnostics import Diagnostic
from qlint.fixing.apply import apply_edits, choose
from qlint.fixing.verify import verify
from qlint.record.document import Document
from qlint.record.parse import parse_text

MAX_PASSES = 10

Linter = Callable[[Document], list[Diagnostic]]


@dataclass
class FixOutcome:
    document: Document  # as fixed (the one given when nothing applied)
    text: str  # the fixed text
    fixed: list[Diagnostic] = field(default_factory=list)  # diagnostics whose fix was applied
    remaining: list[Diagnostic] = field(default_factory=list)  # diagnostics of the final text
    rejected: list[tuple[Diagnostic, str]] = field(default_factory=list)  # fixes dropped, with why
    looped: bool = False


def fix_document(doc: Document, lint: Linter, unsafe: bool = False, found: list[Diagnostic] | None = None) -> FixOutcome:
    """Fix `doc` until stable; `lint` gives a document's diagnostics (`found`: those of
    `doc` itself, when they are known already). The documents made on the way are
    released (see Document.release) but the last, `outcome.document`."""
    outcome = FixOutcome(doc, doc.text)
    seen, refused = {doc.text}, set()
    current = doc
    diagnostics, linted = found if found is not None else lint(current), current.text
    for _ in range(MAX_PASSES):
        chosen = choose([d for d in diagnostics if _identity(d) not in refused], unsafe)
        if not chosen:
            break
        fixed = _apply_verified(current, chosen, outcome, refused)
        if fixed is None:
            break
        if current is not doc:  # (the caller's document is the caller's to release)
            current.release()
        current = fixed
        if current.text in seen:
            outcome.looped = True
            break
        seen.add(current.text)
        diagnostics, linted = lint(current), current.text
    outcome.document, outcome.text = current, current.text
    outcome.remaining = diagnostics if linted == current.text else lint(current)
    return outcome


def _apply_verified(current: Document, group: list[Diagnostic], outcome: FixOutcome, refused: set) -> Document | None:
    """`current` with the fixes of `group`, or of the first part of it that verifies; None
    when none does (each fix at fault is reported and refused from then on)."""
    text = apply_edits(current.text, [e for d in group for e in d.fix.edits])
    if text != current.text:  # (a fix that changes nothing is no progress, and not a loop)
        candidate = parse_text(text, current.path, current.display_path, current.bom, current.site)
        problem = verify(current, candidate, group)
        if problem is None:
            outcome.fixed.extend(group)
            return candidate
        candidate.release()
        if len(group) == 1:
            outcome.rejected.append((group[0], problem))
            refused.add(_identity(group[0]))
            return None
    if len(group) == 1:
        return None
    middle = len(group) // 2
    return _apply_verified(current, group[:middle], outcome, refused) or _apply_verified(current, group[middle:], outcome, refused)


def _identity(d: Diagnostic) -> tuple:
    """A problem as found again in the next pass (its offsets may have moved)."""
    return d.code, d.field, d.message
