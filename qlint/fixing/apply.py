"""Choosing fixes that can be applied together, and applying their edits to a text: both
in time linear in the number of edits (a file may hold 20,000 fixable problems)."""

from __future__ import annotations

import bisect
import re

from qlint.diagnostics import Applicability, Diagnostic, Edit, Fix

_ANY_BREAK = re.compile(r"\r\n|\r|\n")


def newline_of(text: str) -> str:
    """The file's line ending, so inserted lines match it."""
    if "\r\n" in text:
        return "\r\n"
    if "\r" in text and "\n" not in text:
        return "\r"
    return "\n"


def apply_edits(text: str, edits: list[Edit]) -> str:
    """`text` with non-overlapping edits (offsets into `text`) applied, in one pass."""
    newline = newline_of(text)
    pieces, cursor = [], 0
    for edit in sorted(set(edits), key=lambda e: (e.start, e.end)):
        content = _ANY_BREAK.sub(newline, edit.content) if newline != "\n" else edit.content
        pieces += [text[cursor : edit.start], content]
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def choose(diagnostics: list[Diagnostic], unsafe: bool) -> list[Diagnostic]:
    """The diagnostics whose fixes can be applied together: allowed, and not overlapping a
    fix taken before (taken in order of position, as ruff does)."""
    allowed = (Applicability.SAFE, Applicability.UNSAFE) if unsafe else (Applicability.SAFE,)
    candidates = [d for d in diagnostics if d.fix is not None and d.fix.edits and d.fix.applicability in allowed]
    taken: list[Diagnostic] = []
    taken_fixes: set[Fix] = set()
    ranges = _Ranges()
    for diagnostic in sorted(candidates, key=lambda d: min(e.start for e in d.fix.edits)):
        if diagnostic.fix in taken_fixes:  # several problems, one fix (a rewritten keyword list)
            taken.append(diagnostic)
            continue
        edits = [(e.start, e.end) for e in diagnostic.fix.edits]
        if any(ranges.overlaps(*edit) for edit in edits):
            continue
        taken_fixes.add(diagnostic.fix)
        taken.append(diagnostic)
        for edit in edits:
            ranges.add(*edit)
    return taken


class _Ranges:
    """The edits taken so far, sorted by start (they do not overlap one another)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        # Two edits conflict when they overlap or start at one point (two insertions there).
        at = bisect.bisect_left(self.starts, start)
        if at < len(self.starts) and (self.starts[at] == start or self.starts[at] < end):
            return True
        return at > 0 and start < self.ends[at - 1]

    def add(self, start: int, end: int) -> None:
        at = bisect.bisect_right(self.starts, start)  # at the end, as fixes come in order of position
        self.starts.insert(at, start)
        self.ends.insert(at, end)
