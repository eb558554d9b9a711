"""Work on many files: in worker processes when there are enough of them, else here.

The processes are started at the first pass that needs them and serve every later pass of
the run (a check, then the rounds of a fix). Started early, while this process is still
small, they share little of its memory: a process forked from a large one copies most of
it, page by page, as it allocates.

Ctrl-C: the workers ignore it (a terminal sends it to each of them too); this process stops
sending work and waits for the chunks under way, so that a fix writes each of their files
whole, then goes on with KeyboardInterrupt. A worker whose parent is gone (killed with
SIGKILL, say) exits: forked workers hold the write end of their own task pipe, so they
would otherwise wait on it for ever.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
from collections import deque
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, TypeVar

from qlint.pipeline.worker import FileLinter, FileOutcome

if TYPE_CHECKING:  # (concurrent.futures is imported when a pool starts: a run from the cache starts none)
    from concurrent.futures import Executor

PARALLEL_THRESHOLD = 1000  # below this many files, worker start-up costs more than it saves

Item, Result = TypeVar("Item"), TypeVar("Result")
Task = Callable[[Any, list[Item]], list[Result]]  # task(state, items) -> a result for each


def _run_chunk(task: Task, state: Any, items: list) -> list:
    return task(state, items)


class Workers:
    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: Executor | None = None

    def run(self, task: Task, state: Any, items: list) -> Iterator[list]:
        """task(state, chunk) for `items` (one per file) a chunk at a time, the results in
        order, each chunk's as it is done (so the caller stores and forgets them while the
        workers go on). `state` goes with each chunk: keep it small."""
        if self.jobs <= 1 or len(items) < PARALLEL_THRESHOLD:
            for start in range(0, len(items), 64):
                yield task(state, items[start : start + 64])
            return
        pool = self._started()
        # A few chunks in flight at a time, taken in order: the same output as serial, and
        # what waits to be sent is never the whole run.
        chunks = _chunks(items, self.jobs)
        pending = deque(pool.submit(_run_chunk, task, state, chunk) for chunk in islice(chunks, 2 * self.jobs))
        while pending:
            results = pending.popleft().result()
            pending.extend(pool.submit(_run_chunk, task, state, chunk) for chunk in islice(chunks, 1))
            yield results
            # What the caller made of these results lives to the end of the run, and this
            # process parses nothing (no cyclic garbage is made here): frozen, the
            # collector stops walking it again at every collection.
            gc.freeze()

    def start(self, files: int) -> None:
        """Start the processes now, if passes over `files` files will want them."""
        if self.jobs > 1 and files >= PARALLEL_THRESHOLD:
            pool = self._started()
            for _ in range(self.jobs):
                pool.submit(int)  # a process is forked for each, now

    def _started(self) -> Executor:
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor  # here: a run from the cache starts no pool

            gc.freeze()  # a worker's collector never walks what it shares with this process
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_worker_setup)
        return self._pool

    def close(self) -> None:
        """Stop the processes once the chunks under way are done (none is left after a
        whole pass; after Ctrl-C, those not begun are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def _worker_setup() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The process that started this one: the run's, or (in the server) a fork server of its.
    parent = os.getppid()
    threading.Thread(target=_exit_with, args=(parent,), name="qlint-parent-watch", daemon=True).start()


def _exit_with(parent: int) -> None:
    """Exit this worker once `parent` is gone (this process is then another's child)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _chunks(items: list, jobs: int) -> Iterator[list]:
    size = max(32, min(256, len(items) // (jobs * 8)))
    # The last files go in small chunks, so the workers finish nearly together rather than
    # one waiting up to a whole chunk's time for the other.
    cut = max(0, len(items) - jobs * size)
    starts = [*range(0, cut, size), *range(cut, len(items), 32)]
    return (items[start:end] for start, end in zip(starts, [*starts[1:], len(items)]))


def lint_files(paths: list[str], linter: FileLinter, cwd: Path, workers: Workers) -> Iterator[list[FileOutcome]]:
    """The outcomes of linting `paths`, in order, a chunk at a time."""
    return workers.run(_lint_chunk, (linter, cwd), paths)


def _lint_chunk(state: tuple[FileLinter, Path], paths: list[str]) -> list[FileOutcome]:
    linter, cwd = state
    return [linter.lint(Path(path), cwd) for path in paths]
