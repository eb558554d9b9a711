"""Configuration: `[tool.qlint]` in pyproject.toml or a qlint.toml, validated by pydantic.

The file is found by walking up from the first checked path (or the working directory);
`--config FILE` names it directly. Paths in it are relative to the file's folder.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from qlint.diagnostics import Severity
from qlint.errors import ConfigError

# The subject titles the QuickTakes site lists, spelled as most of the real corpus spells
# them; a record whose subject differs only in case is reported with the spelling here.
DEFAULT_SUBJECTS = [
    "Accounting and Finance", "American Culture", "American studies", "Architecture",
    "Art History and Literature", "Bachelor of laws", "Biochemistry", "Biology", "Biotechnology",
    "Business and Management", "Chemistry", "College Basketball", "Computer Science",
    "Criminal or Civil Law", "Digital Media", "Ecology", "Economics", "Education Studies",
    "Engineering", "English literature", "Environmental science", "Environmental studies",
    "Gender studies", "Health Studies", "History of the World", "Marine biology", "Marine studies",
    "Mathematics", "Medicine", "Movies and Cinematography", "Mythology", "Nursing", "Others",
    "Philosophy", "Philosophy and Greek Myths", "Physics", "Politics", "Psychology", "Science",
    "Sociology",
]  # fmt: skip


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class SiteConfig(_Section):
    """The site's conventions; the defaults are the QuickTakes site's."""

    url_pattern: str = Field("/learn/{subject_key}/questions/{slug}", alias="url-pattern")
    subjects: list[str] = Field(default_factory=lambda: list(DEFAULT_SUBJECTS))
    slug_style: Literal["quicktakes"] = Field("quicktakes", alias="slug-style")  # the ways qlint.record.site slugifies
    seo_title: str = Field("QuickTakes | {subject}", alias="seo-title")
    related_max: int = Field(5, alias="related-max", ge=0)

    @field_validator("url_pattern")
    @classmethod
    def _has_placeholders(cls, value: str) -> str:
        for name in ("{subject_key}", "{slug}"):
            if name not in value:
                raise ValueError(f"must contain {name}")
        return value


class RuleSettings(BaseModel):
    """`[tool.qlint.rules.<name-or-code>]`: a severity plus the rule's own options."""

    model_config = ConfigDict(extra="allow")

    severity: Severity | None = None


class Config(_Section):
    root: Path = Path(".")
    include: list[str] = Field(default_factory=lambda: ["**/*.md"])
    exclude: list[str] = Field(default_factory=list)
    select: list[str] = Field(default_factory=lambda: ["ALL"])
    ignore: list[str] = Field(default_factory=list)
    extend_select: list[str] = Field(default_factory=list, alias="extend-select")
    extend_ignore: list[str] = Field(default_factory=list, alias="extend-ignore")
    # Larger files are reported as unreadable, not read: a record is a few KB.
    max_file_size: int = Field(5 * 2**20, alias="max-file-size", gt=0)
    # glob (relative to root) -> rules not reported for the files it matches
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")
    # Files named on the command line (by pre-commit, by CI) are held to root, include and
    # exclude too: a README beside the content root is skipped, not linted as a record.
    force_exclude: bool = Field(True, alias="force-exclude")
    # The problems known already (qlint check --write-baseline), relative to this file.
    baseline: Path | None = None
    site: SiteConfig = Field(default_factory=SiteConfig)
    rules: dict[str, RuleSettings] = Field(default_factory=dict)

    source: Path | None = Field(None, exclude=True)  # the file this came from, if any


CONFIG_FILES = ("qlint.toml", "pyproject.toml")


def find_config_file(start: Path) -> Path | None:
    """The nearest qlint.toml, or pyproject.toml with a [tool.qlint] table, at or above start."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        qlint_toml = candidate / "qlint.toml"
        if qlint_toml.is_file():
            return qlint_toml
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_qlint_table(pyproject):
            return pyproject
    return None


def _has_qlint_table(pyproject: Path) -> bool:
    # A broken pyproject.toml on the way up is reported, not skipped: it is likely the one meant.
    return "qlint" in _read_toml(pyproject).get("tool", {})


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load_config(path: Path | None) -> Config:
    """Load and validate a config file; None gives the defaults rooted at the working directory."""
    if path is None:
        return Config(root=Path.cwd())
    table = _read_toml(path)
    if path.name == "pyproject.toml":
        table = table.get("tool", {}).get("qlint", {})
    try:
        config = Config.model_validate(table)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_first_error(exc)}") from None
    config.source = path
    if not config.root.is_absolute():
        config.root = (path.parent / config.root).resolve()
    if config.baseline is not None and not config.baseline.is_absolute():
        config.baseline = path.parent / config.baseline
    return config


def _first_error(exc: ValidationError) -> str:
    error = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in error["loc"])
    if error["type"] == "extra_forbidden":
        return f"unknown key '{where}'"
    if error["type"] == "literal_error":
        choices = ", ".join(repr(choice) for choice in re.findall(r"'([^']*)'", error["ctx"]["expected"]))
        return f"'{where}': {error['input']!r} is not one of the choices: {choices}"
    return f"'{where}': {error['msg']}"


DEFAULT_SITE = SiteConfig()  # the QuickTakes site, for records parsed without a config
