"""How a file is known again in a later run: the file system's stamp of it, and its
content's digest.

A stamp is (size, modification time, inode change time). A program can set a file's
modification time back (`touch -d`, `os.utime`), but not its change time: any write
changes that, so an edit of the same size with the old modification time restored still
gives another stamp. Where the stamp differs, the content decides: a BLAKE2 digest, which
no edit can be made to match on purpose (a checkout or a `touch` changes the stamp, not
the content).
"""

from __future__ import annotations

import hashlib
import os

Stamp = tuple  # (size, mtime_ns, ctime_ns): plain ints, so that marshal can hash a set of them


def stamp(info: os.stat_result) -> Stamp:
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns


def stamp_of(path: str) -> Stamp | None:
    """The stamp of the file at `path`, or None when it cannot be stat'ed."""
    try:
        return stamp(os.stat(path))
    except OSError:
        return None


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()
