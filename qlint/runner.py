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
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from qlint import __version__
from qlint.cache import Cache
from qlint.config import Config
from qlint.diagnostics import Diagnostic, diagnostic_from_row, diagnostic_to_row
from qlint.document import Document, Problem, ProblemKind, read_document
from qlint.index import CorpusIndex, Entry, build_entry
from qlint.registry import Context, all_rules, find_rule, matches, run_corpus_rules, run_rules
from qlint.suppress import Suppression, apply_suppressions, find_suppressions
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
    diagnostics: list[Diagnostic]  # of the record rules, before suppressions
    built_entry: Entry | None = None
    suppressions: list[Suppression] = field(default_factory=list)
    error: str | None = None
    cached_entry: tuple[str, str] | None = None  # (summary, detail) JSON from the cache
    reparse: object = None
    display: str = ""

    @property
    def entry(self) -> Entry | None:
        """The index entry; decoded from the cache on first use (a warm run that changed
        nothing never needs it)."""
        if self.built_entry is None and self.cached_entry is not None:
            summary, detail = self.cached_entry
            self.cached_entry = None
            try:
                self.built_entry = Entry.from_json(summary, detail)
                self.built_entry.reparse = self.reparse
                self.built_entry.display_path = self.display  # the cache may come from another cwd
            except (ValueError, TypeError, KeyError, IndexError):
                self.built_entry = self.reparse(whole=True) if self.reparse else None
        return self.built_entry


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


def discover(paths: list[Path], config: Config) -> list[Path]:
    """The files to check, sorted (see discover_files)."""
    return [Path(p) for p in discover_files(paths, config)]


def discover_files(paths: list[Path], config: Config) -> list[str]:
    """The files to check as sorted absolute path strings. Files named directly are always
    checked; folders are walked (not following symlinks, skipping hidden folders) and
    filtered by the config's include/exclude globs, relative to the root."""
    root = str(config.root.absolute())
    found: set[str] = set()
    for given in paths or [config.root]:
        if not given.exists():
            raise UsageError(f"path does not exist: {given}")
        top = str(given.absolute())
        if not given.is_dir():
            found.add(top)
            continue
        base = root if (top + os.sep).startswith(root + os.sep) else top
        pending = [top]
        while pending:
            with os.scandir(pending.pop()) as listing:
                for item in listing:
                    if item.name.startswith(".") and item.is_dir(follow_symlinks=False):
                        continue
                    if item.is_dir(follow_symlinks=False):
                        pending.append(item.path)
                    elif item.is_file(follow_symlinks=False) and wanted(item.path[len(base) + 1 :], config):
                        found.add(item.path)
    return sorted(found)


def display_path(path: Path | str, cwd: Path | str) -> str:
    """`path` relative to the working directory when it is below it, else absolute."""
    path, prefix = str(path), str(cwd).rstrip(os.sep) + os.sep
    shown = path[len(prefix) :] if path.startswith(prefix) else path
    return shown.replace(os.sep, "/")


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
@dataclass(frozen=True)
class Checker:
    """What checking one file needs: the active rules and the size limit. Sent once to each
    worker process."""

    contexts: list[Context]
    max_bytes: int

    def process(self, path: Path, cwd: Path) -> FileResult:
        """Read, parse and lint one file; never raises."""
        display = display_path(path, cwd)
        stat, data, too_large = None, None, False
        try:
            with open(path, "rb") as handle:
                stat = os.fstat(handle.fileno())
                too_large = stat.st_size > self.max_bytes
                data = handle.read(self.max_bytes + 1) if not too_large else b""
        except OSError:
            pass  # read_document reports the file as unreadable
        if too_large:
            doc = Document(path, display, problem=Problem(ProblemKind.UNREADABLE, _too_large(stat.st_size, self.max_bytes)))
        else:
            doc = read_document(path, display, data)
        result = FileResult(
            str(path),
            stat.st_size if stat else -1,
            stat.st_mtime_ns if stat else -1,
            zlib.crc32(data) if data is not None else -1,
            [],
        )
        try:
            result.diagnostics = list(run_rules(doc, self.contexts))
            result.suppressions = find_suppressions(doc)
            result.built_entry = build_entry(doc)
        except Exception as exc:  # a rule bug must not hide the other files' results
            result.error = f"{display}: internal error: {type(exc).__name__}: {exc}"
        return result


def _too_large(size: int, limit: int) -> str:
    return f"file is {size / 2**20:.1f} MiB, over the {limit / 2**20:g} MiB limit (max-file-size): not read"


_WORKER: list[Checker] = []


def _init_worker(checker: Checker) -> None:
    _WORKER[:] = [checker]


def _process_chunk(args: tuple[list[str], str]) -> list[FileResult]:
    paths, cwd = args
    return [_WORKER[0].process(Path(p), Path(cwd)) for p in paths]


def process_files(
    paths: list[Path], checker: Checker, cwd: Path, jobs: int, progress: Callable[[int], None] | None = None
) -> list[FileResult]:
    """Results in the order of `paths`; `progress(n)` is told as each n more files are done."""
    tick = progress or (lambda n: None)
    if jobs <= 1 or len(paths) < PARALLEL_THRESHOLD:
        results = []
        for path in paths:
            results.append(checker.process(path, cwd))
            tick(1)
        return results
    size = max(32, len(paths) // (jobs * 8))
    chunks = [([str(p) for p in paths[i : i + size]], str(cwd)) for i in range(0, len(paths), size)]
    results = []
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(checker,)) as pool:
        for chunk in pool.map(_process_chunk, chunks):  # map keeps the order: same output as serial
            results.extend(chunk)
            tick(len(chunk))
    return results


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
    """Results depend on the qlint version, the active rules, their options and the site."""
    described = [
        __version__,
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
    results: dict[str, FileResult] = field(default_factory=dict, repr=False)
    targets: set[str] = field(default_factory=set, repr=False)  # the files the last lint() reported on
    _index: CorpusIndex | None = field(default=None, repr=False)
    # progress(total, done) once files are counted, then progress_tick(n) as n more are done
    progress: Callable[[int, int], None] | None = field(default=None, repr=False)
    progress_tick: Callable[[int], None] | None = field(default=None, repr=False)

    def lint(self, paths: list[Path]) -> RunResult:
        cwd = Path.cwd().absolute()
        cross = any(c.rule.cross_record for c in self.contexts)
        if self.changed_since is not None:
            targets, old_urls = self._changed_targets()
        else:
            targets, old_urls = discover_files(paths, self.config), set()
        # Cross-record rules resolve links against the whole configured root, even when
        # only a few files are linted (pre-commit, pull requests).
        corpus = set(targets)
        if cross and self.config.source is not None and self.config.root.is_dir():
            corpus.update(discover_files([self.config.root], self.config))
        results, parsed = self._results(sorted(corpus), cwd)
        self.results, self._index = results, None
        target_set = set(targets)
        index = None
        if cross and self.changed_since is not None:
            # Records whose links point at a changed record's old or new url are affected too.
            index = self.corpus_index()
            touched = old_urls | {results[p].entry.url for p in target_set if results[p].entry is not None}
            target_set |= {e.path for e in index.entries if touched.intersection(e.link_urls)}
        self.targets = target_set
        run = RunResult(files=len(target_set), parsed=parsed)
        cross_found: dict[str, list[Diagnostic]] = defaultdict(list)
        if cross:
            for d in self._cross_diagnostics(results, index, target_set, parsed == 0):
                cross_found[d.path].append(d)
        for path in sorted(target_set):
            result = results[path]
            display = display_path(path, cwd)
            found = result.diagnostics + cross_found.get(display, [])
            run.diagnostics.extend(finalize(found, result.suppressions, display, path, self.contexts, self.config))
            if result.error:
                run.internal_errors.append(result.error)
        run.diagnostics.sort(key=Diagnostic.sort_key)
        return run

    def checker(self) -> Checker:
        return Checker(self.contexts, self.config.max_file_size)

    def corpus_index(self) -> CorpusIndex:
        """The index of every record seen by the last lint()."""
        if self._index is None:
            self._index = CorpusIndex(r.entry for r in self.results.values() if r.entry is not None)
        return self._index

    def _cross_diagnostics(self, results, index, target_set, unchanged: bool) -> list[Diagnostic]:
        """Cross-record diagnostics; reused from the cache when no file changed at all."""
        fingerprint = hashlib.sha256(
            "\n".join(f"{p}\0{r.size}\0{r.mtime_ns}" for p, r in sorted(results.items())).encode()
        ).hexdigest()
        targets_key = hashlib.sha256("\n".join(sorted(target_set)).encode()).hexdigest()
        cwd = Path.cwd().absolute()
        if unchanged and self.cache is not None:
            saved = self.cache.get_meta("cross")
            if isinstance(saved, dict) and saved.get("fingerprint") == [fingerprint, targets_key, self.cache.key]:
                try:
                    return [diagnostic_from_row(row, display_path(path, cwd)) for path, row in saved["diagnostics"]]
                except (ValueError, TypeError, KeyError, IndexError):
                    pass  # a damaged row: compute again
        index = index or self.corpus_index()
        linted = [results[p].entry for p in sorted(target_set) if results[p].entry is not None]
        found = list(run_corpus_rules(index, linted, self.contexts))
        if self.cache is not None:
            by_display = {e.display_path: e.path for e in linted}
            rows = [[by_display[d.path], diagnostic_to_row(d)] for d in found]
            self.cache.set_meta("cross", {"fingerprint": [fingerprint, targets_key, self.cache.key], "diagnostics": rows})
        return found

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

    def _results(self, paths: list[str], cwd: Path) -> tuple[dict[str, FileResult], int]:
        """Every file's result, from the cache where the file is unchanged."""
        cached = self.cache.load() if self.cache else {}
        results: dict[str, FileResult] = {}
        misses: list[Path] = []
        restat: list[tuple] = []  # unchanged content, new modification time
        for path in paths:
            row = cached.get(path)
            if row is not None:
                try:
                    stat = os.stat(path)
                except OSError:
                    row = None
                else:
                    if (stat.st_size, stat.st_mtime_ns) != (row[0], row[1]):
                        if self._same_content(path, row):
                            restat.append((path, stat.st_size, stat.st_mtime_ns, *row[2:]))
                        else:
                            row = None
            result = self._from_row(path, row, cwd) if row is not None else None
            if result is None:
                misses.append(Path(path))
            else:
                results[path] = result
        if self.progress is not None and misses:
            self.progress(len(paths), len(paths) - len(misses))
        fresh = process_files(misses, self.checker(), cwd, self.jobs, self.progress_tick)
        for result in fresh:
            results[result.path] = result
        if self.cache is not None:
            self.cache.store(
                (
                    r.path, r.size, r.mtime_ns, r.checksum,
                    r.entry.summary_json() if r.entry else "", r.entry.detail if r.entry else "",
                    json.dumps(
                        [[diagnostic_to_row(d) for d in r.diagnostics], [x.to_json() for x in r.suppressions]],
                        ensure_ascii=False,
                    ),
                )  # fmt: skip
                for r in fresh
                if r.error is None and r.size >= 0
            )
            self.cache.store(restat)
        return results, len(fresh)

    def _from_row(self, path: str, row: tuple, cwd: Path) -> FileResult | None:
        """A cached result, or None when the row cannot be decoded (the file is parsed again)."""
        display = display_path(path, cwd)
        try:
            rows, suppressions = json.loads(row[5])
            diagnostics = [diagnostic_from_row(d, display) for d in rows]
            suppressions = [Suppression.from_json(x) for x in suppressions]
        except (ValueError, TypeError, KeyError, IndexError):
            return None
        result = FileResult(path, row[0], row[1], row[2], diagnostics, suppressions=suppressions, display=display)
        if row[3]:
            result.cached_entry = (row[3], row[4])

            def reparse(whole: bool = False):
                fresh = self.checker().process(Path(path), cwd).built_entry
                if whole:
                    return fresh
                return fresh.detail if fresh is not None else "{}"

            result.reparse = reparse
        return result

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
