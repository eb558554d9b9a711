"""The result cache: per-file diagnostics and index entries in one SQLite file.

A row (`files`) is reused when the file's path and stamp (size, modification and change
times: `qlint.discovery.stamps`) match and it was made under the same cache key. When the
stamp changed but not the size (a checkout, a `touch`), the content's digest decides. Whole reports
(`reports`, and their printed forms per format in `renderings`) are kept for the last few
sets of files linted, each valid while every file is as it was. SQLite in WAL mode lets two
qlint runs share the cache at once. A cache that is corrupt, foreign or not writable is set
aside with a warning, and a damaged row or report is made again: results never change.
"""

from __future__ import annotations

import sqlite3
import time
import zlib
import warnings
from pathlib import Path
from typing import Iterable, Iterator

from qlint.pipeline.worker import FileOutcome

SCHEMA_VERSION = 13  # bump whenever what a row holds changes: older caches are rebuilt
FILE_NAME = "results.sqlite"
# The cache directory tag (bford.info/cachedir): backup tools skip the folder, and it marks
# the folder as qlint's, so that `qlint clean` never deletes anything of the user's.
MARKER = "CACHEDIR.TAG"
_MARKER_TEXT = "Signature: 8a477f597d28d172789f06886806bc55\n# A cache directory made by qlint: `qlint clean` deletes it.\n"
_GITIGNORE_TEXT = "# made by qlint\n*\n"


class CacheWarning(UserWarning):
    pass


class Cache:
    def __init__(self, folder: Path, key: str) -> None:
        self.folder, self.key = folder, key
        self.db: sqlite3.Connection | None = None
        try:
            self.db = self._open()
        except (sqlite3.Error, OSError) as exc:
            self._give_up(f"cache at {folder} is not usable ({exc}); running without it")

    def _open(self) -> sqlite3.Connection:
        _claim(self.folder)
        path = self.folder / FILE_NAME
        for attempt in (1, 2):
            db = sqlite3.connect(path, timeout=30, isolation_level=None)
            try:
                # Rows are a few KB each: larger pages store them in less time (a new file
                # only; a page size cannot change once WAL is on).
                db.execute("PRAGMA page_size=16384")
                _use_wal(db)
                # No fsync: a cache lost or torn by a power cut is rebuilt like any damaged
                # one (a lost row is a file parsed again), and the syncs at WAL checkpoints
                # were 40% of a cold run's cache writing.
                db.execute("PRAGMA synchronous=OFF")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, key TEXT, size INTEGER,"
                    " mtime_ns INTEGER, ctime_ns INTEGER, digest BLOB, summary BLOB, detail BLOB, results BLOB)"
                )
                db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB)")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS reports (scope TEXT PRIMARY KEY, state TEXT, saved REAL, report BLOB)"
                )
                db.execute(
                    "CREATE TABLE IF NOT EXISTS renderings (scope TEXT, state TEXT, format TEXT, text BLOB, counts BLOB,"
                    " PRIMARY KEY (scope, format))"
                )
                version = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
                if version is None:
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                elif version[0] != str(SCHEMA_VERSION):
                    raise sqlite3.DatabaseError("made by another qlint version")
                return db
            except sqlite3.DatabaseError as exc:
                db.close()
                # Locked: another run is using it, not a damaged cache to delete.
                if attempt == 2 or _locked(exc):
                    raise
                # Corrupt or foreign: a cache holds nothing that cannot be rebuilt.
                for stale in self.folder.glob(FILE_NAME + "*"):
                    stale.unlink(missing_ok=True)
        raise AssertionError("unreachable")

    @property
    def usable(self) -> bool:
        """False once the cache was set aside: nothing is read from it or saved in it."""
        return self.db is not None

    def _give_up(self, message: str) -> None:
        warnings.warn(message, CacheWarning, stacklevel=3)
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
        self.db = None

    def rows(self) -> Iterator[FileOutcome]:
        """Every file's saved outcome for this key, a few at a time, with its detail left
        on disk (`detail` reads it for the few records a rule reports on)."""
        if self.db is None:
            return
        try:
            cursor = self.db.execute(
                "SELECT path, size, mtime_ns, ctime_ns, digest, summary, results FROM files WHERE key = ?", (self.key,)
            )
            while batch := cursor.fetchmany(1024):
                for path, size, mtime_ns, ctime_ns, known, summary, findings in batch:
                    yield _new_outcome((path, (size, mtime_ns, ctime_ns), known, summary, None, findings, None))
        except sqlite3.Error as exc:
            self._give_up(f"cache unreadable ({exc}); running without it")

    def has_rows(self) -> bool:
        """Does the cache hold any file's results for this key?"""
        if self.db is None:
            return False
        try:
            return self.db.execute("SELECT 1 FROM files WHERE key = ? LIMIT 1", (self.key,)).fetchone() is not None
        except sqlite3.Error:
            return False

    def detail(self, path: str) -> bytes | None:
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT detail FROM files WHERE path = ? AND key = ?", (path, self.key)).fetchone()
        except (sqlite3.Error, UnicodeEncodeError):
            return None
        return row[0] if row else None

    def store(self, outcomes: Iterable[FileOutcome]) -> None:
        """Save these files' outcomes (those that can be: see FileOutcome.storable)."""
        self._write(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((o.path, self.key, *o.stamp, o.digest, o.summary, o.detail, o.findings) for o in outcomes if o.storable and _is_text(o.path)),
        )

    def restat(self, rows: Iterable[tuple[str, tuple, bytes]]) -> None:
        """A new stamp for (path, stamp, digest) rows whose content did not change."""
        self._write(
            "UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ? WHERE path = ? AND key = ? AND digest = ?",
            ((*stamp, path, self.key, known) for path, stamp, known in rows),
        )

    def _write(self, statement: str, rows: Iterable[tuple]) -> None:
        if self.db is None:
            return
        try:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany(statement, rows)
        except sqlite3.Error as exc:
            self._give_up(f"cannot write the cache ({exc}); results are not saved")

    def report(self, scope: str, state: str) -> bytes | None:
        """The report saved for `scope` (what was linted, how) if it was made in `state`
        (every file as it is now)."""
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT report FROM reports WHERE scope = ? AND state = ?", (scope, state)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row and isinstance(row[0], bytes) else None

    def save_report(self, scope: str, state: str, report: bytes, keep: int = 8) -> None:
        """Save a report; only the `keep` latest scopes stay (pre-commit lints a new set of
        files each time)."""
        self._write("INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?)", [(scope, state, time.time(), report)])
        self._write(
            "DELETE FROM reports WHERE scope NOT IN (SELECT scope FROM reports ORDER BY saved DESC LIMIT ?)", [(keep,)]
        )
        self._write("DELETE FROM renderings WHERE scope NOT IN (SELECT scope FROM reports)", [()])

    def rendered(self, scope: str, state: str, how: str) -> tuple[bytes, bytes] | None:
        """The report of `scope` in `state` as rendered `how` (a format and its options), as
        UTF-8 (printed as it is: 10 MB need not be decoded and encoded again), with the counts
        saved beside it."""
        if self.db is None:
            return None
        try:
            row = self.db.execute(
                "SELECT text, counts FROM renderings WHERE scope = ? AND state = ? AND format = ?", (scope, state, how)
            ).fetchone()
        except sqlite3.Error:
            return None
        if not row or not isinstance(row[0], bytes) or len(row[0]) < 4 or not isinstance(row[1], bytes):
            return None
        # Printed as it is, so it carries its checksum: a damaged cache must not print garbage.
        checksum, data = row[0][:4], row[0][4:]
        if zlib.crc32(data).to_bytes(4, "big") != checksum:
            return None
        return data, row[1]

    def save_rendered(self, scope: str, state: str, how: str, text: str, counts: bytes) -> None:
        data = text.encode("utf-8", "surrogatepass")
        blob = zlib.crc32(data).to_bytes(4, "big") + data
        self._write("INSERT OR REPLACE INTO renderings VALUES (?, ?, ?, ?, ?)", [(scope, state, how, blob, counts)])

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


def _locked(exc: sqlite3.Error) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


def _use_wal(db: sqlite3.Connection, patience: float = 30.0) -> None:
    """Put the database in WAL mode. The switch takes a lock SQLite does not wait for (the
    connection's timeout does not apply): when several runs make a new cache at once, all
    but one are refused for a moment, so they try again."""
    deadline = time.monotonic() + patience
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if not _locked(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.005)


def _claim(folder: Path) -> None:
    """Make `folder` the cache's: a new or empty folder, or one qlint made (OSError if not)."""
    folder.mkdir(parents=True, exist_ok=True)
    # Another run may be making this cache at this very moment: what looks foreign may be
    # its marker or .gitignore half written. Looked at again a moment later, it is whole.
    for attempt in range(3):
        if (folder / MARKER).exists() or _only_qlints(folder):
            break
        time.sleep(0.05)
    else:
        raise OSError(f"{folder} holds files qlint did not make")
    if not (folder / MARKER).exists():
        (folder / MARKER).write_text(_MARKER_TEXT)
    if not (folder / ".gitignore").exists():
        (folder / ".gitignore").write_text(_GITIGNORE_TEXT)


def _only_qlints(folder: Path) -> bool:
    """Is every file in `folder` one a qlint cache holds (a cache made before the marker)?"""
    for item in folder.iterdir():
        if item.name == ".gitignore" and _text_of(item).startswith("# made by qlint"):
            continue
        if item.name not in (FILE_NAME, FILE_NAME + "-wal", FILE_NAME + "-shm"):
            return False
    return True


def _text_of(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:  # (gone meanwhile)
        return ""


def clean(folder: Path) -> bool | None:
    """Delete the cache in `folder`: only the files qlint made, and the folder if that
    empties it. True if there was a cache, False if none, None if the folder is not a
    qlint cache (nothing is deleted)."""
    if not folder.is_dir():
        return False
    if not (folder / MARKER).exists() and not _only_qlints(folder):
        return None
    made = [folder / name for name in (FILE_NAME, FILE_NAME + "-wal", FILE_NAME + "-shm", MARKER)]
    gitignore = folder / ".gitignore"
    if gitignore.exists() and gitignore.read_text(errors="replace") == _GITIGNORE_TEXT:
        made.append(gitignore)
    removed = False
    for path in made:
        if path.exists():
            path.unlink()
            removed = True
    if not any(folder.iterdir()):
        folder.rmdir()
    return removed


def _is_text(path: str) -> bool:
    """Can SQLite hold this path as text? A file name that is not UTF-8 (its bytes kept as
    surrogates) cannot; such a file is read again on each run, which is rare and right."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _new_outcome(values: tuple) -> FileOutcome:
    return tuple.__new__(FileOutcome, values)  # FileOutcome(*values) without the keyword handling: 100k rows
