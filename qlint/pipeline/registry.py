"""Rules: what a rule module declares, the registry of them, and selecting them.

A rule module in `qlint.rules` (the repository's `rules/` folder) declares:

    CODE = "Q302"                     stable code; prefixes (Q3) select families
    NAME = "placeholder-score"        stable kebab-case name
    SEVERITY = Severity.ERROR         default severity, configurable per rule
    FIXABLE = False                   whether it can attach a Fix
    NEEDS_RECORD = True               False only for rules about unparsable files
    class Options(BaseModel): ...     optional; the rule's settings under [tool.qlint.rules.<name>]
    def check(document, context): ... yields Diagnostics, built with context.diagnostic(...)

A cross-record rule defines instead `check_corpus(index, entries, context)`: it sees the
corpus index of every record under the root and reports on `entries`, the records being
linted (all of them, or only the changed ones in pre-commit / PR mode). A rule about
suppression comments defines `check_suppressions(path, unused, context)`, called with the
file's suppressions and, for each, the selectors that silenced nothing.

and its module docstring is the user documentation (`qlint rule NAME`).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Any, Callable, Iterable, Iterator

from pydantic import BaseModel, ConfigDict, ValidationError

from qlint.record.aliases import noted
from qlint.errors import ConfigError
from qlint.record.config import Config, SiteConfig, config_problem, did_you_mean, in_our_words
from qlint.diagnostics import Diagnostic, Fix, Severity, SourceLine, Span, made_diagnostic
from qlint.record.document import Document

_CODE = re.compile(r"Q\d{3}")
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class NoOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    fixable: bool
    needs_record: bool
    doc: str
    options_model: type[BaseModel]
    check: Callable[[Document, "Context"], Iterable[Diagnostic]] | None
    check_corpus: Callable[[Any, list[Any], "Context"], Iterable[Diagnostic]] | None = None
    check_suppressions: Callable[[str, list[Any], "Context"], Iterable[Diagnostic]] | None = None

    @property
    def cross_record(self) -> bool:
        return self.check_corpus is not None

    def __reduce__(self):
        # Sent to worker processes by its code (the worker has the same rules), not with
        # its documentation: a chunk of work is then a few hundred bytes, not 50 KB.
        return find_rule, (self.code,)

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""

    @classmethod
    def from_module(cls, module: ModuleType) -> "Rule":
        code, name = getattr(module, "CODE", ""), getattr(module, "NAME", "")
        if not _CODE.fullmatch(code) or not _NAME.fullmatch(name):
            raise TypeError(f"{module.__name__}: CODE must look like Q123 and NAME like kebab-case")
        hooks = [getattr(module, hook, None) for hook in ("check", "check_corpus", "check_suppressions")]
        if sum(hook is not None for hook in hooks) != 1:
            raise TypeError(f"{module.__name__}: define exactly one of check(), check_corpus(), check_suppressions()")
        return cls(
            code=code,
            name=name,
            severity=Severity(getattr(module, "SEVERITY", Severity.ERROR)),
            fixable=bool(getattr(module, "FIXABLE", False)),
            needs_record=bool(getattr(module, "NEEDS_RECORD", True)),
            doc=module.__doc__ or "",
            options_model=getattr(module, "Options", NoOptions),
            check=getattr(module, "check", None),
            check_corpus=getattr(module, "check_corpus", None),
            check_suppressions=getattr(module, "check_suppressions", None),
        )


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Every rule qlint ships, sorted by code."""
    package = importlib.import_module("qlint.rules")
    names = sorted(m.name for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_"))
    rules = [Rule.from_module(importlib.import_module(f"qlint.rules.{name}")) for name in names]
    rules.sort(key=lambda rule: rule.code)
    for one, two in zip(rules, rules[1:]):
        if one.code == two.code:
            raise TypeError(f"rule code {one.code} is declared twice")
    return tuple(rules)


def find_rule(name_or_code: str) -> Rule | None:
    wanted = name_or_code.strip()
    for rule in all_rules():
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            return rule
    return None


def matches(selector: str, rule: Rule) -> bool:
    """Does a selector (code, prefix, kebab-case name or ALL) name this rule?"""
    return _matches(selector, rule)


def _matches(selector: str, rule: Rule) -> bool:
    selector = selector.strip()
    return (
        selector.upper() == "ALL"
        or selector.lower() == rule.name
        or (bool(re.fullmatch(r"Q\d{0,3}", selector.upper())) and rule.code.startswith(selector.upper()))
    )


def _check_selectors(selectors: Iterable[str], where: str, source: Path | None) -> None:
    for selector in selectors:
        if not any(_matches(selector, rule) for rule in all_rules()):
            hint = did_you_mean(selector, _rule_names())
            raise ConfigError(config_problem(source, where, f"unknown rule or prefix '{selector}'{hint} (see `qlint rules`)"))


def _rule_names() -> list[str]:
    return [name for rule in all_rules() for name in (rule.name, rule.code)]


@dataclass(frozen=True)
class Context:
    """What a rule sees besides the document: its options, its severity, the site's conventions."""

    rule: Rule
    severity: Severity
    options: Any
    site: SiteConfig

    def diagnostic(
        self,
        where: Document | Any,
        span: Span,
        message: str,
        field: str | None = None,
        fix: Fix | None = None,
        source: SourceLine | None = None,
    ) -> Diagnostic:
        """A diagnostic of this rule in `where`: a Document (its source line is taken from
        it), a corpus index entry or a path (the pipeline adds an entry's source line)."""
        rule = self.rule
        if isinstance(where, Document):
            source, shown = SourceLine.of(where.text, span), where.display_path
        else:
            shown = where if isinstance(where, str) else where.display_path
        return made_diagnostic(rule.code, rule.name, self.severity, message, shown, span, field, fix, source)


def active_rules(
    config: Config,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    extend_select: list[str] | None = None,
) -> list[Context]:
    """The rules to run, each with its configured severity and options.

    `select` from the command line replaces the config's; `ignore` adds to it.
    Raises ConfigError for unknown selectors, rule names or options.
    """
    selected = [*(select if select else config.select), *config.extend_select, *(extend_select or [])]
    ignored = [*config.ignore, *config.extend_ignore, *(ignore or [])]
    source = config.source
    _check_selectors(selected, "select", source)
    _check_selectors(ignored, "ignore", source)
    for glob, selectors in config.per_file_ignores.items():
        _check_selectors(selectors, f"per-file-ignores.{glob}", source)
    settings: dict[str, Any] = {}
    for key, value in config.rules.items():
        rule = find_rule(key)
        if rule is None:
            hint = did_you_mean(key, _rule_names())
            raise ConfigError(config_problem(source, f"rules.{key}", f"unknown rule{hint} (see `qlint rules`)"))
        settings[rule.code] = value
    contexts = []
    for rule in all_rules():
        if not any(_matches(s, rule) for s in selected) or any(_matches(s, rule) for s in ignored):
            continue
        configured = settings.get(rule.code)
        extra = dict(configured.model_extra or {}) if configured else {}
        try:
            options = rule.options_model.model_validate(extra)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            option = ".".join(str(p) for p in error["loc"])
            problem = in_our_words(error, rule.options_model).replace("unknown key", "unknown option")
            raise ConfigError(config_problem(source, f"rules.{rule.name}.{option}", problem)) from None
        severity = configured.severity if configured and configured.severity else rule.severity
        contexts.append(Context(rule, severity, options, config.site))
    return contexts


def run_rules(doc: Document, contexts: list[Context]) -> Iterator[Diagnostic]:
    """The record rules' diagnostics for one document."""
    return run_checks(doc, record_checks(contexts))


RecordCheck = tuple  # (check function, its context, whether it needs a parsed record)


def record_checks(contexts: list[Context]) -> list[RecordCheck]:
    """The record rules of `contexts`, ready to run: worked out once per run rather than
    once per file (for the many rules that find nothing, the lookups are the work)."""
    return [(c.rule.check, c, c.rule.needs_record) for c in contexts if c.rule.check is not None]


def run_checks(doc: Document, checks: list[RecordCheck]) -> Iterator[Diagnostic]:
    found = _checked(doc, checks)
    # At an alias: where the value comes from, and no fix (see record.aliases).
    return noted(doc, found) if doc.aliases else found


def _checked(doc: Document, checks: list[RecordCheck]) -> Iterator[Diagnostic]:
    parsed = doc.parsed
    for check, context, needs_record in checks:
        if parsed or not needs_record:
            yield from check(doc, context)


def run_corpus_rules(index: Any, entries: list[Any], contexts: list[Context]) -> Iterator[Diagnostic]:
    """The cross-record rules' diagnostics for `entries`, resolved against the whole index."""
    for context in contexts:
        if context.rule.check_corpus is not None:
            yield from context.rule.check_corpus(index, entries, context)
