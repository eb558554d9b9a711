"""Which files to check: the walk of the given folders, filtered by the config's globs.

Folders are walked without following symbolic links and without entering hidden folders
(`.git`, `.qlint_cache`); files named directly are always checked.
"""

from __future__ import annotations

import fnmatch
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable

from qlint.discovery.stamps import stamp, stamp_of
from qlint.errors import UsageError
from qlint.record.config import Config

def _glob_sources(pattern: str) -> list[str]:
    # fnmatch's `*` already crosses `/`; `**/` must also match no folder at all.
    options = [fnmatch.translate(pattern)]
    if pattern.startswith("**/"):
        options.append(fnmatch.translate(pattern[3:]))
    return options


@lru_cache(maxsize=64)
def _globs_regex(patterns: tuple[str, ...], folders: bool = False) -> re.Pattern[str] | None:
    """One regex for any of `patterns` (and, with `folders`, anything below them); None for
    no patterns. One match per file instead of one per pattern: a walk tests 100k files."""
    options = [source for pattern in patterns for source in _glob_sources(pattern)]
    if folders:
        options += [re.escape(pattern.rstrip("/") + "/") for pattern in patterns]
    return re.compile("|".join(f"(?:{option})" for option in options)) if options else None


def glob_match(relative: str, pattern: str) -> bool:
    return _globs_regex((pattern,)).match(relative) is not None


_ANY_FILE_ENDING = re.compile(r"(?:\*\*/)?\*(\.[^*?\[\]/]+)")  # `**/*.md`, `*.md`: any path with that ending


def file_filter(config: Config) -> Callable[[str], bool]:
    """Is a file (path relative to the root) one to check, by the include/exclude globs?"""
    endings = [m.group(1) for pattern in config.include if (m := _ANY_FILE_ENDING.fullmatch(pattern))]
    if endings and len(endings) == len(config.include) and not config.exclude:
        # The default (`**/*.md`, nothing excluded): a test of the ending, which is what the
        # glob's regex works out, in a tenth of a warm run's walk less.
        suffixes = tuple(endings)
        return lambda relative: relative.endswith(suffixes)
    include, exclude = _globs_regex(tuple(config.include)), _globs_regex(tuple(config.exclude), folders=True)

    def keep(relative: str) -> bool:
        return include is not None and include.match(relative) is not None and not (exclude and exclude.match(relative))

    return keep


Stats = dict  # absolute path -> its Stamp, or None when it could not be stat'ed (or was not)


def discover_files(
    paths: list[Path], config: Config, stats: Stats | None = None, stat: bool = True, skipped: list[str] | None = None
) -> list[str]:
    """The files to check as sorted absolute path strings. Folders are walked (not
    following symbolic links, skipping hidden folders) and filtered by the config's
    include/exclude globs, relative to the root. Files named directly are checked if they
    are in the root and the globs keep them (with a config file and its `force-exclude`,
    the default; else always); the others go to `skipped`. When `stats` is given, it
    receives each file's Stamp, taken during the walk, in walk order (with `stat=False`,
    only the order: None for each file)."""
    root = str(config.root.absolute())
    found: list[str] = []
    seen = stats if stats is not None else {}
    given_paths = paths or [config.root]
    held = config.force_exclude and config.source is not None  # (without a config, the root is only a default)
    for given in given_paths:
        if not given.exists():
            raise UsageError(f"path does not exist: {given}")
        top = _normalized(given)
        if not given.is_dir():
            if held and not (top.startswith(root + os.sep) and file_filter(config)(top[len(root) + 1 :])):
                if skipped is not None:
                    skipped.append(top)
                continue
            found.append(top)
            seen[top] = stamp_of(top) if stat else None
            continue
        base = root if (top + os.sep).startswith(root + os.sep) else top
        keep, cut = file_filter(config), len(base) + 1
        pending = [top]
        while pending:  # the walk of a warm run: a few microseconds a file count
            folder = pending.pop()
            try:
                listing = os.scandir(folder)
            except FileNotFoundError:
                continue  # deleted since its parent was listed: nothing to check in it
            except OSError:
                # The folder itself becomes a target, which its reading reports (see
                # pipeline/worker.py): the records it holds must not go unchecked unsaid.
                found.append(folder)
                seen[folder] = None
                continue
            with listing:
                for item in listing:
                    if item.is_file(follow_symlinks=False):
                        path = item.path
                        if keep(path[cut:]):
                            found.append(path)
                            if not stat:
                                seen[path] = None
                            elif stats is not None:
                                try:
                                    seen[path] = stamp(item.stat(follow_symlinks=False))
                                except OSError:
                                    seen[path] = None
                    elif item.is_dir(follow_symlinks=False) and not item.name.startswith("."):
                        pending.append(item.path)
    # Paths given twice, or a file and its folder, name some files twice.
    return sorted(set(found)) if len(given_paths) > 1 else sorted(found)


def count_files(folder: Path) -> int:
    """How many files `folder` holds in the folders a walk visits (hidden ones are not): to
    tell an empty root from one whose files the config's globs all leave out."""
    count = 0
    for _, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        count += len(files)
    return count


def _normalized(given: Path) -> str:
    """`given` as an absolute path, named the way the walk of the configured root (which
    is resolved) names it: `..` and symlinked folders resolved. Else one file, named two
    ways (`../maths/a.md` and the walk's own path), would be two records with the same
    id and url. A symlinked file keeps its own name."""
    absolute = given.absolute()
    if given.is_dir() or absolute.name in ("", ".", ".."):
        return str(absolute.resolve())
    return str(absolute.parent.resolve() / absolute.name)


def display_path(path: Path | str, cwd: Path | str) -> str:
    """`path` relative to the working directory when it is below it, else absolute, with
    `/` between its parts: how every report shows a file."""
    prefix = str(cwd).rstrip(os.sep) + os.sep
    path = str(path)
    shown = path[len(prefix) :] if path.startswith(prefix) else path
    return shown.replace(os.sep, "/")
