"""The baseline: the problems a corpus already had, so that only new ones are reported.

`qlint check --write-baseline FILE` records every problem of the run; `--baseline FILE`
(or `baseline = "FILE"` in the config) then reports only the problems not in it. A
problem is recorded by what it is, never by where it is: its file, the id of its record,
its rule, its field and its message (which quotes the offending value; positions it
mentions are masked). An edit elsewhere in the file, or lines moved, leave it known; a
record moved or renamed keeps its problems where its id matches. A problem counts as many
times as it was recorded: a third doubled quote where there were two is new.

The file is JSON, one problem a line, sorted: it diffs well in review, and the same
problems always give the same bytes. Paths in it are relative to its own folder.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, NamedTuple

from qlint.diagnostics import Diagnostic
from qlint.errors import UsageError
from qlint.fixing.atomic import write_whole
from qlint.pipeline.fingerprint import without_positions
from qlint.printable import json_text

FORMAT = 1
_ABOUT = "Problems qlint knew of when this file was written (qlint check --write-baseline); qlint check --baseline reports only the others."


class Known(NamedTuple):
    """One problem as the baseline records it."""

    path: str  # relative to the baseline's folder, with `/`
    id: int | None  # the id of its record, when it has one
    code: str
    name: str
    field: str | None
    message: str  # positions masked

    def by_place(self) -> tuple:
        return self.path, self.code, self.field, self.message

    def by_record(self) -> tuple:
        return self.id, self.code, self.field, self.message


@dataclass
class Comparison:
    new: list[Diagnostic]  # not in the baseline: reported
    known: int  # in the baseline and still there: not reported
    gone: list[Known]  # in the baseline, no longer there: fixed


Locate = Callable[[Diagnostic], tuple[str, "int | None"]]  # a diagnostic -> (its file's absolute path, its record's id)


class Baseline:
    def __init__(self, path: Path, problems: list[Known], digest: str = "") -> None:
        self.path, self.problems = path, problems
        self.digest = digest  # of the file's bytes: a report rendered with it is valid while they are

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        """The baseline in `path`; UsageError when it cannot be read or is not one."""
        try:
            raw = path.read_bytes()
            data = json.loads(raw.decode("utf-8"))
            if data.get("version") != FORMAT:
                raise ValueError(f"version {data.get('version')!r}, expected {FORMAT}")
            problems = [Known(p["path"], p.get("id"), p["code"], p["name"], p.get("field"), p["message"]) for p in data["problems"]]
        except FileNotFoundError:
            raise UsageError(f"baseline {path} does not exist (qlint check --write-baseline {path} writes it)") from None
        except OSError as exc:
            raise UsageError(f"cannot read the baseline {path}: {exc.strerror or exc}") from None
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise UsageError(f"{path} is not a qlint baseline ({exc})") from None
        return cls(path, problems, hashlib.blake2b(raw, digest_size=16).hexdigest())

    def compare(self, diagnostics: list[Diagnostic], locate: Locate, scope: set[str] | None = None) -> Comparison:
        """Which of `diagnostics` are new; which recorded problems are gone. With `scope`
        (the absolute paths that were checked), problems of other files are not gone."""
        found = [(self.known(d, locate), d) for d in diagnostics]
        waiting = Counter(p.by_place() for p in self.problems)
        unplaced = []  # found, not where recorded: a record moved or renamed?
        for known, d in found:
            if waiting[known.by_place()]:
                waiting[known.by_place()] -= 1
            else:
                unplaced.append((known, d))
        left = [p for p in self.problems if _take(waiting, p.by_place())]
        by_record = Counter(p.by_record() for p in left if p.id is not None)
        new = []
        for known, d in unplaced:
            if known.id is not None and by_record[known.by_record()]:
                by_record[known.by_record()] -= 1
            else:
                new.append(d)
        gone = [p for p in left if p.id is None or _take(by_record, p.by_record())]
        if scope is not None:
            checked = {self._relative(path) for path in scope}
            gone = [p for p in gone if p.path in checked]
        return Comparison(new, len(diagnostics) - len(new), gone)

    def known(self, d: Diagnostic, locate: Locate) -> Known:
        path, record_id = locate(d)
        return Known(self._relative(path), record_id, d.code, d.name, d.field, without_positions(d.message))

    def _relative(self, path: str) -> str:
        return os.path.relpath(path, self.path.parent.absolute()).replace(os.sep, "/")

    def write(self, diagnostics: list[Diagnostic], locate: Locate, scope: set[str] | None = None) -> int:
        """Record `diagnostics` in the baseline's file (with `scope`, the absolute paths
        checked, the problems recorded of other files stay); how many problems it holds."""
        problems = [self.known(d, locate) for d in diagnostics]
        if scope is not None:
            checked = {self._relative(path) for path in scope}
            problems += [p for p in self.problems if p.path not in checked]
        self.problems = sorted(problems, key=lambda p: (p.path, p.code, p.field or "", p.message, p.id or 0))
        # (json_text: a value with a direction override or a file name that is not UTF-8 is
        # written as \u escapes: exact, and safe to review in a diff)
        lines = [json_text(p._asdict(), sort_keys=True) for p in self.problems]
        text = f'{{\n"about": {json.dumps(_ABOUT)},\n"version": {FORMAT},\n"problems": [\n' + ",\n".join(lines) + "\n]\n}\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_whole(self.path, text.encode("utf-8"))
        except OSError as exc:
            raise UsageError(f"cannot write the baseline {self.path}: {exc.strerror or exc}") from None
        return len(self.problems)

    @classmethod
    def for_writing(cls, path: Path) -> "Baseline":
        """The baseline to write to `path`: the one there, if any (a partial run replaces
        only the problems of the files it checked)."""
        try:
            return cls.load(path)
        except UsageError:
            return cls(path, [])


def _take(counts: Counter, key: tuple) -> bool:
    """Take one of `key` from `counts`, if there is one."""
    if counts[key]:
        counts[key] -= 1
        return True
    return False
