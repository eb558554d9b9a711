"""The figures of a health report, counted from one Report: the whole corpus, each rule,
each subject, and each subject and rule together.

A record's subject is the folder it is in under the content root (`biology` for
`content/learn/biology/what-is-osmosis.md`), which is also how the site lays records out;
a file directly in the root, or outside it, has a subject of its own kind (`TOP_LEVEL`,
`OUTSIDE_ROOT`). Every figure counts the report's diagnostics as they are: the same
diagnostics `qlint check --format json` writes for the same run.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from qlint.diagnostics import Applicability, Diagnostic, Severity
from qlint.discovery.walk import display_path
from qlint.pipeline.linter import Report
from qlint.pipeline.registry import Context, Rule, find_rule

TOP_LEVEL = "(top level)"  # a record directly in the content root
OUTSIDE_ROOT = "(outside the root)"  # a file checked that is not below the content root
SAMPLES_PER_RULE = 20  # affected records shown for each rule: enough to see the pattern, a few KB


@dataclass
class Kinds:
    """Problems counted by what `qlint fix` can do about them."""

    problems: int = 0
    safe: int = 0  # fixed by `qlint fix`
    unsafe: int = 0  # fixed only by `qlint fix --unsafe-fixes`

    @property
    def unfixable(self) -> int:
        return self.problems - self.safe - self.unsafe

    def add(self, diagnostic: Diagnostic) -> None:
        self.problems += 1
        if diagnostic.fix is not None:
            if diagnostic.fix.applicability is Applicability.SAFE:
                self.safe += 1
            else:
                self.unsafe += 1


@dataclass
class RuleFigures:
    rule: Rule
    severity: Severity  # as configured for this run
    kinds: Kinds = field(default_factory=Kinds)
    records: int = 0  # records with at least one of its problems
    samples: list[Diagnostic] = field(default_factory=list)  # one diagnostic of each sampled record

    @property
    def problems(self) -> int:
        return self.kinds.problems


@dataclass
class RecordCounts:
    """Records and their problems, in a subject or in the whole corpus."""

    records: int = 0
    records_with_problems: int = 0
    kinds: Kinds = field(default_factory=Kinds)

    @property
    def problems(self) -> int:
        return self.kinds.problems

    @property
    def passing(self) -> int:
        return self.records - self.records_with_problems


@dataclass
class SubjectFigures(RecordCounts):
    name: str = ""
    by_rule: Counter = field(default_factory=Counter)  # rule code -> problems


@dataclass
class Figures(RecordCounts):
    """The whole corpus (records: the files reported on), and its parts."""

    by_severity: dict[Severity, int] = field(default_factory=dict)
    rules: list[RuleFigures] = field(default_factory=list)  # every active rule, most problems first
    subjects: list[SubjectFigures] = field(default_factory=list)  # every subject with a record, most problems first
    subject_of: dict[str, str] = field(default_factory=dict)  # a reported file's path as shown -> its subject

    @property
    def rules_with_problems(self) -> list[RuleFigures]:
        return [figures for figures in self.rules if figures.problems]

    @property
    def rule_codes(self) -> set[str]:
        return {figures.rule.code for figures in self.rules}

    @property
    def subject_names(self) -> set[str]:
        return {figures.name for figures in self.subjects}


def subject_of(path: str, root: str) -> str:
    """The subject of the file at absolute `path`, under the content root `root`."""
    prefix = root.rstrip(os.sep) + os.sep
    if not path.startswith(prefix):
        return OUTSIDE_ROOT
    folder, sep, _ = path[len(prefix) :].partition(os.sep)
    return folder if sep else TOP_LEVEL


def count(report: Report, reported: list[str], contexts: list[Context], root: Path, cwd: Path) -> Figures:
    """The figures of `report`, a check of the files `reported` (absolute paths) with the
    rules of `contexts`, under the content root `root`, its paths shown relative to `cwd`."""
    root_text = str(root.absolute())
    subject_by_path = {display_path(path, cwd): subject_of(path, root_text) for path in reported}
    subjects = {name: SubjectFigures(records, name=name) for name, records in Counter(subject_by_path.values()).items()}

    rules = {c.rule.code: RuleFigures(c.rule, c.severity) for c in contexts}
    by_rule_records: dict[str, list[Diagnostic]] = defaultdict(list)  # each rule's first problem in each record
    kinds, by_severity = Kinds(), Counter()
    last_path, seen_codes = None, set()
    for diagnostic in report.diagnostics:  # sorted by path: a record's problems are together
        path, code = diagnostic.path, diagnostic.code
        if path != last_path:
            subject = subject_by_path.get(path) or subject_of(os.path.join(cwd, path), root_text)
            if subject not in subjects:
                subjects[subject] = SubjectFigures(name=subject)
            figures_of_subject = subjects[subject]
            figures_of_subject.records_with_problems += 1
            last_path, seen_codes = path, set()
        kinds.add(diagnostic)
        by_severity[diagnostic.severity] += 1
        figures_of_subject.kinds.add(diagnostic)
        figures_of_subject.by_rule[code] += 1
        rule = rules.get(code) or rules.setdefault(code, _unlisted(diagnostic))
        rule.kinds.add(diagnostic)
        if code not in seen_codes:
            seen_codes.add(code)
            rule.records += 1
            by_rule_records[code].append(diagnostic)
    for code, firsts in by_rule_records.items():
        rules[code].samples = spread(firsts, SAMPLES_PER_RULE)

    return Figures(
        records=report.files,
        records_with_problems=sum(s.records_with_problems for s in subjects.values()),
        kinds=kinds,
        by_severity={severity: by_severity[severity] for severity in Severity},
        rules=sorted(rules.values(), key=lambda r: (-r.problems, r.rule.code)),
        subjects=sorted(subjects.values(), key=lambda s: (-s.problems, -s.records, s.name)),
        subject_of=subject_by_path,
    )


def spread(items: list, most: int) -> list:
    """At most `most` of `items`, evenly spaced from the first: a sample that reaches from
    one end of the sorted corpus to the other (every subject folder, not only the first)."""
    if len(items) <= most:
        return list(items)
    return [items[i * len(items) // most] for i in range(most)]


def _unlisted(diagnostic: Diagnostic) -> RuleFigures:
    """The figures of a rule that reported without being among the active ones (none does
    today; the counts must add up all the same)."""
    rule = find_rule(diagnostic.code)
    if rule is None:
        rule = Rule(diagnostic.code, diagnostic.name, diagnostic.severity, False, True, "", BaseModel, None)
    return RuleFigures(rule, diagnostic.severity)
