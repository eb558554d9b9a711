"""Linting many files: in worker processes when there are enough of them, else here."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Iterator

from qlint.pipeline.worker import FileLinter, FileOutcome

PARALLEL_THRESHOLD = 1000  # below this many files to parse, worker start-up costs more than it saves

_WORKER: list[FileLinter] = []  # the linter of this worker process


def _init_worker(linter: FileLinter) -> None:
    _WORKER[:] = [linter]


def _lint_chunk(args: tuple[list[str], str]) -> list[FileOutcome]:
    paths, cwd = args
    linter, where = _WORKER[0], Path(cwd)
    return [linter.lint(Path(p), where) for p in paths]


def lint_files(paths: list[str], linter: FileLinter, cwd: Path, jobs: int) -> Iterator[list[FileOutcome]]:
    """Outcomes in the order of `paths`, a chunk at a time as they are done (so the caller
    stores and forgets them while the workers go on)."""
    if jobs <= 1 or len(paths) < PARALLEL_THRESHOLD:
        for start in range(0, len(paths), 64):
            yield [linter.lint(Path(path), cwd) for path in paths[start : start + 64]]
        return
    from concurrent.futures import ProcessPoolExecutor  # here: a run from the cache starts no pool

    size = max(32, min(256, len(paths) // (jobs * 8)))
    # The last files go in small chunks, so the workers finish nearly together rather than
    # one waiting up to a whole chunk's time for the other.
    cut = max(0, len(paths) - jobs * size)
    starts = [*range(0, cut, size), *range(cut, len(paths), 32)]
    chunks = ((paths[start:end], str(cwd)) for start, end in zip(starts, [*starts[1:], len(paths)]))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(linter,)) as pool:
        for outcomes in pool.map(_lint_chunk, chunks):  # map keeps the order: same output as serial
            yield outcomes
            # What the caller made of these outcomes (entries, diagnostics) lives to the end
            # of the run, and this process parses nothing (no cyclic garbage is made here):
            # frozen, the collector stops walking it again at every collection.
            gc.freeze()
