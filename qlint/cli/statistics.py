"""`--statistics`: how many problems, by rule, by subject (the record's folder) or by
severity, as a table or (`--format json`) as JSON.

By rule, a rule whose problems all have safe fixes is marked `[*]` (`qlint fix` clears
them), one whose fixes are unsafe only `[~]` (`--unsafe-fixes`), and one with some of each
`[*~]`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath

from qlint.diagnostics import Applicability, Diagnostic
from qlint.pipeline.linter import Report
from qlint.printable import json_text, printable

GROUPS = ("rule", "subject", "severity")


def statistics(report: Report, group_by: str, as_json: bool) -> str:
    counts: Counter = Counter(_key(d, group_by) for d in report.diagnostics)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    fixes = _fixes(report.diagnostics) if group_by == "rule" else {}
    if as_json:
        groups = []
        for key, count in ordered:
            group = {"code": key[0], "name": key[1]} if group_by == "rule" else {group_by: key}
            group["count"] = count
            if group_by == "rule":
                group["fixes"] = {"safe": fixes[key][0], "unsafe": fixes[key][1]}
            groups.append(group)
        return json_text({"group_by": group_by, "groups": groups, "problems": report.count}, indent=2) + "\n"
    lines = []
    for key, count in ordered:
        if group_by == "rule":
            lines.append(f"{count:>7}  {key[0]}  {_marker(*fixes[key]):<3} {key[1]}")
        else:
            lines.append(f"{count:>7}  {printable(key)}")  # a folder's name
    problems = f"{report.count} problem{'s' if report.count != 1 else ''}"
    return "".join(line + "\n" for line in lines) + f"Found {problems}.\n"


def _key(d: Diagnostic, group_by: str):
    if group_by == "rule":
        return d.code, d.name
    if group_by == "severity":
        return d.severity.value
    parent = PurePosixPath(d.path).parent.name
    return parent or "."


def _fixes(diagnostics: list[Diagnostic]) -> dict[tuple, tuple[int, int]]:
    """(code, name) -> (problems with a safe fix, problems with an unsafe fix)."""
    safe, unsafe = Counter(), Counter()
    for d in diagnostics:
        if d.fix is not None:
            (safe if d.fix.applicability is Applicability.SAFE else unsafe)[(d.code, d.name)] += 1
    return {key: (safe[key], unsafe[key]) for key in {(d.code, d.name) for d in diagnostics}}


def _marker(safe: int, unsafe: int) -> str:
    if safe and unsafe:
        return "[*~]"
    if safe:
        return "[*]"
    return "[~]" if unsafe else ""
