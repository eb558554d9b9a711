"""Configuration: `[tool.qlint]` in pyproject.toml or a qlint.toml, validated by pydantic.

The file is found by walking up from the first checked path (or the working directory);
`--config FILE` names it directly. Paths in it are relative to the file's folder.
"""

from __future__ import annotations

import difflib
import re
import string
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
    def _url_placeholders(cls, value: str) -> str:
        return _placeholders(value, required=("subject_key", "slug"))

    @field_validator("seo_title")
    @classmethod
    def _seo_placeholders(cls, value: str) -> str:
        return _placeholders(value, required=(), allowed=("subject",))


def _placeholders(pattern: str, required: tuple[str, ...], allowed: tuple[str, ...] = ()) -> str:
    """`pattern` itself if it is a format string naming each of `required` exactly once and
    nothing outside `required` + `allowed` (a url with `{slug}` twice, `{0}` or a lone `{`
    would be accepted by str.format's parser or fail only at the first record)."""
    names = (*required, *allowed)
    try:
        fields = [
            (name, conversion, spec)
            for _, name, spec, conversion in string.Formatter().parse(pattern)
            if name is not None
        ]
    except ValueError as exc:  # a lone `{` or `}`
        raise ValueError(f"{exc}: write a literal brace as {{{{ or }}}}") from None
    for name, conversion, spec in fields:
        if name not in names:
            raise ValueError(f"{{{name}}} is not a placeholder here: use {', '.join('{' + n + '}' for n in names)}")
        if conversion or spec:
            raise ValueError(f"{{{name}}} takes no conversion or format spec")
    for name in required:
        count = sum(1 for field, _, _ in fields if field == name)
        if count != 1:
            raise ValueError(f"must contain {{{name}}} exactly once (it has it {count} times)")
    return pattern


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

    @property
    def folder(self) -> Path:
        """The project's folder, which relative paths in the config and the cache are in: the
        config file's, or the working directory without one or with one that is not a
        regular file (`--config /dev/null` for "no config")."""
        if self.source is not None and self.source.is_file():
            return self.source.parent
        return Path.cwd()


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
            data = handle.read()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError(
            f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}): TOML files are UTF-8; save it as UTF-8"
        ) from None
    try:
        return tomllib.loads(text)
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
        error = exc.errors(include_url=False)[0]
        raise ConfigError(config_problem(path, ".".join(str(part) for part in error["loc"]), in_our_words(error))) from None
    config.source = path
    if not config.root.is_absolute():
        config.root = (config.folder / config.root).resolve()
    if not config.root.is_dir():
        # A misspelt root would make every related link look broken: say so instead.
        problem = "is not a folder" if config.root.exists() else "does not exist"
        raise ConfigError(config_problem(path, "root", f"folder {config.root} {problem}"))
    if config.baseline is not None and not config.baseline.is_absolute():
        config.baseline = config.folder / config.baseline
    return config


def config_problem(source: Path | None, key: str, problem: str) -> str:
    """A config error in qlint's words: the file, the key as written there, the problem."""
    if source is not None and source.name == "pyproject.toml":
        key = f"tool.qlint.{key}"
    return f"{source}: '{key}': {problem}" if source is not None else f"'{key}': {problem}"


def did_you_mean(given: str, known: list[str]) -> str:
    """` (did you mean 'x'?)` when one of `known` is close to `given`, else ``."""
    close = difflib.get_close_matches(given, known, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items() if name != "source"]


_SECTIONS: dict[str, type[BaseModel]] = {"": Config, "site": SiteConfig}

_EXPECTED = {  # pydantic error type -> what qlint says was expected
    "string_type": "a string",
    "list_type": "a list",
    "dict_type": "a table",
    "model_type": "a table",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "path_type": "a path (a string)",
}


def in_our_words(error: dict[str, Any], model: type[BaseModel] | None = None) -> str:
    """What is wrong, as qlint words it, of one of pydantic's errors; `model` is the one the
    error's key belongs to when it is not a section of Config (a rule's options)."""
    loc = [str(part) for part in error["loc"]]
    kind, given = error["type"], error.get("input")
    if kind == "extra_forbidden":
        section = model or _SECTIONS.get(".".join(loc[:-1]))
        return "unknown key" + (did_you_mean(loc[-1], _keys_of(section)) if section is not None else "")
    if kind in ("literal_error", "enum"):
        choices = ", ".join(repr(choice) for choice in re.findall(r"'([^']*)'", error["ctx"]["expected"]))
        return f"{given!r} is not one of the choices: {choices}"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, not {type(given).__name__} {given!r}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next(iter(error["ctx"].values()))
        relation = {"greater_than": "greater than", "greater_than_equal": "at least",
                    "less_than": "less than", "less_than_equal": "at most"}[kind]  # fmt: skip
        return f"must be {relation} {bound}, not {given!r}"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return error["msg"]


DEFAULT_SITE = SiteConfig()  # the QuickTakes site, for records parsed without a config
