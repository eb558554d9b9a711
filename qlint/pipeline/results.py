"""Every file's result in the parent process: from the cache where the file is unchanged,
from the workers where it is not, with the corpus index built from them as they come in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Protocol

from qlint.discovery.stamps import digest
from qlint.discovery.walk import Stats, display_path
from qlint.pipeline.cache import Cache
from qlint.pipeline.index import CorpusIndex, DetailSource, Entry
from qlint.pipeline.pool import Workers, lint_files
from qlint.pipeline.worker import NO_FINDINGS, FileLinter, FileOutcome, Findings

DAMAGED = (ValueError, TypeError, KeyError, IndexError, EOFError)  # what decoding a damaged blob raises

# Lints files (paths in order) a chunk at a time: the outcomes of each chunk in order.
ChunkLinter = Callable[[list[str]], Iterator[list[FileOutcome]]]


class Progress(Protocol):
    def start(self, total: int, done: int) -> None:
        """The files are counted: `done` of `total` came from the cache."""

    def advance(self, count: int) -> None:
        """`count` more files are done."""


class FileResult:
    """One file's outcome in the parent: its stamp and digest, its findings (decoded when the file is
    reported on) and its index entry."""

    __slots__ = ("path", "stamp", "digest", "findings_wire", "entry", "error", "_findings")

    def __init__(self, outcome: FileOutcome, entry: Entry | None) -> None:
        self.path, self.stamp, self.digest = outcome.path, outcome.stamp, outcome.digest
        # Most files have no findings: one shared object instead of 100k equal ones.
        self.findings_wire = NO_FINDINGS if outcome.findings == NO_FINDINGS else outcome.findings
        self.entry, self.error = entry, outcome.error
        self._findings: Findings | None = None

    def findings(self, display: str) -> Findings:
        """The findings, shown at `display` (the same in a whole run); ValueError (or
        TypeError...) when the blob is damaged."""
        if self._findings is None:
            self._findings = Findings.from_wire(self.findings_wire, display)
        return self._findings

    def forget_findings(self) -> None:
        """Drop the decoded findings (decoded again if asked for)."""
        self._findings = None


@dataclass
class Collection:
    """Every file's result, and the corpus index of the records among them."""

    results: dict[str, FileResult] = field(default_factory=dict)
    index: CorpusIndex = field(default_factory=CorpusIndex)
    parsed: int = 0  # files read and parsed (the rest came from the cache)


def collect(
    paths: list[str],
    stats: Stats,
    reported: set[str],
    linter: FileLinter,
    cache: Cache | None,
    workers: Workers,
    details: DetailSource,
    progress: Progress | None = None,
    lint: ChunkLinter | None = None,
) -> Collection:
    """The results of `paths` (sorted, each once), from the cache where a file is unchanged
    (its stamp as in `stats`, which has an entry for each of `paths`, or its content), else
    linted by the workers (by `lint` when given: the fixer fixes the files it lints on the
    way). The findings of the `reported` files are decoded as they come in, while the
    workers go on."""
    cwd = Path.cwd().absolute()
    collection = Collection()
    results, index = collection.results, collection.index
    # The index is built as the results come, in whatever order: it keeps the records of one
    # url or id in path order itself, so links resolve to the same record in every run.
    for result in _cached(cache, paths, stats):
        try:
            if result.path in reported:
                result.findings(display_path(result.path, cwd))  # a damaged row shows now, not when reporting
        except DAMAGED:
            continue  # linted again
        results[result.path] = result
        if result.entry is not None:
            index.add(result.entry)
    misses = [path for path in paths if path not in results]
    if progress is not None and misses:
        progress.start(len(paths), len(paths) - len(misses))
    stored = cache is not None and cache.usable
    chunks = lint(misses) if lint is not None else lint_files(misses, linter, cwd, workers)
    for chunk in chunks:
        for outcome in chunk:
            result = results[outcome.path] = FileResult(outcome, entry_of(outcome, keep_detail=not (stored and outcome.storable)))
            if outcome.path in reported:
                result.findings(display_path(outcome.path, cwd))
            if result.entry is not None:
                index.add(result.entry)
        if cache is not None:
            cache.store(chunk)
        if progress is not None:
            progress.advance(len(chunk))
    index.details = details
    collection.parsed = len(misses)
    return collection


def _cached(cache: Cache | None, paths: list[str], stats: Stats) -> Iterator[FileResult]:
    """The cached results of the files among `paths` that did not change."""
    if cache is None:
        return
    if len(stats) != len(paths):  # stamps of other files too: only those of `paths` count
        stats = {path: stats.get(path) for path in paths}
    restat = []  # unchanged content, new modification time
    # Rows are taken as the cache yields them, never all at once: 100k rows held together
    # next to their entries would double a pre-commit run's memory.
    for row in cache.rows():
        path = row.path
        now = stats.get(path)
        if now is None:
            continue
        if now != row.stamp:
            if now[0] != row.stamp[0] or not _same_content(row):
                continue
            restat.append((path, now, row.digest))
        summary = row.summary
        try:
            entry = Entry.from_wire(path, summary) if summary is not None else None
        except DAMAGED:
            continue  # linted again
        yield FileResult(row, entry)
    cache.restat(restat)


def entry_of(outcome: FileOutcome, keep_detail: bool) -> Entry | None:
    """The index entry of a file's outcome (`keep_detail`: no cache holds its detail)."""
    if outcome.summary is None:
        return None
    # The detail stays with the entry only when no cache holds it.
    entry = Entry.from_wire(outcome.path, outcome.summary, outcome.detail if keep_detail else None)
    entry.links  # made (and their texts interned) now, as the results come in
    return entry


def _same_content(row: FileOutcome) -> bool:
    """Only the stamp changed (checkout, touch)? Then the content's digest still matches."""
    try:
        with open(row.path, "rb") as handle:
            data = handle.read()
    except OSError:
        return False
    return len(data) == row.stamp[0] and digest(data) == row.digest
