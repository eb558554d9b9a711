"""`qlint fix` / `check --fix` / `--diff`: lint, then fix the files that have fixes.

Only files with at least one applicable fix are read again and rewritten; every other file
is left alone, byte for byte. Files are written atomically and never outside the root.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from qlint.diagnostics import Applicability, Diagnostic
from qlint.record.document import Document, read_document
from qlint.fixing.loop import fix_document, parse_text
from qlint.pipeline.index import build_entry
from qlint.pipeline.registry import run_corpus_rules, run_rules
from qlint.pipeline.runner import Run, RunResult, display_path, finalize
from qlint.record.suppressions import find_suppressions
from qlint.fixing.atomic import inside, write_atomic


@dataclass
class FixReport:
    result: RunResult  # diagnostics after fixing (what remains)
    fixed: int = 0  # problems fixed
    changed: list[str] = field(default_factory=list)  # display paths of files changed
    diffs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # fixes dropped, loops, refused writes


def fix(run: Run, paths: list[Path], unsafe: bool, write: bool) -> FixReport:
    """Fix in two rounds: first what each record can fix on its own, then, against an index
    rebuilt from those results, the links between records. A link then takes its target's
    repaired title, not the damaged one (which a later round would undo: a loop)."""
    run.reuse_report = False  # fixing needs every file's own result
    result = run.lint(paths)
    allowed = {Applicability.SAFE, Applicability.UNSAFE} if unsafe else {Applicability.SAFE}
    report = FixReport(result)
    cwd = Path.cwd().absolute()
    by_display = {display_path(p, cwd): p for p in run.results}
    cross = any(c.rule.cross_record for c in run.contexts)
    texts: dict[str, tuple[Document, str]] = {}  # display path -> (as read, as fixed so far)
    fixed_by: dict[str, list[Diagnostic]] = {}
    last: dict[str, list[Diagnostic]] = {}  # the latest diagnostics of each file fixed

    def fixable(diagnostics: list[Diagnostic], round_two: bool) -> list[str]:
        return sorted(
            {
                d.path for d in diagnostics
                if d.fix is not None and d.fix.applicability in allowed and (round_two or not _is_cross(run, d))
            }
        )  # fmt: skip

    def lint_with(index) -> Callable[[Document], list[Diagnostic]]:
        def lint(doc: Document) -> list[Diagnostic]:
            found = list(run_rules(doc, run.contexts))
            entry = build_entry(doc) if index is not None else None
            if entry is not None:
                found.extend(run_corpus_rules(index, [entry], run.contexts))
            found = finalize(found, find_suppressions(doc), doc.display_path, str(doc.path), run.contexts, run.config)
            return found if index is not None else [d for d in found if not _is_cross(run, d)]

        return lint

    def fix_round(shown_paths: list[str], lint) -> None:
        for shown in shown_paths:
            path = Path(by_display[shown])
            original, current = texts.get(shown) or (read_document(path, shown), None)
            doc = parse_text(path, shown, current, original.bom) if current is not None else original
            outcome = fix_document(doc, lint, unsafe)
            last[shown] = outcome.remaining
            for diagnostic, why in outcome.rejected:
                report.notes.append(f"{shown}: fix of {diagnostic.code} [{diagnostic.name}] not applied: {why}")
            if outcome.looped:
                report.notes.append(f"{shown}: fixes kept undoing each other; stopped after {len(outcome.fixed)}")
            if outcome.text != doc.text:
                texts[shown] = (original, outcome.text)
                fixed_by.setdefault(shown, []).extend(outcome.fixed)
                if shown in by_display and by_display[shown] in run.results:
                    run.results[by_display[shown]].entry = build_entry(
                        parse_text(path, shown, outcome.text, original.bom)
                    )

    fix_round(fixable(result.diagnostics, False), lint_with(None))
    if cross:
        run._index = None  # rebuilt from the records as fixed so far
        index = run.corpus_index()
        linted = [run.results[p].entry for p in sorted(run.targets)]
        cross_found = list(run_corpus_rules(index, [e for e in linted if e is not None], run.contexts))
        fix_round(fixable(cross_found, True), lint_with(index))

    remaining = [d for d in result.diagnostics if d.path not in last]
    for shown in sorted(last):
        remaining.extend(last[shown])
    for shown, (original, text) in sorted(texts.items()):
        path = Path(by_display[shown])
        if not inside(path, run.config.root):
            report.notes.append(f"{shown}: not written: the file is outside the content root {run.config.root}")
            remaining.extend(fixed_by.get(shown, ()))
            continue
        report.fixed += len(fixed_by.get(shown, ()))
        report.changed.append(shown)
        if write:
            write_atomic(path, text, original.bom)
        else:
            report.diffs.append(_diff(shown, original.text, text))
    remaining.sort(key=Diagnostic.sort_key)
    result.diagnostics = remaining
    return report


def _is_cross(run: Run, diagnostic: Diagnostic) -> bool:
    return any(c.rule.code == diagnostic.code and c.rule.cross_record for c in run.contexts)


def _diff(shown: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{shown}", f"b/{shown}"
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)
