"""Applying fixes: minimal edits, verified, repeated until the file is stable.

Each pass lints the current text, takes the fixes allowed (safe, or also unsafe), applies
the non-overlapping ones from the end backwards, and re-parses the result to verify it:
the file must still parse, every value outside the edited spans must be unchanged, and an
edited scalar must read back as what the edit wrote. A fix that fails verification is
dropped and reported; a broken file is never produced. Passes repeat until no fix applies
(bounded; a text seen before means two fixes undo each other: a loop, reported).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import yaml

from qlint.diagnostics import Applicability, Diagnostic, Edit, Fix
from qlint.record.document import Document
from qlint.record.parse import parse_text
from qlint.record.yamlload import Loader

MAX_PASSES = 10
_ANY_BREAK = re.compile(r"\r\n|\r|\n")

Linter = Callable[[Document], list[Diagnostic]]


@dataclass
class FixOutcome:
    text: str  # the fixed text (the original when nothing applied)
    fixed: list[Diagnostic] = field(default_factory=list)  # diagnostics whose fix was applied
    remaining: list[Diagnostic] = field(default_factory=list)  # diagnostics of the final text
    rejected: list[tuple[Diagnostic, str]] = field(default_factory=list)  # fixes dropped, with why
    looped: bool = False


def newline_of(text: str) -> str:
    """The file's line ending, so inserted lines match it."""
    if "\r\n" in text:
        return "\r\n"
    if "\r" in text and "\n" not in text:
        return "\r"
    return "\n"


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (offsets into `text`), from the end backwards."""
    newline = newline_of(text)
    for edit in sorted(set(edits), key=lambda e: (e.start, e.end), reverse=True):
        content = _ANY_BREAK.sub(newline, edit.content) if newline != "\n" else edit.content
        text = text[: edit.start] + content + text[edit.end :]
    return text


def choose(diagnostics: list[Diagnostic], unsafe: bool) -> list[Diagnostic]:
    """The diagnostics whose fixes can be applied together: allowed, and not overlapping a
    fix taken before (taken in order of position, as ruff does)."""
    taken: list[Diagnostic] = []
    ranges: list[tuple[int, int]] = []
    allowed = (Applicability.SAFE, Applicability.UNSAFE) if unsafe else (Applicability.SAFE,)
    candidates = [d for d in diagnostics if d.fix is not None and d.fix.edits and d.fix.applicability in allowed]
    taken_fixes: list[Fix] = []
    for diagnostic in sorted(candidates, key=lambda d: min(e.start for e in d.fix.edits)):
        if diagnostic.fix in taken_fixes:  # several problems, one fix (a rewritten keyword list)
            taken.append(diagnostic)
            continue
        edits = [(e.start, e.end) for e in diagnostic.fix.edits]
        if any(_overlap(one, other) for one in edits for other in ranges):
            continue
        taken_fixes.append(diagnostic.fix)
        taken.append(diagnostic)
        ranges.extend(edits)
    return taken


def _overlap(one: tuple[int, int], other: tuple[int, int]) -> bool:
    # Two insertions at one point, or an edit touching another's end, also conflict.
    return one[0] < other[1] and other[0] < one[1] or one[0] == other[0] or one == other


_MISSING = object()


def verify(before: Document, after: Document, fixes: list[Fix]) -> str | None:
    """Why the fixed document is not what the fixes meant, or None when it is."""
    if after.problem is not None and before.problem is None:
        return f"the fixed file would not parse ({after.problem.message})"
    if before.text[before.body_start :] != after.text[after.body_start :]:
        return "the fix would change the body"
    if len(after.duplicates) > len(before.duplicates):
        return "the fix would repeat a key"
    edited = [(e.start, e.end) for fix in fixes for e in fix.edits]
    for path, spot in before.fields.items():
        if not path or not isinstance(spot.node, yaml.ScalarNode):
            continue
        span = spot.value
        if any(start <= span.end_offset and span.start_offset <= end for start, end in edited):
            continue  # an edited value: checked below
        if after.value(path, _MISSING) != before.value(path, _MISSING):
            return f"the fix would change '{_dotted(path)}', which it does not target"
    return _check_scalar_edits(before, after, [e for fix in fixes for e in fix.edits])


def _dotted(path: tuple) -> str:
    return ".".join(str(part) for part in path)


def _check_scalar_edits(before: Document, after: Document, edits: list[Edit]) -> str | None:
    """Edits inside one scalar value: the value must read back as its source with all of
    its edits applied (a fix may edit a value in two places). Edits over several values
    (entries dropped or renumbered) are left to the parse and the untouched-values check."""
    by_scalar: dict[tuple, list[Edit]] = {}
    for edit in edits:
        for path, spot in before.fields.items():
            span = spot.value
            if isinstance(spot.node, yaml.ScalarNode) and span.start_offset <= edit.start <= edit.end <= span.end_offset:
                by_scalar.setdefault(path, []).append(edit)
                break
    for path, inside in by_scalar.items():
        span = before.fields[path].value
        local = apply_edits(
            before.text[span.start_offset : span.end_offset],
            [Edit(e.start - span.start_offset, e.end - span.start_offset, e.content) for e in inside],
        )
        try:
            loaded = yaml.load("k: " + " " * (span.start_column - 1) + local + "\n", Loader=Loader)  # noqa: S506
            # Exactly one key: an edit must not smuggle new keys in after the value.
            intended = loaded["k"] if isinstance(loaded, dict) and list(loaded) == ["k"] else _MISSING
        except yaml.YAMLError:
            return f"the fix would write invalid YAML into '{_dotted(path)}'"
        if intended is _MISSING or after.value(path, _MISSING) != intended:
            return f"'{_dotted(path)}' would not read back as the fix wrote it"
    return None


def fix_document(doc: Document, lint: Linter, unsafe: bool = False) -> FixOutcome:
    """Fix `doc` (as read from disk) until stable; `lint` gives a document's diagnostics."""
    outcome = FixOutcome(doc.text)
    seen = {doc.text}
    current = doc
    diagnostics, linted = lint(current), current.text
    for _ in range(MAX_PASSES):
        chosen = choose(diagnostics, unsafe)
        if not chosen:
            break
        applied_any = False
        for group in (chosen, *([d] for d in chosen)) if len(chosen) > 1 else (chosen,):
            fixes = [d.fix for d in group]
            text = apply_edits(current.text, [e for fix in fixes for e in fix.edits])
            if text == current.text:
                continue  # a fix that changes nothing is no progress (and not a loop)
            candidate = parse_text(text, current.path, current.display_path, current.bom, current.site)
            problem = verify(current, candidate, fixes)
            if problem is None:
                outcome.fixed.extend(group)
                current, applied_any = candidate, True
                break
            if len(group) == 1 and all(group[0] != d for d, _ in outcome.rejected):
                outcome.rejected.append((group[0], problem))
        if not applied_any:
            break
        if current.text in seen:
            outcome.looped = True
            break
        seen.add(current.text)
        diagnostics, linted = lint(current), current.text
    outcome.text = current.text
    outcome.remaining = diagnostics if linted == current.text else lint(current)
    return outcome
