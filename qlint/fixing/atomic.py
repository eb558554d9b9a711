"""Writing fixed files: each whole or not at all, and only over the very file that was read.

Each new content goes to a temporary file beside its original (a random name, created
exclusively, holding the writer's process id) and gets the original's permission bits;
the temporary files of a batch are flushed to disk together (a flush each, issued at once,
so the file system commits them in a few journal writes, not one per file). Just before a
temporary file replaces its original in one rename, the original is read again: if it is
not byte for byte what was fixed (someone saved an edit meanwhile), it is left alone. A
symbolic link is never replaced or written through, and a read-only file is not written.
A crash or a kill at any moment leaves each file either old or new; a temporary file a
killed run left behind is removed by the next run. Ctrl-C waits until a batch is written
and its temporary files are gone: it leaves nothing behind.
"""

from __future__ import annotations

import os
import re
import signal
import stat
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, NamedTuple

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

TEMPORARY_SUFFIX = ".qlint-tmp"
# .NAME.PID.RANDOM.qlint-tmp, as made by temporary_beside(); older versions left out the PID.
_TEMPORARY = re.compile(r"\..+?(?:\.(\d+))?\.[^.]+" + re.escape(TEMPORARY_SUFFIX))
_ABANDONED_AFTER = 3600  # seconds: a temporary file without a live writer this old is left over


class Write(NamedTuple):
    """A fixed text to put in place of the file at `path`, read as `was`."""

    path: Path
    text: str
    bom: bool
    was: str


def write_all(writes: list[Write]) -> list[str | None]:
    """Write each fixed file; for each, None when written, else why it was not (the file is
    then as it was)."""
    with interrupts_deferred():
        return _write_all(writes)


def _write_all(writes: list[Write]) -> list[str | None]:
    refused: list[str | None] = [None] * len(writes)
    temporaries: list[tuple[int, temporary_beside]] = []
    try:
        for number, write in enumerate(writes):
            try:
                refused[number] = _unwritable(write.path)
                if refused[number] is None:
                    temporary = temporary_beside(write.path)
                    temporaries.append((number, temporary))
                    temporary.handle.write(encoded(write.text, write.bom))
                    temporary.handle.flush()
                    os.chmod(temporary.name, stat.S_IMODE(os.lstat(write.path).st_mode))
            except FileNotFoundError:
                refused[number] = "it was deleted while being fixed"
            except OSError as exc:
                refused[number] = f"cannot write it: {exc.strerror or exc}"
        list(_flusher().map(_flushed, [temporary for _, temporary in temporaries]))
        for number, temporary in temporaries:
            if refused[number] is None:
                refused[number] = _replace(temporary, writes[number])
    finally:
        for _, temporary in temporaries:
            temporary.discard()
    for folder in {str(write.path.parent) for write, why in zip(writes, refused) if why is None}:
        _sync_folder(Path(folder))
    return refused


def _unwritable(path: Path) -> str | None:
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        return "it is a symbolic link: fix the file it points to"
    if not stat.S_IMODE(info.st_mode) & 0o222 or not os.access(path, os.W_OK):
        return "it is read-only"
    return None


def _flushed(temporary: "temporary_beside") -> None:
    flush = getattr(os, "fdatasync", os.fsync)  # (macOS has no fdatasync)
    flush(temporary.handle.fileno())


def _replace(temporary: "temporary_beside", write: Write) -> str | None:
    """Rename the temporary file over the original, if the original is still what was read."""
    try:
        if _read(write.path) != encoded(write.was, write.bom):
            return "it changed while being fixed: run qlint fix again"
        os.replace(temporary.name, write.path)
    except FileNotFoundError:
        return "it was deleted while being fixed"
    except OSError as exc:
        return f"cannot write it: {exc.strerror or exc}"
    return None


_FLUSHERS: dict[int, ThreadPoolExecutor] = {}


def _flusher() -> ThreadPoolExecutor:
    """Threads to flush files with. Flushes issued together are committed together: a
    batch costs a few journal writes. One pool per process (a forked worker cannot use
    its parent's threads)."""
    pool = _FLUSHERS.get(os.getpid())
    if pool is None:
        from concurrent.futures import ThreadPoolExecutor  # here: a check, which writes no record, never needs it

        pool = _FLUSHERS[os.getpid()] = ThreadPoolExecutor(max_workers=16, thread_name_prefix="qlint-flush")
    return pool


def write_whole(path: Path, data: bytes) -> None:
    """Write `data` as the file at `path`, whole or not at all (a report, a baseline): by way
    of a temporary file with a random name, never through a symbolic link. A new file gets
    the default permissions (the umask's), an existing one keeps its own. OSError if not."""
    if path.is_symlink():
        raise OSError("it is a symbolic link")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    with interrupts_deferred(), temporary_beside(path) as temporary:
        temporary.handle.write(data)
        temporary.handle.close()
        os.chmod(temporary.name, mode)
        os.replace(temporary.name, path)


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Ctrl-C inside the block takes effect when it ends: a temporary file is never left
    behind between its creation and its rename or removal. (Where Python raises
    KeyboardInterrupt, in the main thread; elsewhere there is nothing to defer.)"""
    main = threading.current_thread() is threading.main_thread()
    if not main or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    received = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: received.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class temporary_beside:
    """A new file beside `path` (`.name`), open for writing (`.handle`), removed by
    `discard()` (or on leaving a `with` block) unless it was renamed."""

    def __init__(self, path: Path) -> None:
        # The original's name, shortened: a name near the file system's limit (255 bytes)
        # leaves no room for the rest, and 40 characters are enough to tell whose it is.
        prefix = f".{path.name[:40]}.{os.getpid()}."
        descriptor, self.name = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=TEMPORARY_SUFFIX)
        self.handle = os.fdopen(descriptor, "wb")

    def __enter__(self) -> "temporary_beside":
        return self

    def __exit__(self, *exc) -> None:
        self.discard()

    def discard(self) -> None:
        self.handle.close()
        try:
            os.unlink(self.name)
        except FileNotFoundError:
            pass  # renamed over the original


def remove_stale_temporaries(folders: set[str]) -> int:
    """Remove the temporary files of qlint's own naming that no running qlint writes (its
    process is gone, or it is an hour old) from `folders`; how many were removed."""
    removed = 0
    for folder in folders:
        try:
            listing = list(os.scandir(folder))
        except OSError:
            continue
        for item in listing:
            match = _TEMPORARY.fullmatch(item.name)
            if match and item.is_file(follow_symlinks=False) and _abandoned(item, match.group(1)):
                try:
                    os.unlink(item.path)
                    removed += 1
                except OSError:
                    pass
    return removed


def _abandoned(item: os.DirEntry, pid: str | None) -> bool:
    try:
        if time.time() - item.stat(follow_symlinks=False).st_mtime > _ABANDONED_AFTER:
            return True
    except OSError:
        return False
    if pid is None or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, ValueError):
        return False
    return False


def encoded(text: str, bom: bool) -> bytes:
    """The bytes of a file's text (`bom`: it starts with a UTF-8 BOM)."""
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass")


def _read(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the platform allows opening a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def inside(path: Path, root: Path) -> bool:
    """True when `path` (symlinks resolved) lies inside `root` (resolved already)."""
    return os.path.commonpath([os.path.realpath(path), root]) == str(root)
