"""Find the files to check and run the active rules on each, one file at a time.

Only one Document is alive at a time, so memory stays flat however large the corpus is.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

from qlint.config import Config
from qlint.diagnostics import Diagnostic
from qlint.document import read_document
from qlint.registry import Context, run_rules


class UsageError(Exception):
    """A problem with what the user asked for (a missing path...): exit 2."""


@dataclass
class RunResult:
    files: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)


def _glob_match(relative: str, pattern: str) -> bool:
    # fnmatch's `*` already crosses `/`; `**/` must also match no folder at all.
    if fnmatch.fnmatchcase(relative, pattern):
        return True
    return pattern.startswith("**/") and fnmatch.fnmatchcase(relative, pattern[3:])


def _wanted(relative: str, config: Config) -> bool:
    return any(_glob_match(relative, p) for p in config.include) and not any(
        _glob_match(relative, p) or relative.startswith(p.rstrip("/") + "/") for p in config.exclude
    )


def _relative_to_root(path: Path, config: Config, fallback: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return path.relative_to(fallback).as_posix()


def discover(paths: list[Path], config: Config) -> list[Path]:
    """The files to check, sorted. Files named directly are always checked; folders are
    walked (without following symlinks, skipping hidden folders) and filtered by the
    config's include/exclude globs, relative to the root."""
    found: set[Path] = set()
    for given in paths or [config.root]:
        if not given.exists():
            raise UsageError(f"path does not exist: {given}")
        given = given.absolute()
        if not given.is_dir():
            found.add(given)
            continue
        for folder, dirs, files in os.walk(given):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in files:
                path = Path(folder, name)
                if _wanted(_relative_to_root(path, config, given), config):
                    found.add(path)
    return sorted(found)


def display_path(path: Path, cwd: Path) -> str:
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


def lint_paths(paths: list[Path], config: Config, contexts: list[Context]) -> RunResult:
    cwd = Path.cwd().absolute()
    result = RunResult()
    for path in discover(paths, config):
        doc = read_document(path, display_path(path, cwd))
        result.files += 1
        try:
            result.diagnostics.extend(run_rules(doc, contexts))
        except Exception as exc:  # a rule bug must not hide the other files' results
            result.internal_errors.append(f"{doc.display_path}: internal error: {type(exc).__name__}: {exc}")
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result
