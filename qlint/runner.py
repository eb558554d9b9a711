"""Find the files, run the rules (in parallel, through the cache), resolve cross-record rules.

Each file is parsed once, by one worker, and only a small index entry and its diagnostics
outlive the parse: memory stays flat however large the corpus is. Results are sorted, so a
parallel run prints exactly what a serial run prints.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from qlint import __version__
from qlint.cache import Cache
from qlint.config import Config
from qlint.diagnostics import Diagnostic, diagnostic_from_row, diagnostic_to_row
from qlint.document import read_document
from qlint.index import CorpusIndex, Entry, build_entry
from qlint.registry import Context, run_corpus_rules, run_rules
from qlint.vcs import GitError, changes_since

PARALLEL_THRESHOLD = 1000  # below this many files to parse, worker start-up costs more than it saves


class UsageError(Exception):
    """A problem with what the user asked for (a missing path...): exit 2."""


@dataclass
class RunResult:
    files: int = 0  # files linted (reported on)
    parsed: int = 0  # files read and parsed this run (the rest came from the cache)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)


@dataclass
class FileResult:
    path: str
    size: int
    mtime_ns: int
    checksum: int
    diagnostics: list[Diagnostic]
    entry: Entry | None
    error: str | None = None


# ----- discovery -------------------------------------------------------------------------
def _glob_match(relative: str, pattern: str) -> bool:
    # fnmatch's `*` already crosses `/`; `**/` must also match no folder at all.
    if fnmatch.fnmatchcase(relative, pattern):
        return True
    return pattern.startswith("**/") and fnmatch.fnmatchcase(relative, pattern[3:])


def wanted(relative: str, config: Config) -> bool:
    return any(_glob_match(relative, p) for p in config.include) and not any(
        _glob_match(relative, p) or relative.startswith(p.rstrip("/") + "/") for p in config.exclude
    )


def _relative(path: Path, config: Config, fallback: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return path.relative_to(fallback).as_posix()


def discover(paths: list[Path], config: Config) -> list[Path]:
    """The files to check, sorted. Files named directly are always checked; folders are
    walked (without following symlinks, skipping hidden folders) and filtered by the
    config's include/exclude globs, relative to the root."""
    found: set[Path] = set()
    for given in paths or [config.root]:
        if not given.exists():
            raise UsageError(f"path does not exist: {given}")
        given = given.absolute()
        if not given.is_dir():
            found.add(given)
            continue
        for folder, dirs, files in os.walk(given):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in files:
                path = Path(folder, name)
                if not path.is_symlink() and wanted(_relative(path, config, given), config):
                    found.add(path)
    return sorted(found)


def display_path(path: Path | str, cwd: Path) -> str:
    path = Path(path)
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


# ----- one file ----------------------------------------------------------------------------
_WORKER_CONTEXTS: list[Context] = []


def process_file(path: Path, contexts: list[Context], cwd: Path) -> FileResult:
    """Read, parse and lint one file; never raises."""
    display = display_path(path, cwd)
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            data = handle.read()
    except OSError:
        stat, data = None, None  # read_document reports the file as unreadable
    doc = read_document(path, display, data)
    result = FileResult(
        str(path),
        stat.st_size if stat else -1,
        stat.st_mtime_ns if stat else -1,
        zlib.crc32(data) if data is not None else -1,
        [],
        None,
    )
    try:
        result.diagnostics = list(run_rules(doc, contexts))
        result.entry = build_entry(doc)
    except Exception as exc:  # a rule bug must not hide the other files' results
        result.error = f"{display}: internal error: {type(exc).__name__}: {exc}"
    return result


def _init_worker(contexts: list[Context]) -> None:
    _WORKER_CONTEXTS[:] = contexts


def _process_chunk(args: tuple[list[str], str]) -> list[FileResult]:
    paths, cwd = args
    return [process_file(Path(p), _WORKER_CONTEXTS, Path(cwd)) for p in paths]


def process_files(paths: list[Path], contexts: list[Context], cwd: Path, jobs: int) -> list[FileResult]:
    if jobs <= 1 or len(paths) < PARALLEL_THRESHOLD:
        return [process_file(p, contexts, cwd) for p in paths]
    size = max(32, len(paths) // (jobs * 8))
    chunks = [([str(p) for p in paths[i : i + size]], str(cwd)) for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(contexts,)) as pool:
        return [result for chunk in pool.map(_process_chunk, chunks) for result in chunk]


# ----- a whole run ---------------------------------------------------------------------------
def cache_key(config: Config, contexts: list[Context]) -> str:
    """Results depend on the qlint version, the active rules, their options and the site."""
    described = [
        __version__,
        config.site.model_dump(mode="json"),
        [(c.rule.code, c.severity.value, c.options.model_dump(mode="json")) for c in contexts],
    ]
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()[:24]


@dataclass
class Run:
    config: Config
    contexts: list[Context]
    jobs: int = 1
    cache: Cache | None = None
    changed_since: str | None = None

    def lint(self, paths: list[Path]) -> RunResult:
        cwd = Path.cwd().absolute()
        cross = any(c.rule.cross_record for c in self.contexts)
        if self.changed_since is not None:
            targets, old_urls = self._changed_targets()
        else:
            targets, old_urls = discover(paths, self.config), set()
        # Cross-record rules resolve links against the whole configured root, even when
        # only a few files are linted (pre-commit, pull requests).
        corpus = set(targets)
        if cross and self.config.source is not None and self.config.root.is_dir():
            corpus.update(discover([self.config.root], self.config))
        results, parsed = self._results(sorted(corpus), cwd)
        run = RunResult(parsed=parsed)
        entries = {path: r.entry for path, r in results.items() if r.entry is not None}
        index = CorpusIndex(entries.values())
        target_set = {str(p) for p in targets}
        if cross and self.changed_since is not None:
            # Records whose links point at a changed record's old or new url are affected too.
            touched = old_urls | {entries[p].url for p in target_set if p in entries}
            target_set |= {e.path for e in index.entries if touched.intersection(e.link_urls)}
        if cross:
            self._check_details(results, entries, target_set, cwd)
        for path in sorted(target_set):
            result = results[path]
            run.diagnostics.extend(result.diagnostics)
            if result.error:
                run.internal_errors.append(result.error)
        run.files = len(target_set)
        if cross:
            linted = [entries[p] for p in sorted(target_set) if p in entries]
            run.diagnostics.extend(run_corpus_rules(index, linted, self.contexts))
        run.diagnostics.sort(key=Diagnostic.sort_key)
        return run

    def _changed_targets(self) -> tuple[list[Path], set[str]]:
        try:
            changes = changes_since(self.changed_since or "", self.config.root)
        except GitError as exc:
            raise UsageError(f"--changed-since {self.changed_since}: {exc}") from None
        root = self.config.root
        targets = []
        for path in changes.changed:
            try:
                relative = path.relative_to(root).as_posix()
            except ValueError:
                continue
            if path.is_file() and wanted(relative, self.config):
                targets.append(path)
        return sorted(targets), changes.old_urls

    def _results(self, paths: list[Path], cwd: Path) -> tuple[dict[str, FileResult], int]:
        """Every file's result, from the cache where the file is unchanged."""
        cached = self.cache.load() if self.cache else {}
        results: dict[str, FileResult] = {}
        misses: list[Path] = []
        restat: list[tuple] = []  # unchanged content, new modification time
        for path in paths:
            key = str(path)
            row = cached.get(key)
            if row is not None:
                try:
                    stat = path.stat()
                except OSError:
                    row = None
                else:
                    if (stat.st_size, stat.st_mtime_ns) != (row[0], row[1]):
                        if self._same_content(path, row):
                            restat.append((key, stat.st_size, stat.st_mtime_ns, *row[2:]))
                        else:
                            row = None
            if row is None:
                misses.append(path)
                continue
            display = display_path(path, cwd)
            try:
                entry = Entry.from_json(row[3], row[4]) if row[3] else None
                diagnostics = [diagnostic_from_row(d, display) for d in json.loads(row[5])]
            except (ValueError, TypeError, KeyError, IndexError):  # a damaged row: parse the file again
                misses.append(path)
                continue
            if entry is not None:
                entry.display_path = display
            results[key] = FileResult(key, row[0], row[1], row[2], diagnostics, entry)
        fresh = process_files(misses, self.contexts, cwd, self.jobs)
        for result in fresh:
            results[result.path] = result
        if self.cache is not None:
            self.cache.store(
                (
                    r.path, r.size, r.mtime_ns, r.checksum,
                    r.entry.summary_json() if r.entry else "", r.entry.detail_json() if r.entry else "",
                    json.dumps([diagnostic_to_row(d) for d in r.diagnostics], ensure_ascii=False),
                )  # fmt: skip
                for r in fresh
                if r.error is None and r.size >= 0
            )
            self.cache.store(restat)
        return results, len(fresh)

    def _check_details(self, results: dict, entries: dict, target_set: set[str], cwd: Path) -> None:
        """Decode the cached detail of the records being linted; parse again any that fails."""
        for path in target_set:
            entry = entries.get(path)
            if entry is None:
                continue
            try:
                entry.links, entry.slots  # noqa: B018 - decoding is the point
            except (ValueError, TypeError, KeyError, IndexError):
                fresh = process_file(Path(path), self.contexts, cwd)
                results[path] = fresh
                if fresh.entry is not None:
                    entries[path] = fresh.entry
                    # The index holds the old object; give it the freshly parsed detail.
                    entry._slots, entry._links = fresh.entry.slots, fresh.entry.links

    @staticmethod
    def _same_content(path: Path, row: tuple) -> bool:
        """Only the time changed (checkout, touch)? Then the content checksum still matches."""
        try:
            data = path.read_bytes()
        except OSError:
            return False
        return len(data) == row[0] and zlib.crc32(data) == row[2]


def lint_paths(paths: list[Path], config: Config, contexts: list[Context], jobs: int = 1) -> RunResult:
    """Lint `paths` without a cache (the library entry point the tests use)."""
    return Run(config, contexts, jobs=jobs).lint(paths)
