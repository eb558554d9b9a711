"""`qlint fix` / `check --fix` / `--diff`: lint, then fix the files that have fixes.

Only files with at least one applicable fix are read again and rewritten; every other file
is left alone, byte for byte. Files are written atomically and never outside the root.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from qlint.diagnostics import Applicability, Diagnostic
from qlint.document import Document, read_document
from qlint.fixer import fix_document
from qlint.index import build_entry
from qlint.registry import run_corpus_rules, run_rules
from qlint.runner import Run, RunResult, display_path, finalize
from qlint.suppress import find_suppressions
from qlint.writer import inside, write_atomic


@dataclass
class FixReport:
    result: RunResult  # diagnostics after fixing (what remains)
    fixed: int = 0  # problems fixed
    changed: list[str] = field(default_factory=list)  # display paths of files changed
    diffs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # fixes dropped, loops, refused writes


def fix(run: Run, paths: list[Path], unsafe: bool, write: bool) -> FixReport:
    result = run.lint(paths)
    allowed = {Applicability.SAFE, Applicability.UNSAFE} if unsafe else {Applicability.SAFE}
    fixable = sorted({d.path for d in result.diagnostics if d.fix is not None and d.fix.applicability in allowed})
    report = FixReport(result)
    if not fixable:
        return report
    cwd = Path.cwd().absolute()
    by_display = {display_path(p, cwd): p for p in run.results}
    cross = any(c.rule.cross_record for c in run.contexts)
    index = run.corpus_index() if cross else None

    def lint(doc: Document) -> list[Diagnostic]:
        found = list(run_rules(doc, run.contexts))
        entry = build_entry(doc) if cross else None
        if entry is not None:
            found.extend(run_corpus_rules(index, [entry], run.contexts))
        return finalize(found, find_suppressions(doc), doc.display_path, str(doc.path), run.contexts, run.config)

    remaining = [d for d in result.diagnostics if d.path not in fixable]
    for shown in fixable:
        path = Path(by_display[shown])
        doc = read_document(path, shown)
        outcome = fix_document(doc, lint, unsafe)
        remaining.extend(outcome.remaining)
        for diagnostic, why in outcome.rejected:
            report.notes.append(f"{shown}: fix of {diagnostic.code} [{diagnostic.name}] not applied: {why}")
        if outcome.looped:
            report.notes.append(f"{shown}: fixes kept undoing each other; stopped after {len(outcome.fixed)}")
        if outcome.text == doc.text:
            continue
        if not inside(path, run.config.root):
            report.notes.append(f"{shown}: not written: the file is outside the content root {run.config.root}")
            remaining.extend(outcome.fixed)
            continue
        report.fixed += len(outcome.fixed)
        report.changed.append(shown)
        if write:
            write_atomic(path, outcome.text, doc.bom)
        else:
            report.diffs.append(_diff(shown, doc.text, outcome.text))
    remaining.sort(key=Diagnostic.sort_key)
    result.diagnostics = remaining
    return report


def _diff(shown: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{shown}", f"b/{shown}"
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)
