"""Fixing files: `qlint fix`, `check --fix` and `--diff`.

A check first (the one pipeline, without reusing a saved report: fixing needs every file's
own result); then only files with at least one applicable fix are read again and rewritten,
every other file is left alone, byte for byte. Files are written atomically and never
outside the content root.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from qlint.diagnostics import Applicability, Diagnostic
from qlint.discovery.walk import display_path
from qlint.fixing.atomic import inside, write_atomic
from qlint.fixing.loop import fix_document
from qlint.pipeline.index import CorpusIndex, Entry
from qlint.pipeline.linter import Linter, Report, Targets
from qlint.pipeline.summary import RecordDetail, summarize
from qlint.record.document import Document
from qlint.record.parse import parse_text


@dataclass
class FixReport:
    result: Report  # what remains after fixing
    fixed: int = 0  # problems fixed
    changed: list[str] = field(default_factory=list)  # display paths of the files changed
    diffs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # fixes dropped, loops, refused writes


@dataclass
class _Fixed:
    """A file being fixed: as read, and as fixed so far."""

    original: Document
    text: str
    fixes: list[Diagnostic] = field(default_factory=list)


def fix_files(linter: Linter, targets: Targets, unsafe: bool, write: bool) -> FixReport:
    """Fix in two rounds: first what each record can fix on its own, then, against an index
    holding those results, the links between records. A link then takes its target's
    repaired title, not the damaged one (which a later round would undo: a loop)."""
    report = FixReport(linter.check(targets, reuse=False))
    allowed = {Applicability.SAFE, Applicability.UNSAFE} if unsafe else {Applicability.SAFE}
    cross_codes = {c.rule.code for c in linter.contexts if c.rule.cross_record}
    cwd = Path.cwd().absolute()
    fixed: dict[str, _Fixed] = {}  # path -> the file being fixed
    remaining: dict[str, list[Diagnostic]] = {}  # path -> its diagnostics after fixing

    def fixable(diagnostics: list[Diagnostic], cross: bool) -> list[str]:
        shown = {d.path for d in diagnostics if d.fix is not None and d.fix.applicability in allowed and (cross or d.code not in cross_codes)}
        return sorted(path for path in linter.reported if display_path(path, cwd) in shown)

    def record_only(doc: Document) -> list[Diagnostic]:
        # With the index: a suppression of a cross-record rule silences its finding here too,
        # and is not removed as unused.
        return [d for d in linter.lint_document(doc, linter.index) if d.code not in cross_codes]

    def fix_round(paths: list[str], lint: Callable[[Document], list[Diagnostic]]) -> None:
        for path in paths:
            shown = display_path(path, cwd)
            state = fixed.get(path)
            if state is None:
                original = linter.file_linter.read(Path(path), shown).doc
                state, doc = _Fixed(original, original.text), original
            else:
                doc = parse_text(state.text, Path(path), shown, state.original.bom, linter.config.site)
            outcome = fix_document(doc, lint, unsafe)
            remaining[path] = outcome.remaining
            for diagnostic, why in outcome.rejected:
                report.notes.append(f"{shown}: fix of {diagnostic.code} [{diagnostic.name}] not applied: {why}")
            if outcome.looped:
                report.notes.append(f"{shown}: fixes kept undoing each other; stopped after {len(outcome.fixed)}")
            if outcome.text != doc.text:
                state.text = outcome.text
                state.fixes.extend(outcome.fixed)
                fixed[path] = state
                _put_back(linter.index, parse_text(outcome.text, Path(path), shown, state.original.bom, linter.config.site))

    fix_round(fixable(report.result.diagnostics, cross=False), record_only)
    if cross_codes:
        entries = [entry for path in linter.reported if (entry := linter.index.entries.get(path)) is not None]
        cross_found = [d for found in linter.cross_findings(entries).values() for d in found]
        fix_round(fixable(cross_found, cross=True), lambda doc: linter.lint_document(doc, linter.index))
    _finish(report, linter, fixed, remaining, write)
    return report


def _put_back(index: CorpusIndex, doc: Document) -> None:
    """The record as fixed so far, in place of its old entry."""
    summary = summarize(doc)
    if summary is not None:
        index.add(Entry(str(doc.path), summary[0], RecordDetail.from_wire(summary[1])))
    else:
        index.remove(str(doc.path))


def _finish(report: FixReport, linter: Linter, fixed: dict[str, _Fixed], remaining: dict[str, list[Diagnostic]], write: bool) -> None:
    """Write (or diff) the fixed files, and say what remains."""
    cwd = Path.cwd().absolute()
    shown_fixed = {display_path(path, cwd) for path in remaining}
    left = [d for d in report.result.diagnostics if d.path not in shown_fixed]
    for path in sorted(remaining):
        left.extend(remaining[path])
    for path, state in sorted(fixed.items()):
        shown = display_path(path, cwd)
        if not inside(Path(path), linter.config.root):
            report.notes.append(f"{shown}: not written: the file is outside the content root {linter.config.root}")
            left.extend(state.fixes)
            continue
        report.fixed += len(state.fixes)
        report.changed.append(shown)
        if write:
            write_atomic(Path(path), state.text, state.original.bom)
        else:
            report.diffs.append(_diff(shown, state.original.text, state.text))
    left.sort(key=Diagnostic.sort_key)
    report.result.diagnostics = left


def _diff(shown: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{shown}", f"b/{shown}"
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)
