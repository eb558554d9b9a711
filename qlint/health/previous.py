"""The earlier run a report is compared with, and what changed since.

`--previous FILE` takes the output of `qlint check --format json` (or `json-lines`), which
has every problem in full, a baseline (`qlint check --write-baseline`), or an earlier
`qlint report`, whose page embeds each problem's fingerprint by subject and rule (not its
path or message: that would be most of the page). Problems are matched by fingerprint (`qlint.pipeline.fingerprint`): by rule, file,
field and message, not by line, so a problem that only moved is neither new nor fixed.
Both runs must show paths the same way: made from the same folder, as CI jobs are.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qlint.diagnostics import Diagnostic
from qlint.errors import UsageError
from qlint.health.figures import subject_of
from qlint.pipeline.fingerprint import new_and_gone, of_json_problem

DATA_ID = "qlint-report-data"  # the id of the page's <script type="application/json"> block
DATA_FORMAT = "qlint-report"
DATA_VERSION = 1
_DATA_BLOCK = re.compile(rf'<script type="application/json" id="{DATA_ID}">(.*?)</script>', re.DOTALL)


@dataclass(frozen=True)
class PastProblem:
    """A problem of the earlier run; only code and subject when it was a report."""

    code: str
    subject: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    message: str | None = None


@dataclass
class Previous:
    label: str  # the file, as given on the command line
    digest: str  # of its content: a saved page compared with it is valid while it is the same
    problems: list[tuple[str, PastProblem]]  # (fingerprint, problem), in the earlier run's order
    detailed: bool  # its problems have paths, positions and messages (a JSON output)
    paths: set[str] = field(default_factory=set)  # the files they are in, when detailed


@dataclass
class Changes:
    """What changed between the earlier run and this one."""

    previous: Previous
    new: list[Diagnostic]  # this run's problems the earlier run did not have
    fixed: list[PastProblem]  # the earlier run's problems this run no longer reports
    before_by_rule: Counter
    before_by_subject: Counter
    new_by_rule: Counter
    fixed_by_rule: Counter
    new_by_subject: Counter
    fixed_by_subject: Counter
    paths_differ: bool  # no file of the earlier run's problems is among this run's files

    @property
    def before(self) -> int:
        return len(self.previous.problems)


def load(path: Path, root: Path, cwd: Path) -> Previous:
    """The earlier run in `path`; UsageError when it is not one qlint wrote."""
    try:
        content = path.read_bytes()
        text = content.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the previous report {path}: {getattr(exc, 'strerror', None) or exc}") from None
    label, digest = str(path), hashlib.sha256(content).hexdigest()
    block = _DATA_BLOCK.search(text) if text.lstrip()[:1] == "<" else None
    if block is not None:
        return _from_page(label, digest, _json(label, block.group(1)))
    if text.lstrip()[:1] == "<":
        raise UsageError(f"{label} is not a qlint report: it has no {DATA_ID} block")
    data = _baseline(text)
    if data is not None:  # a baseline: its problems, paths relative to its folder
        folder = path.absolute().parent
        problems = [
            {**problem, "path": os.path.relpath(folder / problem["path"], cwd).replace(os.sep, "/"), "line": 0, "column": 0}
            for problem in data["problems"] if isinstance(problem, dict) and isinstance(problem.get("path"), str)
        ]  # fmt: skip
        return _from_problems(label, digest, problems, str(root.absolute()), cwd)
    return _from_problems(label, digest, _problems(label, text), str(root.absolute()), cwd)


def _baseline(text: str) -> dict | None:
    """The content of a baseline, or None when `text` is not one."""
    if text.lstrip()[:1] != "{":
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None  # JSON lines, perhaps
    return data if isinstance(data, dict) and isinstance(data.get("problems"), list) and "version" in data else None


def compare(previous: Previous, diagnostics: list[Diagnostic], prints: list[str], subject_by_path: dict[str, str]) -> Changes:
    """What changed from `previous` to this run's `diagnostics` (with their fingerprints
    `prints`, and the subject of each reported file)."""
    new, fixed = new_and_gone(previous.problems, list(zip(prints, diagnostics)))
    now_paths = subject_by_path.keys()
    return Changes(
        previous=previous,
        new=new,
        fixed=fixed,
        before_by_rule=Counter(problem.code for _, problem in previous.problems),
        before_by_subject=Counter(problem.subject for _, problem in previous.problems),
        new_by_rule=Counter(d.code for d in new),
        fixed_by_rule=Counter(problem.code for problem in fixed),
        new_by_subject=Counter(subject_by_path.get(d.path, "") for d in new),
        fixed_by_subject=Counter(problem.subject for problem in fixed),
        paths_differ=previous.detailed and bool(previous.paths) and previous.paths.isdisjoint(now_paths),
    )


def _json(label: str, text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise UsageError(f"{label} is not valid JSON: {exc}") from None


def _problems(label: str, text: str) -> list[Any]:
    """The problem objects of a JSON output (an array), or of a JSON-lines output."""
    stripped = text.strip()
    if not stripped or stripped.startswith("["):
        return _json(label, stripped) if stripped else []
    return [_json(label, line) for line in stripped.splitlines() if line.strip()]


def _from_problems(label: str, digest: str, problems: list[Any], root: str, cwd: Path) -> Previous:
    found: list[tuple[str, PastProblem]] = []
    for number, problem in enumerate(problems, 1):
        if not _is_problem(problem):
            raise UsageError(f"{label}: item {number} is not a problem of `qlint check --format json`")
        path = problem["path"]
        past = PastProblem(
            code=problem["code"],
            subject=subject_of(os.path.join(cwd, path), root),
            path=path,
            line=problem["line"],
            column=problem["column"],
            field=problem["field"],
            message=problem["message"],
        )
        found.append((of_json_problem(problem), past))
    return Previous(label, digest, found, detailed=True, paths={problem.path for _, problem in found})


def _is_problem(problem: Any) -> bool:
    return (
        isinstance(problem, dict)
        and all(isinstance(problem.get(key), str) for key in ("code", "path", "message"))
        and all(type(problem.get(key)) is int for key in ("line", "column"))
        and isinstance(problem.get("field"), (str, type(None)))
    )


def _from_page(label: str, digest: str, data: Any) -> Previous:
    """The problems embedded in an earlier report: {subject: {code: [fingerprint, ...]}}."""
    if not (isinstance(data, dict) and data.get("format") == DATA_FORMAT):
        raise UsageError(f"{label} is not a qlint report: its data block is not qlint's")
    if data.get("version") != DATA_VERSION:
        raise UsageError(f"{label} was made by another version of `qlint report` (data version {data.get('version')!r})")
    by_subject = data.get("fingerprints")
    if not (isinstance(by_subject, dict) and all(isinstance(by_code, dict) for by_code in by_subject.values())):
        raise UsageError(f"{label} is not a qlint report: its fingerprints are damaged")
    found: list[tuple[str, PastProblem]] = []
    for subject, by_code in by_subject.items():
        for code, prints in by_code.items():
            if not (isinstance(prints, list) and all(isinstance(print_, str) for print_ in prints)):
                raise UsageError(f"{label} is not a qlint report: its fingerprints are damaged")
            past = PastProblem(code, subject)
            found.extend((print_, past) for print_ in prints)
    return Previous(label, digest, found, detailed=False)
