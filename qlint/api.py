"""The Python API: check and fix records from a program, with the pipeline the CLI uses.

    import qlint

    config = qlint.load_config()                      # as `qlint check` finds it
    problems = qlint.check_text(text, "content/learn/biology/what-is-osmosis.md", config)
    fixed = qlint.fix_text(text, "content/learn/biology/what-is-osmosis.md", config)
    report = qlint.check_paths(["content/learn"], config)

For many calls, make one `qlint.Project(config)` and call its methods: it reads the corpus
index (for the cross-record rules) once, not at every call. Nothing here prints, exits or
changes a file; usage and config errors raise `qlint.QlintError` (`ConfigError`,
`UsageError`). Like the CLI, a Project reads and updates the cache next to the config (pass
`cache=False` not to).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from qlint.diagnostics import Diagnostic
from qlint.discovery.walk import display_path
from qlint.errors import UsageError
from qlint.fixing.loop import fix_document
from qlint.pipeline.cache import Cache
from qlint.pipeline.cache_key import cache_key
from qlint.pipeline.index import CorpusIndex
from qlint.pipeline.linter import Linter, Report
from qlint.pipeline.registry import active_rules
from qlint.record.config import Config, find_config_file
from qlint.record.config import load_config as _load_config_file
from qlint.record.parse import parse_text

@dataclass
class FixedText:
    """What fix_text made of a record."""

    text: str  # the fixed text (the text given when nothing applied)
    fixed: list[Diagnostic] = field(default_factory=list)  # the problems whose fixes were applied
    remaining: list[Diagnostic] = field(default_factory=list)  # the problems of the fixed text


def load_config(path: str | Path | None = None) -> Config:
    """The resolved config of a qlint.toml or pyproject.toml; with None, the one `qlint
    check` would use from the working directory (searched for upwards; the defaults, rooted
    at the working directory, when there is none)."""
    if path is None:
        return _load_config_file(find_config_file(Path.cwd()))
    if not Path(path).is_file():
        raise UsageError(f"config file does not exist: {path}")
    return _load_config_file(Path(path))


class Project:
    """The records of one config's content root, checked and fixed with its rules."""

    def __init__(
        self,
        config: Config | None = None,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
        jobs: int | None = None,
        cache: bool = True,
    ) -> None:
        """`select` / `ignore`: rule codes, prefixes or names, as on the command line
        (`select` replaces the config's); `jobs`: worker processes for check_paths (None:
        one per CPU)."""
        self.config = config if config is not None else load_config()
        contexts = active_rules(self.config, list(select) if select else None, list(ignore))
        folder = self.config.folder / ".qlint_cache"
        self._cache = Cache(folder, cache_key(self.config, contexts)) if cache else None
        self.linter = Linter(self.config, contexts, self._cache, jobs or os.cpu_count() or 1)
        self._index: CorpusIndex | None = None

    def check_paths(self, paths: Iterable[str | Path]) -> Report:
        """Check files and folders, as `qlint check PATHS` does."""
        linter = self.linter
        report = linter.check(linter.targets([Path(p) for p in paths]))
        self._index = None  # the corpus as this check read it, when asked next
        return report

    def check_text(self, text: str, path: str | Path) -> list[Diagnostic]:
        """The problems of a record given as text, as if it were the file at `path`: its
        file name and folder count, and its links are resolved against the content root's
        other records (its own file, if there is one, stands aside for the text)."""
        return self.linter.lint_document(self._document(text, path), self._corpus())

    def fix_text(self, text: str, path: str | Path, unsafe: bool = False) -> FixedText:
        """The record given as text with its fixes applied (`unsafe`: the unsafe ones too),
        verified as `qlint fix` verifies them; nothing is written."""
        index = self._corpus()
        outcome = fix_document(self._document(text, path), lambda doc: self.linter.lint_document(doc, index), unsafe)
        return FixedText(outcome.text, outcome.fixed, outcome.remaining)

    def close(self) -> None:
        self.linter.close()
        if self._cache is not None:
            self._cache.close()

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _document(self, text: str, path: str | Path):
        absolute = Path(path).absolute()
        bom = text.startswith("\ufeff")
        text = text[1:] if bom else text
        return parse_text(text, absolute, display_path(absolute, Path.cwd()), bom, self.config.site)

    def _corpus(self) -> CorpusIndex | None:
        if not self.linter.cross:
            return None
        if self._index is None:
            self._index = self.linter.corpus()
        return self._index


def check_text(text: str, path: str | Path, config: Config | None = None) -> list[Diagnostic]:
    """The problems of one record given as text, as if it were the file at `path` (see
    Project.check_text). Without a config, the one found from `path` is used."""
    with Project(config or _config_near(path)) as project:
        return project.check_text(text, path)


def fix_text(text: str, path: str | Path, config: Config | None = None, unsafe: bool = False) -> FixedText:
    """One record given as text, fixed (see Project.fix_text)."""
    with Project(config or _config_near(path)) as project:
        return project.fix_text(text, path, unsafe)


def check_paths(paths: Iterable[str | Path], config: Config | None = None, jobs: int | None = None) -> Report:
    """Check files and folders as `qlint check` does: `.diagnostics` (sorted by path, line,
    column), `.files` checked, `.count`, and `.tally` (the counts of the CLI's summary)."""
    paths = [Path(p) for p in paths]
    with Project(config or _config_near(paths[0] if paths else None), jobs=jobs) as project:
        return project.check_paths(paths)


def _config_near(path: str | Path | None) -> Config:
    """The config `qlint check PATH` would use."""
    return _load_config_file(find_config_file(Path(path) if path is not None else Path.cwd()))
