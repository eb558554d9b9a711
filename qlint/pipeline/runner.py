"""Find the files, run the rules (in parallel, through the cache), resolve cross-record rules.

Each file is parsed once, by one worker, and only a small index entry and its diagnostics
outlive the parse: memory stays flat however large the corpus is. Results are sorted, so a
parallel run prints exactly what a serial run prints.
"""

from __future__ import annotations

import fnmatch
import gc
import hashlib
import json
import marshal
import os
import re
import sys
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import groupby
from pathlib import Path
from typing import Callable, Iterator

from qlint import __version__
from qlint.pipeline.cache import Cache
from qlint.record.config import Config
from qlint.diagnostics import Diagnostic, diagnostic_from_row, diagnostic_to_row
from qlint.record.document import Document, Problem, ProblemKind, read_document
from qlint.pipeline.index import CorpusIndex, Entry, summarize
from qlint.pipeline.index import display_path as _display_path
from qlint.pipeline.registry import Context, all_rules, find_rule, matches, record_checks, run_checks, run_corpus_rules
from qlint.record.suppressions import Suppression, apply_suppressions, find_suppressions
from qlint.discovery.changed import GitError, changes_since

PARALLEL_THRESHOLD = 1000  # below this many files to parse, worker start-up costs more than it saves


class UsageError(Exception):
    """A problem with what the user asked for (a missing path...): exit 2."""


@dataclass
class RunResult:
    files: int = 0  # files linted (reported on)
    parsed: int = 0  # files read and parsed this run (the rest came from the cache)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)
    # (scope, state) under which this report and its renderings are cached, if they are
    report_key: tuple[str, str] | None = None
    # The report as rendered before in the format asked for (UTF-8): then `diagnostics` is
    # left empty (not decoded) and `problems` says how many there are.
    output: bytes | None = None
    problems: int = 0

    @property
    def count(self) -> int:
        return self.problems if self.output is not None else len(self.diagnostics)


class FileResult:
    """One file's outcome in the parent process: its stat, its record-rule diagnostics and
    suppressions (a marshalled blob, decoded when the file is reported on), its index entry."""

    __slots__ = ("path", "size", "mtime_ns", "checksum", "blob", "entry", "error", "_decoded")

    def __init__(self, path: str, size: int, mtime_ns: int, checksum: int, blob: bytes, entry=None, error=None):
        self.path, self.size, self.mtime_ns, self.checksum = path, size, mtime_ns, checksum
        self.blob, self.entry, self.error = blob, entry, error
        self._decoded: tuple[list[Diagnostic], list[Suppression]] | None = None

    def decode(self, display: str) -> tuple[list[Diagnostic], list[Suppression]]:
        """(diagnostics, suppressions) with `display` as their path (the same in a whole run),
        the diagnostics in report order; ValueError (or TypeError...) when the blob is damaged."""
        if self._decoded is None:
            rows, suppressions = marshal.loads(self.blob)
            self._decoded = (
                [diagnostic_from_row(row, display) for row in rows],
                [Suppression.from_json(x) for x in suppressions],
            )
        return self._decoded


_DAMAGED = (ValueError, TypeError, KeyError, IndexError, EOFError)
_NOTHING = marshal.dumps(([], []))  # the results blob of a file without diagnostics or suppressions


# ----- discovery -------------------------------------------------------------------------
def _glob_sources(pattern: str) -> list[str]:
    # fnmatch's `*` already crosses `/`; `**/` must also match no folder at all.
    options = [fnmatch.translate(pattern)]
    if pattern.startswith("**/"):
        options.append(fnmatch.translate(pattern[3:]))
    return options


@lru_cache(maxsize=64)
def _globs_regex(patterns: tuple[str, ...], folders: bool = False) -> re.Pattern[str] | None:
    """One regex for any of `patterns` (and, with `folders`, anything below them); None for
    no patterns. One match per file instead of one per pattern: a walk tests 100k files."""
    options = [source for pattern in patterns for source in _glob_sources(pattern)]
    if folders:
        options += [re.escape(pattern.rstrip("/") + "/") for pattern in patterns]
    return re.compile("|".join(f"(?:{option})" for option in options)) if options else None


def _glob_match(relative: str, pattern: str) -> bool:
    return _globs_regex((pattern,)).match(relative) is not None


_ANY_FILE_ENDING = re.compile(r"(?:\*\*/)?\*(\.[^*?\[\]/]+)")  # `**/*.md`, `*.md`: any path with that ending


def _file_filter(config: Config) -> Callable[[str], bool]:
    """Is a file (path relative to the root) one to check, by the include/exclude globs?"""
    endings = [m.group(1) for pattern in config.include if (m := _ANY_FILE_ENDING.fullmatch(pattern))]
    if endings and len(endings) == len(config.include) and not config.exclude:
        # The default (`**/*.md`, nothing excluded): a test of the ending, which is what the
        # glob's regex works out, in a tenth of a warm run's walk less.
        suffixes = tuple(endings)
        return lambda relative: relative.endswith(suffixes)
    include, exclude = _globs_regex(tuple(config.include)), _globs_regex(tuple(config.exclude), folders=True)

    def keep(relative: str) -> bool:
        return include is not None and include.match(relative) is not None and not (exclude and exclude.match(relative))

    return keep


def wanted(relative: str, config: Config) -> bool:
    return _file_filter(config)(relative)


Stats = dict  # absolute path -> (size, mtime_ns), or None when it could not be read


def discover(paths: list[Path], config: Config) -> list[Path]:
    """The files to check, sorted (see discover_files)."""
    return [Path(p) for p in discover_files(paths, config)]


def discover_files(paths: list[Path], config: Config, stats: Stats | None = None, stat: bool = True) -> list[str]:
    """The files to check as sorted absolute path strings. Files named directly are always
    checked; folders are walked (not following symlinks, skipping hidden folders) and
    filtered by the config's include/exclude globs, relative to the root. When `stats` is
    given, it receives each file's (size, mtime_ns), taken during the walk, in walk order
    (with `stat=False`, only the order: None for each file)."""
    root = str(config.root.absolute())
    found: list[str] = []
    seen = stats if stats is not None else {}
    given_paths = paths or [config.root]
    for given in given_paths:
        if not given.exists():
            raise UsageError(f"path does not exist: {given}")
        top = _normalized(given)
        if not given.is_dir():
            found.append(top)
            seen[top] = _stat(top) if stat else None
            continue
        base = root if (top + os.sep).startswith(root + os.sep) else top
        keep, cut = _file_filter(config), len(base) + 1
        pending = [top]
        while pending:  # the walk of a warm run: a few microseconds a file count
            with os.scandir(pending.pop()) as listing:
                for item in listing:
                    if item.is_file(follow_symlinks=False):
                        path = item.path
                        if keep(path[cut:]):
                            found.append(path)
                            if not stat:
                                seen[path] = None
                            elif stats is not None:
                                try:
                                    info = item.stat(follow_symlinks=False)
                                    seen[path] = (info.st_size, info.st_mtime_ns)
                                except OSError:
                                    seen[path] = None
                    elif item.is_dir(follow_symlinks=False) and not item.name.startswith("."):
                        pending.append(item.path)
    # Paths given twice, or a file and its folder, name some files twice.
    return sorted(set(found)) if len(given_paths) > 1 else sorted(found)


def _normalized(given: Path) -> str:
    """`given` as an absolute path, named the way the walk of the configured root (which
    is resolved) names it: `..` and symlinked folders resolved. Else one file, named two
    ways (`../maths/a.md` and the walk's own path), would be two records with the same
    id and url. A symlinked file keeps its own name."""
    absolute = given.absolute()
    if given.is_dir() or absolute.name in ("", ".", ".."):
        return str(absolute.resolve())
    return str(absolute.parent.resolve() / absolute.name)


def _stat(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def display_path(path: Path | str, cwd: Path | str) -> str:
    """`path` relative to the working directory when it is below it, else absolute."""
    return _display_path(str(path), str(cwd))


# ----- after the rules --------------------------------------------------------------------
def _names(selector: str, d: Diagnostic) -> bool:
    rule = find_rule(d.code)
    return rule is not None and matches(selector, rule)


def finalize(
    found: list[Diagnostic],
    suppressions: list[Suppression],
    display: str,
    path: str,
    contexts: list[Context],
    config: Config,
) -> list[Diagnostic]:
    """A file's diagnostics after its suppression comments and the config's per-file-ignores;
    suppressions that silenced nothing are handed to the rules that report them."""
    if suppressions:
        for s in suppressions:
            s.used.clear()
        found = apply_suppressions(found, suppressions, _names)
        unused = []
        for s in suppressions:
            if s.selectors is None:
                if not s.used:
                    unused.append((s, [], []))
                continue
            unknown = [sel for sel in s.selectors if find_rule(sel) is None and not any(matches(sel, r) for r in all_rules())]
            idle = [
                sel for sel in s.selectors
                if sel not in s.used and sel not in unknown and any(matches(sel, c.rule) for c in contexts)
            ]  # fmt: skip
            if idle or unknown:
                unused.append((s, idle, unknown))
        for context in contexts:
            if context.rule.check_suppressions is not None and unused:
                found = found + list(context.rule.check_suppressions(display, unused, context))
    if config.per_file_ignores:
        relative = path[len(str(config.root.absolute())) + 1 :] if path.startswith(str(config.root.absolute())) else path
        ignored = [sel for glob, sels in config.per_file_ignores.items() if _glob_match(relative, glob) for sel in sels]
        found = [d for d in found if not any(_names(sel, d) for sel in ignored)]
    return found


# ----- one file ----------------------------------------------------------------------------
# What a worker sends back for one file: plain values and marshalled blobs, which cost
# next to nothing to pickle and are stored in the cache as they are.
# (path, size, mtime_ns, checksum, summary blob or None, detail blob or None, results blob, error)
Outcome = tuple


@dataclass(frozen=True)
class Checker:
    """What checking one file needs: the active rules and the size limit. Sent once to each
    worker process."""

    contexts: list[Context]
    max_bytes: int

    @cached_property
    def record_checks(self) -> list:
        return record_checks(self.contexts)

    def process(self, path: Path, cwd: Path) -> Outcome:
        """Read, parse and lint one file; never raises."""
        display = display_path(path, cwd)
        stat, data, too_large = None, None, False
        try:
            # os-level calls: a file object and its buffer cost more than the reading.
            handle = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
            try:
                stat = os.fstat(handle)
                too_large = stat.st_size > self.max_bytes
                # Sized by fstat: reading up to the limit would allocate the whole 5 MiB
                # limit for every 5 KB record.
                data = _read_up_to(handle, stat.st_size + 1) if not too_large else b""
                if len(data) > stat.st_size:  # growing, or not a regular file: on, within the limit
                    data += _read_up_to(handle, self.max_bytes + 1 - len(data))
                    too_large = len(data) > self.max_bytes
            finally:
                os.close(handle)
        except OSError:
            stat, data = None, None  # read_document reports the file as unreadable
        if too_large:
            seen = max(stat.st_size, len(data or b""))
            doc = Document(path, display, problem=Problem(ProblemKind.UNREADABLE, _too_large(seen, self.max_bytes)))
        else:
            doc = read_document(path, display, data)
        size, mtime_ns = (stat.st_size, stat.st_mtime_ns) if stat else (-1, -1)
        checksum = zlib.crc32(data) if data is not None else -1
        try:
            diagnostics = [diagnostic_to_row(d) for d in run_checks(doc, self.record_checks)]
            diagnostics.sort(key=_row_order)  # here, in parallel, rather than in the parent
            suppressions = [s.to_json() for s in find_suppressions(doc)]
            summary = summarize(doc)
        except Exception as exc:  # a rule bug must not hide the other files' results
            error = f"{display}: internal error: {type(exc).__name__}: {exc}"
            return (str(path), size, mtime_ns, checksum, None, None, _NOTHING, error)
        finally:
            doc.release()
        results = marshal.dumps((diagnostics, suppressions))
        if summary is None:
            return (str(path), size, mtime_ns, checksum, None, None, results, None)
        return (str(path), size, mtime_ns, checksum, _summary_blob(summary[0]), summary[1], results, None)


def _read_up_to(handle: int, size: int) -> bytes:
    """Up to `size` bytes, fewer only at the end of the file."""
    data = os.read(handle, size)
    while 0 < len(data) < size and (more := os.read(handle, size - len(data))):
        data += more
    return data


def _rows_blob(diagnostics: list[Diagnostic]) -> bytes:
    """Diagnostics as a results blob (no suppressions), the form the saved report keeps."""
    return marshal.dumps(([diagnostic_to_row(d) for d in diagnostics], []))


def _path_of(d: Diagnostic) -> str:
    return d.path


def _row_order(row: tuple) -> tuple:
    """Diagnostic.sort_key of a row (the path left out: one file's rows share it)."""
    return row[4][0], row[4][1], row[0], row[3]


def _summary_blob(summary: tuple) -> bytes:
    """The summary as stored, its links marshalled apart so they can be read lazily."""
    return marshal.dumps((*summary[:5], marshal.dumps(summary[5])))


def _too_large(size: int, limit: int) -> str:
    return f"file is {size / 2**20:.1f} MiB, over the {limit / 2**20:g} MiB limit (max-file-size): not read"


_WORKER: list[Checker] = []


def _init_worker(checker: Checker) -> None:
    _WORKER[:] = [checker]


def _process_chunk(args: tuple[list[str], str]) -> list[Outcome]:
    paths, cwd = args
    checker, where = _WORKER[0], Path(cwd)
    return [checker.process(Path(p), where) for p in paths]


def process_files(paths: list[str], checker: Checker, cwd: Path, jobs: int) -> Iterator[list[Outcome]]:
    """Outcomes in the order of `paths`, a chunk at a time as they are done (so the caller
    stores and forgets them while the workers go on)."""
    if jobs <= 1 or len(paths) < PARALLEL_THRESHOLD:
        for start in range(0, len(paths), 64):
            yield [checker.process(Path(path), cwd) for path in paths[start : start + 64]]
        return
    from concurrent.futures import ProcessPoolExecutor  # here: a run from the cache starts no pool

    size = max(32, min(256, len(paths) // (jobs * 8)))
    # The last files go in small chunks, so the workers finish nearly together rather than
    # one waiting up to a whole chunk's time for the other.
    cut = max(0, len(paths) - jobs * size)
    starts = [*range(0, cut, size), *range(cut, len(paths), 32)]
    chunks = ((paths[start:end], str(cwd)) for start, end in zip(starts, [*starts[1:], len(paths)]))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(checker,)) as pool:
        for outcomes in pool.map(_process_chunk, chunks):  # map keeps the order: same output as serial
            yield outcomes
            # What the caller made of these outcomes (entries, diagnostics) lives to the end
            # of the run, and this process parses nothing (no cyclic garbage is made here):
            # frozen, the collector stops walking it again at every collection (a quarter
            # of a second over 36k files).
            gc.freeze()


# ----- a whole run ---------------------------------------------------------------------------
def _code_digest() -> str:
    """Size and time of qlint's own modules: an edited rule must not reuse old results
    (a release bumps the version; a checkout being worked on does not)."""
    import qlint
    import qlint.rules

    parts = []
    for folder in {Path(qlint.__file__).parent, Path(qlint.rules.__file__).parent}:
        for path in sorted(folder.rglob("*.py")):
            stat = path.stat()
            parts.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()[:16]


def cache_key(config: Config, contexts: list[Context]) -> str:
    """Results depend on the qlint version, the active rules, their options and the site
    (and on Python's marshal format, hence its version)."""
    described = [
        __version__,
        sys.version,
        _code_digest(),
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
    # Reuse the whole last report when nothing at all changed (off for fixing, which
    # needs every file's result).
    reuse_report: bool = True
    results: dict[str, FileResult] = field(default_factory=dict, repr=False)
    targets: set[str] = field(default_factory=set, repr=False)  # the files the last lint() reported on
    _index: CorpusIndex | None = field(default=None, repr=False)
    # progress(total, done) once files are counted, then progress_tick(n) as n more are done
    progress: Callable[[int, int], None] | None = field(default=None, repr=False)
    progress_tick: Callable[[int], None] | None = field(default=None, repr=False)

    def lint(self, paths: list[Path], rendered_as: str | None = None) -> RunResult:
        """Lint `paths`. With `rendered_as` (a reporter's name and options), a report of the
        very same files and rules rendered that way before comes back as `output`."""
        cwd = Path.cwd().absolute()
        cross = any(c.rule.cross_record for c in self.contexts)
        # With nothing cached for these rules, nothing can be reused: the walk only lists the
        # files, and the workers' own stats (taken as they read) key the report saved after.
        stat = self.cache is not None and self.cache.has_rows()
        stats: Stats = {}
        if self.changed_since is not None:
            targets, old_urls = self._changed_targets()
            stats.update((p, _stat(p)) for p in targets)
        else:
            targets, old_urls = discover_files(paths, self.config, stats, stat), set()
        # Cross-record rules resolve links against the whole configured root, even when
        # only a few files are linted (pre-commit, pull requests).
        corpus_paths = targets  # sorted
        root = self.config.root.absolute()
        walked = self.changed_since is None and all(p.absolute() == root for p in paths)  # targets are the root
        if cross and self.config.source is not None and root.is_dir() and not walked:
            corpus_paths = sorted(set(targets).union(discover_files([root], self.config, stats, stat)))
        report_key = self._report_key(stats, targets, cwd) if stat else None
        if report_key is not None:
            reused = self._reused_report(report_key, rendered_as)
            if reused is not None:
                return reused
        parsed = self._results(corpus_paths, stats, set(targets), cwd)  # (and self._index)
        if not stat:
            stats.update((p, (r.size, r.mtime_ns) if (r := self.results[p]).size >= 0 else None) for p in stats)
            report_key = self._report_key(stats, targets, cwd)
        del stats, corpus_paths
        target_set = set(targets)
        if cross and self.changed_since is not None:
            # Records whose links point at a changed record's old or new url are affected too.
            index = self.corpus_index()
            touched = old_urls | {e.url for p in target_set if (e := self.results[p].entry) is not None}
            target_set |= {e.path for e in index.entries if touched.intersection(e.link_urls)}
        self.targets = target_set
        run = RunResult(files=len(target_set), parsed=parsed, report_key=report_key)
        cross_found: dict[str, list[Diagnostic]] = defaultdict(list)
        in_order = targets if len(target_set) == len(targets) else sorted(target_set)  # targets are sorted
        if cross:
            linted = [e for p in in_order if (e := self.results[p].entry) is not None]
            for d in run_corpus_rules(self.corpus_index(), linted, self.contexts):
                cross_found[d.path].append(d)
        shown_in_order, last_shown = True, ""
        reported: list[tuple[str, bytes]] = []  # (path, rows blob) of each file with problems, for the saved report
        for path in in_order:
            result = self.results[path]
            display = display_path(path, cwd)
            shown_in_order, last_shown = shown_in_order and display > last_shown, display
            found, suppressions = result.decode(display)
            cross_here = cross_found.get(display)
            if suppressions or cross_here or self.config.per_file_ignores:
                found = finalize(found + (cross_here or []), suppressions, display, path, self.contexts, self.config)
                found = sorted(found, key=Diagnostic.sort_key) if len(found) > 1 else found
                if found:
                    reported.append((display, _rows_blob(found)))
            elif found:
                # Most files: their rule results as the worker sorted them, nothing to apply;
                # their blob goes to the report as it came.
                reported.append((display, result.blob))
            run.diagnostics.extend(found)
            if result.error:
                run.internal_errors.append(result.error)
        if not shown_in_order:  # some paths shown absolute, some relative: sort across files too
            run.diagnostics.sort(key=Diagnostic.sort_key)
            reported = [(shown, _rows_blob(list(of_file))) for shown, of_file in groupby(run.diagnostics, key=_path_of)]
        if report_key is not None and self.cache is not None and not run.internal_errors:
            self.cache.save_report(*report_key, marshal.dumps((run.files, reported)))
        else:
            run.report_key = None
        return run

    def checker(self) -> Checker:
        return Checker(self.contexts, self.config.max_file_size)

    def corpus_index(self) -> CorpusIndex:
        """The index of every record seen by the last lint()."""
        if self._index is None:
            # In path order, whatever came from the cache: of two records claiming one url,
            # links resolve to the first, the same one in every run.
            results = self.results
            self._index = CorpusIndex(e for p in sorted(results) if (e := results[p].entry) is not None)
        return self._index

    # ----- the report of an unchanged corpus -------------------------------------------------
    def _report_key(self, stats: Stats, targets: list[str], cwd: Path) -> tuple[str, str] | None:
        """(scope, state) of a report: scope is what was linted and how (the files reported
        on, the rules as the cache key, the per-file ignores, the directory paths are shown
        relative to); state is every file's path, size and time, in the order the walk
        found them (a new order can only cost a miss: no other state gives the same bytes)."""
        if self.cache is None or not self.reuse_report or self.changed_since is not None:
            return None
        # Marshal version 2 writes no back-references: equal values, equal bytes, whichever
        # objects hold them (the stats come from the walk or from the workers).
        scope = hashlib.sha256(marshal.dumps(targets, 2))
        scope.update(json.dumps([self.cache.key, self.config.per_file_ignores, str(cwd)]).encode())
        state = hashlib.sha256(marshal.dumps(stats, 2))
        return scope.hexdigest(), state.hexdigest()

    def _reused_report(self, key: tuple[str, str], rendered_as: str | None) -> RunResult | None:
        if self.cache is None:
            return None
        try:
            rendered = self.cache.rendered(*key, rendered_as) if rendered_as is not None else None
            if rendered is not None:
                files, problems = marshal.loads(rendered[1])
                return RunResult(files=files, report_key=key, output=rendered[0], problems=problems)
        except _DAMAGED:
            pass  # rendered again from the report
        blob = self.cache.report(*key)
        if blob is None:
            return None
        try:
            files, reported = marshal.loads(blob)
            diagnostics = [diagnostic_from_row(row, path) for path, rows in reported for row in marshal.loads(rows)[0]]
            return RunResult(files=files, diagnostics=diagnostics, report_key=key)
        except _DAMAGED:
            return None  # a damaged report: lint again

    def save_rendered(self, result: RunResult, rendered_as: str, text: str) -> None:
        """Keep `text`, the report of `result` rendered as `rendered_as`, for the next run
        over the very same files."""
        if self.cache is not None and result.report_key is not None:
            self.cache.save_rendered(*result.report_key, rendered_as, text, marshal.dumps((result.files, result.count)))

    # ----- per-file results -------------------------------------------------------------------
    def _changed_targets(self) -> tuple[list[str], set[str]]:
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
                targets.append(str(path))
        return sorted(targets), changes.old_urls

    def _results(self, paths: list[str], stats: Stats, targets: set[str], cwd: Path) -> int:
        """Fill self.results with every file's result, from the cache where the file is
        unchanged; returns how many files were parsed."""
        self.results = results = {}
        restat: list[tuple] = []  # unchanged content, new modification time
        wanted_paths = set(paths)
        # Rows are taken as the cache yields them, never all at once: 100k rows held
        # together next to their entries would double a pre-commit run's memory.
        for path, *row in self.cache.rows() if self.cache else ():
            stat = stats.get(path)
            if stat is None or path not in wanted_paths:
                continue
            if stat != (row[0], row[1]):
                if stat[0] != row[0] or not self._same_content(path, row):
                    continue
                restat.append((path, *stat, row[2]))
            result = self._from_row(path, row, path in targets, cwd)
            if result is not None:
                results[path] = result
        misses = [path for path in paths if path not in results]
        if self.progress is not None and misses:
            self.progress(len(paths), len(paths) - len(misses))
        # Nothing from the cache: the results come in path order, the index's own order, so
        # it is built as they come rather than after the last one.
        self._index = CorpusIndex([]) if not results else None
        for chunk in process_files(misses, self.checker(), cwd, self.jobs):
            for outcome in chunk:
                result = results[outcome[0]] = self._from_outcome(outcome, outcome[0] in targets, cwd)
                if self._index is not None and result.entry is not None:
                    self._index.append(result.entry)
            if self.cache is not None:
                self.cache.store(outcome for outcome in chunk if outcome[7] is None and outcome[1] >= 0)
                for outcome in chunk:
                    entry = results[outcome[0]].entry
                    if entry is not None and outcome[7] is None and outcome[1] >= 0:
                        entry.drop_detail()  # the cache has it
            if self.progress_tick is not None:
                self.progress_tick(len(chunk))
        if self.cache is not None:
            self.cache.restat(restat)
        return len(misses)

    def _from_outcome(self, outcome: Outcome, target: bool, cwd: Path) -> FileResult:
        path, size, mtime_ns, checksum, summary, detail, blob, error = outcome
        if blob == _NOTHING:
            blob = _NOTHING  # most files: one shared object instead of 100k equal ones
        entry = None
        if summary is not None:
            entry = Entry(path, marshal.loads(summary), detail, self)
            entry.links  # made (and their texts interned) now, as the results come in
        result = FileResult(path, size, mtime_ns, checksum, blob, entry, error)
        if target:
            # Decoded now, while the workers go on, rather than after the last file
            result.decode(display_path(path, cwd))
        return result

    def _from_row(self, path: str, row: tuple, target: bool, cwd: Path) -> FileResult | None:
        """A cached result, or None when the row cannot be decoded (the file is parsed again)."""
        size, mtime_ns, checksum, summary, blob = row
        blob = _NOTHING if blob == _NOTHING else blob
        result = FileResult(path, size, mtime_ns, checksum, blob)
        try:
            if target:
                result.decode(display_path(path, cwd))  # damaged rows show now, not when reporting
            if summary is not None:
                result.entry = Entry(path, marshal.loads(summary), None, self)
        except _DAMAGED:
            return None
        return result

    # ----- what entries ask for (Entry.source) ---------------------------------------------
    def detail(self, path: str, fresh: bool = False) -> bytes | None:
        """An entry's detail blob: from the cache, or (`fresh`, or no cache) by parsing the
        file again. Called only for the few entries a cross-record rule reports on."""
        if not fresh and self.cache is not None:
            blob = self.cache.detail(path)
            if blob is not None:
                return blob
        return self.checker().process(Path(path), Path.cwd().absolute())[5]

    def text(self, path: str) -> str | None:
        """A file's text, if it is still what was linted (its checksum says so): block scalar
        slots are finished from it."""
        result = self.results.get(path)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        if result is None or zlib.crc32(data) != result.checksum:
            return None  # changed since: its old offsets would point at the wrong text
        try:
            return (data[3:] if data.startswith(b"\xef\xbb\xbf") else data).decode("utf-8")
        except UnicodeDecodeError:
            return None

    def links(self, path: str) -> tuple:
        """An entry's links, parsed again (its cached ones were damaged)."""
        summary = self.checker().process(Path(path), Path.cwd().absolute())[4]
        return marshal.loads(marshal.loads(summary)[5]) if summary is not None else ()

    @staticmethod
    def _same_content(path: str, row: tuple) -> bool:
        """Only the time changed (checkout, touch)? Then the content checksum still matches."""
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            return False
        return len(data) == row[0] and zlib.crc32(data) == row[2]


def lint_paths(paths: list[Path], config: Config, contexts: list[Context], jobs: int = 1) -> RunResult:
    """Lint `paths` without a cache (the library entry point the tests use)."""
    return Run(config, contexts, jobs=jobs).lint(paths)
