"""The per-file worker: read one file, parse it, run the record rules, summarize it for the
corpus index. It runs in worker processes (or in the parent for small runs), and what it
returns is plain data, cheap to send back and stored in the cache as it is.
"""

from __future__ import annotations

import marshal
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from qlint.diagnostics import Diagnostic
from qlint.discovery.stamps import Stamp, digest, stamp
from qlint.discovery.walk import display_path
from qlint.pipeline.registry import Context, RecordCheck, record_checks, run_checks
from qlint.pipeline.summary import summarize
from qlint.record.config import SiteConfig
from qlint.record.document import Document
from qlint.record.lazy import lazy
from qlint.record.parse import parse_document, unreadable
from qlint.record.suppressions import Suppression, find_suppressions


class Findings(NamedTuple):
    """A file's record-rule diagnostics, in report order, and its suppression comments
    (applied once the cross-record rules have spoken too)."""

    diagnostics: list[Diagnostic]
    suppressions: list[Suppression]

    def to_wire(self) -> bytes:
        return marshal.dumps(([d.to_wire() for d in self.diagnostics], [s.to_wire() for s in self.suppressions]))

    @classmethod
    def from_wire(cls, blob: bytes, display: str) -> "Findings":
        """The findings of `blob`, shown at `display`; ValueError (or TypeError...) when the
        blob is damaged."""
        rows, suppressions = marshal.loads(blob)
        return cls([Diagnostic.from_wire(row, display) for row in rows], [Suppression.from_wire(s) for s in suppressions])


NO_FINDINGS = Findings([], []).to_wire()


class FileOutcome(NamedTuple):
    """What linting one file gave: sent from a worker to the parent, and stored as one row
    of the cache (which reads it back with `detail` left to be asked for)."""

    path: str
    stamp: Stamp | None  # None: the file could not be read
    digest: bytes  # of the bytes read (b"": none)
    summary: bytes | None  # RecordSummary in wire form; None when there is no usable front matter
    detail: bytes | None  # RecordDetail in wire form
    findings: bytes  # Findings in wire form
    error: str | None = None  # a rule's internal error: nothing of this outcome is stored

    @property
    def storable(self) -> bool:
        return self.error is None and self.stamp is not None


class FileRead(NamedTuple):
    """A file as read: its Document, its stamp (None: unreadable) and its content's digest."""

    doc: Document
    stamp: Stamp | None
    digest: bytes


@dataclass(frozen=True)
class FileLinter:
    """What linting one file needs: the active rules, the site and the size limit. Sent once
    to each worker process."""

    contexts: list[Context]
    site: SiteConfig
    max_bytes: int

    @lazy
    def checks(self) -> list[RecordCheck]:
        return record_checks(self.contexts)

    def read(self, path: Path, display: str) -> FileRead:
        """Read and parse one file; never raises (a file that cannot be read is a Document
        with that problem)."""
        try:
            info, data, too_large = _read(path, self.max_bytes)
        except OSError as exc:
            if os.path.isdir(path):
                message = _folder_problem(path)
            elif isinstance(exc, NotRegular):
                message = str(exc)
            else:
                message = f"cannot read file: {exc.strerror or exc}"
            return FileRead(unreadable(path, display, message, self.site), None, b"")
        if too_large:
            seen = max(info.st_size, len(data))
            message = f"file is {seen / 2**20:.1f} MiB, over the {self.max_bytes / 2**20:g} MiB limit (max-file-size): not read"
            return FileRead(unreadable(path, display, message, self.site), stamp(info), digest(data))
        doc = parse_document(data, path, display, self.site)
        return FileRead(doc, stamp(info), digest(data))

    def lint(self, path: Path, cwd: Path) -> FileOutcome:
        """Read, parse and lint one file; never raises."""
        read = self.read(path, display_path(path, cwd))
        try:
            return self.outcome(read)
        finally:
            read.doc.release()

    def outcome(self, read: FileRead, found: list[Diagnostic] | None = None) -> FileOutcome:
        """What linting the Document of `read` gives (`found`: its record rules' diagnostics,
        when they are known already); never raises."""
        doc, path = read.doc, str(read.doc.path)
        try:
            # Sorted here, in parallel, rather than in the parent.
            diagnostics = sorted(run_checks(doc, self.checks) if found is None else found, key=_in_file_order)
            findings = Findings(diagnostics, find_suppressions(doc)).to_wire()
            summary = summarize(doc)
        except Exception as exc:  # a rule bug must not hide the other files' results
            error = f"{doc.display_path}: internal error: {type(exc).__name__}: {exc}"
            return FileOutcome(path, read.stamp, read.digest, None, None, NO_FINDINGS, error)
        if summary is None:
            return FileOutcome(path, read.stamp, read.digest, None, None, findings)
        record, detail = summary
        return FileOutcome(path, read.stamp, read.digest, record.to_wire(), detail, findings)


def _in_file_order(d: Diagnostic) -> tuple:
    """Diagnostic.sort_key without the path, which one file's diagnostics share."""
    return d.span.start_line, d.span.start_column, d.code, d.message


class NotRegular(OSError):
    """A path that names something other than a file: a FIFO (whose reading would wait for
    a writer for ever), a device, a socket, a folder."""


_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def _folder_problem(path: Path) -> str:
    """Why a folder is a target: the walk names each folder it could not list as one, so
    that the records it holds do not go unchecked without a word."""
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        return f"cannot list folder: {exc.strerror or exc}: the records in it are not checked"
    return "not a file but a folder: not read"


def _read(path: Path, max_bytes: int) -> tuple[os.stat_result, bytes, bool]:
    """(stat, bytes, too large) of a file, with os-level calls: a file object and its buffer
    cost more than the reading."""
    # Non-blocking: opening a FIFO for reading would otherwise wait for a writer. A regular
    # file reads the same either way.
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            kind = _KINDS.get(stat.S_IFMT(info.st_mode), "something else")
            raise NotRegular(f"not a file but {kind}: not read")
        too_large = info.st_size > max_bytes
        # Sized by fstat: reading up to the limit would allocate the whole 5 MiB limit for
        # every 5 KB record.
        data = _read_up_to(handle, info.st_size + 1) if not too_large else b""
        if len(data) > info.st_size:  # growing while read: on, within the limit
            data += _read_up_to(handle, max_bytes + 1 - len(data))
            too_large = len(data) > max_bytes
        return info, data, too_large
    finally:
        os.close(handle)


def _read_up_to(handle: int, size: int) -> bytes:
    """Up to `size` bytes, fewer only at the end of the file."""
    data = os.read(handle, size)
    while 0 < len(data) < size and (more := os.read(handle, size - len(data))):
        data += more
    return data
