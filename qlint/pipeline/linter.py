"""The one lint pipeline, used by `qlint check`, `qlint fix`, the Python API and the server.

A check goes: the files to report on (discovery) -> every file's result, from the cache
or from the per-file workers (record rules, summary for the corpus index) -> the corpus
index -> the cross-record rules for the reported records -> the decision layer
(suppressions, per-file ignores) -> a Report. One record given as a Document goes through
the same stages in `lint_document`. Each file is parsed once, by one worker, and only a
small index entry and its findings outlive the parse: memory stays flat however large the
corpus. Results are sorted, so a parallel run reports exactly what a serial run reports.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from qlint.diagnostics import Diagnostic, Tally
from qlint.discovery.changed import GitError, OldUrls, changed_targets
from qlint.errors import UsageError
from qlint.discovery.stamps import stamp_of
from qlint.discovery.walk import Stats, discover_files, display_path
from qlint.pipeline.cache import Cache
from qlint.pipeline.decisions import Decider
from qlint.pipeline.index import CorpusIndex, Entry
from qlint.pipeline.pool import Workers
from qlint.pipeline.registry import Context, run_checks, run_corpus_rules
from qlint.pipeline.reports import ReportKey, SavedReport
from qlint.pipeline.results import DAMAGED, ChunkLinter, Collection, FileResult, Progress, collect
from qlint.pipeline.summary import RecordDetail
from qlint.pipeline.worker import FileLinter, Findings
from qlint.record.config import Config
from qlint.record.document import Document
from qlint.record.suppressions import find_suppressions


@dataclass
class Report:
    """What a check found."""

    files: int = 0  # files reported on
    parsed: int = 0  # files read and parsed (the rest came from the cache)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # sorted by path, line, column
    internal_errors: list[str] = field(default_factory=list)  # rule bugs, one line each
    key: ReportKey | None = None  # under which this report is saved in the cache

    @property
    def count(self) -> int:
        return len(self.diagnostics)

    @property
    def tally(self) -> Tally:
        """The counts the CLI's summary gives."""
        return Tally.of(self.diagnostics, self.files)


@dataclass
class Targets:
    """What a check reports on, and what it knows of the files before reading them."""

    paths: list[str]  # the files to report on, sorted absolute paths
    stats: Stats  # path -> its stamp as the walk found it (None: not taken)
    stat_taken: bool  # False when the walk only listed the files (nothing cached to compare)
    changed_since: str | None = None
    old_urls: OldUrls | None = None  # with changed_since: urls changed or deleted records had
    corpus: list[str] = field(default_factory=list)  # every file to read: the targets and the content root
    whole_root: bool = False  # the targets are every file of the content root


class Linter:
    def __init__(
        self,
        config: Config,
        contexts: list[Context],
        cache: Cache | None = None,
        jobs: int = 1,
        progress: Progress | None = None,
    ) -> None:
        self.config, self.contexts, self.cache, self.jobs, self.progress = config, contexts, cache, jobs, progress
        self.workers = Workers(jobs)  # started by the first pass over enough files; close() stops them
        self.file_linter = FileLinter(contexts, config.site, config.max_file_size)
        self.decider = Decider(config, contexts)
        self.cross = any(c.rule.cross_record for c in contexts)
        self.results: dict[str, FileResult] = {}  # every file the last check read
        self.index = CorpusIndex(details=self._detail)  # the records the last check read
        self.reported: list[str] = []  # the files the last check reported on
        self.linking: list[str] = []  # of those, the ones taken only for linking to a changed record
        self._cwd = Path.cwd().absolute()  # paths are shown relative to it
        self._shown: dict[str, str] | None = None  # the reported files by the path diagnostics show
        self._keyed: tuple[Targets, ReportKey] | None = None  # the last targets asked for, and their report key

    # ----- which files -----------------------------------------------------------------------
    def targets(self, paths: list[Path], changed_since: str | None = None) -> Targets:
        """The files a check of `paths` (or of the files changed since a git revision)
        reports on, and the corpus it reads for the cross-record rules."""
        # With nothing cached for these rules, nothing can be reused: the walk only lists
        # the files, and the workers' own stats (taken as they read) key the saved report.
        stat = self.cache is not None and self.cache.has_rows()
        stats: Stats = {}
        if changed_since is not None:
            reported, old_urls = changed_targets(changed_since, self.config)
            stats.update((path, stamp_of(path)) for path in reported)
            targets = Targets(reported, stats, True, changed_since, old_urls)
        else:
            targets = Targets(discover_files(paths, self.config, stats, stat), stats, stat)
        # Cross-record rules resolve links against the whole configured root, even when
        # only a few files are reported on (pre-commit, pull requests).
        targets.corpus = targets.paths
        root = self.config.root.absolute()
        walked = changed_since is None and all(p.absolute() == root for p in paths)  # the targets are the root
        targets.whole_root = walked
        if self.cross and self.config.source is not None and root.is_dir() and not walked:
            targets.corpus = sorted(set(targets.paths).union(discover_files([root], self.config, stats, stat)))
        return targets

    def report_key(self, targets: Targets) -> ReportKey | None:
        """Under which the report of `targets` is saved, when it can be reused at all."""
        if self.cache is None or targets.changed_since is not None or not targets.stat_taken:
            return None
        # Asked before a check (is its rendering saved?) and by the check: the stamps of
        # 100k files are hashed once.
        if self._keyed is None or self._keyed[0] is not targets:
            self._keyed = (targets, ReportKey.of(self.cache.key, targets.paths, targets.stats, self._cwd))
        return self._keyed[1]

    # ----- a check ---------------------------------------------------------------------------
    def check(self, targets: Targets, reuse: bool = True, save: bool | None = None, lint: ChunkLinter | None = None) -> Report:
        """Check `targets`. With `reuse`, a saved report of the very same files is read back
        (fixing needs every file's own result, and does not reuse); with `save` (by default
        as `reuse`), the report is saved for the next run. `lint` lints the files the cache
        does not answer for (by default the workers lint them)."""
        save = reuse if save is None else save
        key = self.report_key(targets) if reuse or save else None
        if reuse and key is not None and (saved := self._saved(key)) is not None:
            self.reported, self._shown = targets.paths, None  # (a report is saved only when these are what it reports on)
            return saved
        collection = collect(
            targets.corpus, targets.stats, set(targets.paths), self.file_linter, self.cache, self.workers,
            self._detail, self.progress, lint,
        )  # fmt: skip
        self.results, self.index = collection.results, collection.index
        if save and key is None and self.cache is not None and targets.changed_since is None:
            # The walk took no stats: the workers' own key the report saved for next time.
            stats = {path: self.results[path].stamp for path in targets.stats}
            key = ReportKey.of(self.cache.key, targets.paths, stats, self._cwd)
        self.reported, self._shown = self._reported(targets), None
        report, saved_rows = self._report(collection)
        if key is not None and self.cache is not None and not report.internal_errors:
            report.key = key
            self.cache.save_report(*key, SavedReport(report.files, saved_rows).to_wire())
        return report

    def _saved(self, key: ReportKey) -> Report | None:
        blob = self.cache.report(*key) if self.cache is not None else None
        if blob is None:
            return None
        try:
            files, diagnostics = SavedReport.diagnostics_of(blob)
        except DAMAGED:
            return None  # checked again
        return Report(files=files, diagnostics=diagnostics, key=key)

    def _reported(self, targets: Targets) -> list[str]:
        """The files to report on: the targets, and with changed_since, the records whose
        links point at a changed record's old or new url."""
        self.linking = []
        if not (self.cross and targets.changed_since is not None):
            if targets.old_urls is not None:
                targets.old_urls.close()  # (no cross-record rule asks which records link to them)
            return targets.paths
        try:
            touched = set(targets.old_urls.get()) if targets.old_urls is not None else set()
        except GitError as exc:
            raise UsageError(f"--changed-since {targets.changed_since}: {exc}") from None
        touched.update(entry.url for path in targets.paths if (entry := self.results[path].entry) is not None)
        linking = {entry.path for entry in self.index.linking_to(touched)}
        self.linking = sorted(linking.difference(targets.paths))
        return sorted(linking.union(targets.paths))

    def _report(self, collection: Collection) -> tuple[Report, list[tuple[str, bytes]]]:
        """The report, and each reported file's diagnostics in wire form for saving it."""
        cwd = self._cwd
        report = Report(files=len(self.reported), parsed=collection.parsed)
        entries = [result.entry for path in self.reported if (result := self.results[path]).entry is not None]
        cross_found = self.cross_findings(entries)
        saved_rows: list[tuple[str, bytes]] = []
        shown_in_order, last_shown = True, ""
        for path in self.reported:
            result, display = self.results[path], display_path(path, cwd)
            shown_in_order, last_shown = shown_in_order and display > last_shown, display
            found = self.reported_findings(path, cross_found.get(path, []))
            if found is result.findings(display).diagnostics and found:
                saved_rows.append((display, result.findings_wire))  # most files: saved as the worker made them
            elif found:
                saved_rows.append((display, Findings(found, []).to_wire()))
            report.diagnostics.extend(found)
            if result.error:
                report.internal_errors.append(result.error)
        if not shown_in_order:  # some paths shown absolute, some relative: sort across files too
            report.diagnostics.sort(key=Diagnostic.sort_key)
            saved_rows = [(shown, Findings(list(of_file), []).to_wire()) for shown, of_file in groupby(report.diagnostics, key=_path_of)]
        return report, saved_rows

    def locate(self, diagnostic: Diagnostic) -> tuple[str, int | None]:
        """(the absolute path, the record's id) of the file a diagnostic of the last check is in."""
        if self._shown is None:
            self._shown = {display_path(path, self._cwd): path for path in self.reported}
        path = self._shown.get(diagnostic.path, diagnostic.path)
        result = self.results.get(path)
        entry = result.entry if result is not None else None
        ident = entry.id if entry is not None and type(entry.id) is int else None
        return path, ident

    def reported_findings(self, path: str, cross_found: list[Diagnostic] | None) -> list[Diagnostic]:
        """What the last check reports for the file at `path`, given its cross-record
        findings (None: the cross-record rules did not run): its record findings with them,
        after the decision layer, in report order."""
        display = display_path(path, self._cwd)
        return self.decided(self.results[path].findings(display), display, path, cross_found)

    def decided(self, findings: Findings, display: str, path: str, cross_found: list[Diagnostic] | None) -> list[Diagnostic]:
        """What is reported of a file's record `findings` and `cross_found` (see
        reported_findings), in report order."""
        if not (cross_found or self.decider.needed(findings.suppressions)):
            return findings.diagnostics  # most files: as the worker sorted them
        cross_ran = cross_found is not None
        found = self.decider.reported(findings.diagnostics + (cross_found or []), findings.suppressions, display, path, cross_ran)
        return sorted(found, key=Diagnostic.sort_key) if len(found) > 1 else found

    def cross_findings(self, entries: list[Entry], index: CorpusIndex | None = None) -> dict[str, list[Diagnostic]]:
        """The cross-record rules' findings for `entries`, resolved against `index` (the last
        check's by default), by path, with their source lines."""
        index = index if index is not None else self.index
        found: dict[str, list[Diagnostic]] = defaultdict(list)
        if not self.cross:
            return found
        by_display = {entry.display_path: entry for entry in entries}
        for diagnostic in run_corpus_rules(index, entries, self.contexts):
            entry = by_display.get(diagnostic.path)
            if entry is not None:  # (rules report on `entries` only)
                found[entry.path].append(index.with_source_line(diagnostic, entry))
        return found

    def corpus(self) -> CorpusIndex:
        """The index of every record under the content root: the last check's when it read
        them all, else read now (from the cache where it can)."""
        root = self.config.root.absolute()
        if self.config.source is None or not root.is_dir():
            return self.index  # no corpus configured: links resolve against what was checked
        targets = self.targets([root])
        if set(targets.corpus) - self.results.keys():
            collection = collect(targets.corpus, targets.stats, set(), self.file_linter, self.cache, self.workers, self._detail)
            self.results, self.index = collection.results, collection.index
        return self.index

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        self.workers.close()

    # ----- one record ------------------------------------------------------------------------
    def record_findings(self, doc: Document) -> list[Diagnostic]:
        """What the record rules find in `doc`, before any decision."""
        return list(run_checks(doc, self.file_linter.checks))

    def lint_document(
        self, doc: Document, index: CorpusIndex | None = None, found: list[Diagnostic] | None = None
    ) -> list[Diagnostic]:
        """One record's reported diagnostics, through every stage: record rules (`found`:
        their diagnostics, when known already), and with an `index` the cross-record rules
        against it (with the record as `doc` has it in place of the file's version, for this
        call only), then the decision layer."""
        found = self.record_findings(doc) if found is None else list(found)
        cross_ran = index is not None or not self.cross
        if index is not None and self.cross and (entry := Entry.of_document(doc)) is not None:
            path, previous = entry.path, index.entries.get(entry.path)
            index.add(entry)
            try:
                found.extend(self.cross_findings([entry], index).get(path, []))
            finally:
                if previous is not None:
                    index.add(previous)
                else:
                    index.remove(path)
        found = self.decider.reported(found, find_suppressions(doc), doc.display_path, str(doc.path), cross_ran)
        return sorted(found, key=Diagnostic.sort_key)

    def _detail(self, path: str) -> RecordDetail | None:
        """The detail of a record the index holds no detail for: from the cache, or, where
        the cache lost it, from linting the file again, if it is still what was linted."""
        blob = self.cache.detail(path) if self.cache is not None else None
        if blob is not None:
            try:
                return RecordDetail.from_wire(blob)
            except DAMAGED:
                pass
        result = self.results.get(path)
        outcome = self.file_linter.lint(Path(path), self._cwd)
        if result is None or outcome.digest != result.digest or outcome.detail is None:
            return None  # changed since: its old offsets would point at the wrong text
        return RecordDetail.from_wire(outcome.detail)


def _path_of(diagnostic: Diagnostic) -> str:
    return diagnostic.path
