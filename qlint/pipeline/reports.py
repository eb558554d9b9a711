"""The report of an unchanged corpus, saved in the cache: a second run over the very same
files with the very same rules reads it back instead of checking anything.
"""

from __future__ import annotations

import hashlib
import json
import marshal
from pathlib import Path
from typing import NamedTuple

from qlint.diagnostics import Diagnostic
from qlint.discovery.walk import Stats
from qlint.pipeline.worker import Findings


class ReportKey(NamedTuple):
    """Under which a report is saved. `scope` is what was linted and how: the files reported
    on, the cache key (rules, config, versions), the directory paths are shown relative to.
    `state` is every file's path, size and time, in the order the walk found them (a new
    order can only cost a miss: no other state gives the same bytes)."""

    scope: str
    state: str

    @classmethod
    def of(cls, cache_key: str, reported: list[str], stats: Stats, cwd: Path) -> "ReportKey":
        # Marshal version 2 writes no back-references: equal values, equal bytes, whichever
        # objects hold them (the stats come from the walk or from the workers).
        scope = hashlib.sha256(marshal.dumps(reported, 2))
        scope.update(json.dumps([cache_key, str(cwd)]).encode())
        return cls(scope.hexdigest(), hashlib.sha256(marshal.dumps(stats, 2)).hexdigest())


class SavedReport(NamedTuple):
    files: int  # files reported on
    reported: list[tuple[str, bytes]]  # (path as shown, its reported diagnostics as Findings in wire form)

    def to_wire(self) -> bytes:
        return marshal.dumps((self.files, self.reported))

    @staticmethod
    def diagnostics_of(blob: bytes) -> tuple[int, list[Diagnostic]]:
        """(files, diagnostics) of a saved report; ValueError (or TypeError...) when damaged."""
        files, reported = marshal.loads(blob)
        return files, [d for shown, wire in reported for d in Findings.from_wire(wire, shown).diagnostics]
