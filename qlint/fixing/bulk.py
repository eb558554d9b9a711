"""Fixing files: `qlint fix`, `check --fix` and `--diff`.

A check first (the one pipeline, without reusing a saved report: fixing needs every file's
own result). Then two rounds over the files with fixes, in the check's worker processes
when there are many; each file is read, fixed, verified, written and forgotten before the
next, so memory does not grow with the number of files fixed. A worker gets what the
pipeline found in its file (record and cross-record findings alike), applies the fixes and
lints the result with the record rules; the cross-record rules, which need the whole
corpus, run here, on what it sends back.

1. Each record's own fixes (record rules). When fixing writes files, a file the check
   lints (one the cache does not answer for) has them applied right there, by the worker
   that just parsed it, rather than read and parsed again afterwards. (Not with `--diff`,
   whose check also fills the cache for the next run, nor with `--changed-since`, whose
   check can still fail after linting: nothing is written before the check is done.) The
   record as fixed then stands in the corpus index in place of the old one: a link takes
   its target's repaired title, not the damaged one (which a later run would undo).
2. The links, against the corpus as it now is (cross-record rules), with every other fix,
   for the records that have one to apply.

A file is written atomically, only if it is still what was read, never through a
symbolic link, never when read-only, never outside the content root. Every other file is
left alone, byte for byte.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, NamedTuple

from qlint.diagnostics import Applicability, Diagnostic
from qlint.discovery.stamps import digest
from qlint.discovery.walk import display_path
from qlint.fixing.atomic import Write, encoded, inside, remove_stale_temporaries, write_all
from qlint.fixing.loop import FixOutcome, fix_document
from qlint.pipeline.linter import Linter, Report, Targets
from qlint.pipeline.registry import Context
from qlint.pipeline.results import FileResult, entry_of
from qlint.pipeline.worker import FileOutcome, FileRead, Findings
from qlint.printable import printable
from qlint.record.config import Config
from qlint.record.document import Document
from qlint.record.lazy import lazy
from qlint.record.parse import parse_text


@dataclass
class FixReport:
    result: Report  # what remains after fixing, every rule's findings
    fixed: int = 0  # problems fixed
    changed: list[str] = field(default_factory=list)  # display paths of the files changed
    diffs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # fixes dropped, loops
    refused: list[str] = field(default_factory=list)  # files not written, and why
    by_file: dict[str, Counter] | None = None  # with show_fixes: path -> (code, name) -> how many fixed


class Job(NamedTuple):
    """One file to fix (plain values: it goes to a worker)."""

    path: str
    digest: bytes  # of the text `found` was found in
    found: list[tuple]  # what was found in it, in wire form: the fix loop's first lint
    text: str | None = None  # with --diff: the text as fixed so far (None: the file's)
    bom: bool = False  # (with `text`) the file starts with a BOM


class FileFix(NamedTuple):
    """What fixing one file gave (plain values: it comes back from a worker)."""

    path: str
    fixed: list[tuple]  # the diagnostics whose fixes were applied, in wire form
    notes: list[str]
    refused: str | None  # why the fixed text was not written, if it was not
    original: str  # the text as read
    text: str | None  # the fixed text, when it differs
    bom: bool
    outcome: FileOutcome | None  # the record as fixed, as a check finds it (None: unchanged, or not written)


@dataclass(frozen=True)
class FileFixer:
    """What fixing files needs; it goes with each chunk of them to a worker process. No
    cache and no index: a worker reads nothing but the files it fixes."""

    config: Config
    contexts: list[Context]
    unsafe: bool
    write: bool

    @lazy
    def linter(self) -> Linter:
        return Linter(self.config, self.contexts)

    @lazy
    def root(self) -> Path:
        """The content root, its links resolved (no fix is written outside it)."""
        return self.config.root.resolve()

    def fix(self, jobs: list[Job]) -> list[FileFix]:
        """Fix each file; write the changed ones together (see fixing/atomic.py)."""
        fixes = []
        for job in jobs:
            shown = display_path(job.path, Path.cwd())
            read = self._read(job, shown)
            found = [Diagnostic.from_wire(row, shown) for row in job.found] if read.digest == job.digest else None
            fixes.append(self._fixed(job.path, shown, read, found))
            read.doc.release()
        return self._written(fixes)

    def lint_and_fix(self, files: list[tuple[str, bool]]) -> list[tuple[FileOutcome, FileFix | None]]:
        """Lint each file (path, whether to fix it) as a check does, and fix the record's own
        problems in those to be fixed, on the text just parsed: the check's outcome of each
        file (of the record as fixed, where it was), and what fixing it gave."""
        cwd = Path.cwd()
        file_linter = self.linter.file_linter
        cross = {c.rule.code for c in self.contexts if c.rule.cross_record}
        allowed = _allowed(self.unsafe)
        done: list[tuple[FileOutcome, FileFix | None]] = []
        for path, to_fix in files:
            shown = display_path(path, cwd)
            read = file_linter.read(Path(path), shown)
            outcome, fix = file_linter.outcome(read), None
            if to_fix and outcome.error is None:
                found = self.linter.decided(Findings.from_wire(outcome.findings, shown), shown, path, None)
                if any(_applies(d, allowed) and d.code not in cross for d in found):
                    fix = self._fixed(path, shown, read, found)
            read.doc.release()
            done.append((outcome, fix))
        fixes = iter(self._written([fix for _, fix in done if fix is not None]))
        done = [(outcome, next(fixes)) if fix is not None else (outcome, None) for outcome, fix in done]
        return [(fix.outcome if fix is not None and fix.outcome is not None else outcome, fix) for outcome, fix in done]

    def _written(self, fixes: list[FileFix]) -> list[FileFix]:
        """`fixes`, their changed files written together (see fixing/atomic.py) when fixing
        writes; a file not written is said so, and its record as fixed dropped."""
        writes = [n for n, fix in enumerate(fixes) if fix.text is not None and fix.refused is None]
        if not (self.write and writes):
            return fixes
        done = write_all([Write(Path(fixes[n].path), fixes[n].text, fixes[n].bom, fixes[n].original) for n in writes])
        for n, refused in zip(writes, done):
            if refused is not None:
                fixes[n] = fixes[n]._replace(refused=refused, outcome=None)
        return fixes

    def _fixed(self, path: str, shown: str, read: FileRead, found: list[Diagnostic] | None) -> FileFix:
        """Fix the record of `read` (`found`: what the pipeline found in it, when that is
        known); the fixed text is not written yet."""
        last: list = []  # the last document linted, and what the record rules found in it

        def lint(doc: Document) -> list[Diagnostic]:
            last[:] = [doc, self.linter.record_findings(doc)]
            return self.linter.lint_document(doc, None, last[1])  # (the cross-record rules run in the parent)

        outcome = fix_document(read.doc, lint, self.unsafe, found)
        try:
            fix = self._made(path, shown, read.doc, outcome)
            if fix.text is None or fix.refused is not None:
                return fix
            fixed = outcome.document
            findings = last[1] if last and last[0] is fixed else None
            # No stamp: the file is written after this (or never), so it is nothing to be cached by.
            fixed_read = FileRead(fixed, None, digest(encoded(fixed.text, fixed.bom)))
            return fix._replace(outcome=self.linter.file_linter.outcome(fixed_read, findings))
        finally:
            if outcome.document is not read.doc:
                outcome.document.release()

    def _read(self, job: Job, shown: str) -> FileRead:
        if job.text is None:
            return self.linter.file_linter.read(Path(job.path), shown)
        doc = parse_text(job.text, Path(job.path), shown, job.bom, self.config.site)
        return FileRead(doc, None, digest(encoded(job.text, job.bom)))

    def _made(self, path: str, shown: str, doc: Document, outcome: FixOutcome) -> FileFix:
        notes = [f"{shown}: fix of {d.code} [{d.name}] not applied: {why}" for d, why in outcome.rejected]
        if outcome.looped:
            notes.append(f"{shown}: fixes kept undoing each other; stopped after {len(outcome.fixed)}")
        changed = outcome.text != doc.text
        refused = None
        if changed and not inside(Path(path), self.root):
            refused = f"it is outside the content root {self.config.root}"
        fixed = [d.to_wire() for d in outcome.fixed] if changed else []
        return FileFix(path, fixed, notes, refused, doc.text, outcome.text if changed else None, doc.bom, None)


def fix_files(linter: Linter, targets: Targets, unsafe: bool, write: bool, show_fixes: bool = False) -> FixReport:
    """Fix `targets` (`unsafe`: the unsafe fixes too); write the files, or only their diffs.
    With `show_fixes`, the report says which problems each file had fixed."""
    linter.workers.start(len(targets.corpus))  # (while this process is small: see pipeline/pool.py)
    if write:
        remove_stale_temporaries({str(Path(path).parent) for path in targets.paths})
    return BulkFix(linter, targets, unsafe, write, show_fixes).run()


class BulkFix:
    """One bulk fix: the check and the two rounds (see the module's docstring), and what the
    fixes gave as they come back from the workers."""

    def __init__(self, linter: Linter, targets: Targets, unsafe: bool, write: bool, show_fixes: bool) -> None:
        self.linter, self.targets, self.write = linter, targets, write
        self.fixer = FileFixer(linter.config, linter.contexts, unsafe, write)
        self.allowed = _allowed(unsafe)
        self.texts: dict[str, tuple[str, str, bool]] = {}  # with --diff: path -> (original, as fixed so far, BOM)
        self.changed: set[str] = set()
        self.fixed_as_checked: set[str] = set()  # files whose own fixes were tried as the check linted them
        self.by_file: dict[str, Counter] | None = {} if show_fixes else None
        self.fixed, self.notes, self.refused = 0, [], []
        # Said in an earlier round: a fix refused in round one is tried again in round two.
        self._said: set[str] = set()

    def run(self) -> FixReport:
        fuse = self.write and self.targets.changed_since is None  # (see the module's docstring)
        result = self.linter.check(self.targets, reuse=False, lint=self._lint_and_fix if fuse else None)
        result.diagnostics = []  # gathered again as the fixes leave them (not held meanwhile)
        if self.write:  # the folders of the records reported besides the targets (linking ones)
            swept = {str(Path(path).parent) for path in self.targets.paths}
            remove_stale_temporaries({str(Path(path).parent) for path in self.linter.reported} - swept)
        # 1. Each record's own fixes, in the files the cache answered for (the others had
        # them as they were checked): the links wait for the records they point at.
        self._fix_round(self._own_fix_jobs())
        # 2. The links against the corpus as it now is, and every fix left.
        jobs, remaining = self._link_jobs()
        self._fix_round(jobs)
        return self._report(result, remaining + self._left_in(jobs))

    def _lint_and_fix(self, paths: list[str]) -> Iterator[list[FileOutcome]]:
        """The check's linting, with the records' own fixes done on the way."""
        to_fix = set(self.targets.paths)
        files = [(path, path in to_fix) for path in paths]
        self.fixed_as_checked.update(path for path, fix in files if fix)
        for chunk in self.linter.workers.run(FileFixer.lint_and_fix, self.fixer, files):
            for _, fix in chunk:
                if fix is not None:
                    self._take(fix)
            yield [outcome for outcome, _ in chunk]

    def _fix_round(self, jobs: list[Job]) -> None:
        """Fix the files of `jobs`; each record as fixed replaces the old one."""
        self._said = {*self.notes, *self.refused}
        for chunk in self.linter.workers.run(FileFixer.fix, self.fixer, jobs):
            for fix in chunk:
                self._take(fix)
                if fix.outcome is not None:
                    _replace_record(self.linter, fix.outcome)

    def _take(self, fix: FileFix) -> None:
        """What fixing a file gave, into the report."""
        shown = display_path(fix.path, Path.cwd())
        self.notes.extend(note for note in fix.notes if note not in self._said)
        if fix.refused is not None and (refused := f"{shown}: not written: {fix.refused}") not in self._said:
            self.refused.append(refused)
        elif fix.text is not None:
            self.fixed += len(fix.fixed)
            self.changed.add(fix.path)
            if self.by_file is not None:
                codes = self.by_file.setdefault(fix.path, Counter())
                codes.update(Diagnostic.from_wire(row, shown).code for row in fix.fixed)
            if not self.write:
                self.texts[fix.path] = (self.texts.get(fix.path, (fix.original,))[0], fix.text, fix.bom)

    def _own_fix_jobs(self) -> list[Job]:
        """Round one's files: those with a record rule's fix to apply, not fixed yet."""
        linter = self.linter
        cross = {c.rule.code for c in linter.contexts if c.rule.cross_record}
        jobs = []
        for path in linter.reported:
            if path in self.fixed_as_checked:
                continue
            found = linter.reported_findings(path, None)
            if any(_applies(d, self.allowed) and d.code not in cross for d in found):
                jobs.append(_job(linter, path, found, self.texts))
        return jobs

    def _link_jobs(self) -> tuple[list[Job], list[Diagnostic]]:
        """Round two's files (any fix to apply, against the corpus as fixed), and what
        remains in the others."""
        linter = self.linter
        entries = [entry for path in linter.reported if (entry := linter.index.entries.get(path)) is not None]
        cross_found = linter.cross_findings(entries)
        jobs, remaining = [], []
        for path in linter.reported:
            found = linter.reported_findings(path, cross_found.get(path, []))
            if any(_applies(d, self.allowed) for d in found):
                jobs.append(_job(linter, path, found, self.texts))
                linter.results[path].forget_findings()
            else:
                remaining.extend(found)
        return jobs, remaining

    def _left_in(self, jobs: list[Job]) -> list[Diagnostic]:
        """What remains in the files of `jobs`, fixed just now: every rule's findings."""
        linter = self.linter
        again = [entry for job in jobs if (entry := linter.index.entries.get(job.path)) is not None]
        cross_found = linter.cross_findings(again)
        return [d for job in jobs for d in linter.reported_findings(job.path, cross_found.get(job.path, []))]

    def _report(self, result: Report, remaining: list[Diagnostic]) -> FixReport:
        cwd = Path.cwd()
        result.diagnostics = sorted(remaining, key=Diagnostic.sort_key)
        report = FixReport(result, self.fixed, notes=self.notes, refused=self.refused)
        report.changed = [display_path(path, cwd) for path in sorted(self.changed)]
        if self.by_file is not None:
            report.by_file = {display_path(path, cwd): self.by_file[path] for path in sorted(self.by_file)}
        report.diffs = [_diff(display_path(path, cwd), *self.texts[path][:2]) for path in sorted(self.texts)]
        return report


def _job(linter: Linter, path: str, found: list[Diagnostic], texts: dict[str, tuple[str, str, bool]]) -> Job:
    """A job for the file at `path` as the pipeline last found it (`found`)."""
    if path in texts:  # --diff: fixed in memory in round one
        _, text, bom = texts[path]
        return Job(path, digest(encoded(text, bom)), [d.to_wire() for d in found], text, bom)
    return Job(path, linter.results[path].digest, [d.to_wire() for d in found])


def _allowed(unsafe: bool) -> set[Applicability]:
    return {Applicability.SAFE, Applicability.UNSAFE} if unsafe else {Applicability.SAFE}


def _applies(d: Diagnostic, allowed: set[Applicability]) -> bool:
    return d.fix is not None and d.fix.applicability in allowed


def _replace_record(linter: Linter, outcome: FileOutcome) -> None:
    """The record as round one fixed it, in place of the one the check read."""
    entry = entry_of(outcome, keep_detail=True)
    linter.results[outcome.path] = FileResult(outcome, entry)
    if entry is None:
        linter.index.remove(outcome.path)
    else:
        linter.index.add(entry)


# A line of a file as git and the parser count them: ended by LF, CRLF or CR only (not by
# the form feeds, U+0085 or U+2028 that str.splitlines also breaks at).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _diff(shown: str, before: str, after: str) -> str:
    """The unified diff of a file; its name made printable in the headers (a line break
    in a name would end a header and start a line of the diff)."""
    shown = printable(shown)
    lines = difflib.unified_diff(_LINE.findall(before), _LINE.findall(after), f"a/{shown}", f"b/{shown}")
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)
