"""The health report as one HTML page: the figures, the charts and the data block, given
to the template (`templates/report.html.j2`).

The page is self-contained: its CSS is inline, its charts are inline SVG, it has no script
and a Content-Security-Policy that lets it load nothing, so it opens the same from disk,
from a CI artifact or from a mail. Everything taken from a record (paths, messages, field
values) goes through Jinja's autoescaping, and characters that would not show (controls,
zero-width and direction marks) are written out as `U+XXXX`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import jinja2
from markupsafe import Markup

from qlint import __version__
from qlint.diagnostics import Diagnostic
from qlint.health import TEMPLATES, charts
from qlint.health.figures import Figures, RuleFigures, spread
from qlint.health.previous import DATA_FORMAT, DATA_ID, DATA_VERSION, Changes
from qlint.health.text import code_spans, excerpt, number, percent, shown

CHANGED_SAMPLES = 40  # new and fixed problems listed in full
SAMPLES_SHOWN = 5  # of each rule's sampled records, shown before "more" (and in print)


@dataclass(frozen=True)
class Scope:
    """What the report is of, as its heading says."""

    checked: str  # the root, the paths given, or the files changed since a revision
    config: str | None  # the config file, as shown
    rules: int  # rules run


def embedded_data(figures: Figures, prints: list[str], diagnostics: list[Diagnostic], changes: Changes | None) -> str:
    """The page's figures as JSON, for programs and for `--previous`: the counts, and each
    problem's fingerprint by subject and rule. Safe inside <script>: no `<`, `>` or `&`."""
    fingerprints: dict[str, dict[str, list[str]]] = {}
    for print_, diagnostic in zip(prints, diagnostics):
        subject = figures.subject_of.get(diagnostic.path, "")
        fingerprints.setdefault(subject, {}).setdefault(diagnostic.code, []).append(print_)
    data = {
        "format": DATA_FORMAT,
        "version": DATA_VERSION,
        "qlint": __version__,
        "records": figures.records,
        "records_with_problems": figures.records_with_problems,
        "problems": figures.problems,
        "severity": {severity.value: count for severity, count in figures.by_severity.items()},
        "fixable": {"safe": figures.kinds.safe, "unsafe": figures.kinds.unsafe},
        "rules": {r.rule.code: _rule_data(r) for r in figures.rules},
        "subjects": {
            s.name: {
                "records": s.records,
                "records_with_problems": s.records_with_problems,
                "problems": s.problems,
                "rules": dict(sorted(s.by_rule.items())),
            }
            for s in figures.subjects
        },
        "since": None if changes is None else {
            "previous": changes.previous.label, "before": changes.before, "new": len(changes.new),
            "fixed": len(changes.fixed),
        },  # fmt: skip
        "fingerprints": fingerprints,
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _rule_data(figures: RuleFigures) -> dict:
    kinds = figures.kinds
    return {
        "name": figures.rule.name,
        "severity": figures.severity.value,
        "problems": kinds.problems,
        "records": figures.records,
        "safe": kinds.safe,
        "unsafe": kinds.unsafe,
    }


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every value is escaped unless the code marked it safe
        undefined=jinja2.StrictUndefined,  # a misspelt name fails the tests, not the page
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(shown=shown, number=number, excerpt=excerpt, spread=spread, code_spans=code_spans)
    env.globals.update(percent=percent, charts=charts)
    return env


def render(figures: Figures, prints: list[str], diagnostics: list[Diagnostic], scope: Scope, changes: Changes | None) -> str:
    return environment().get_template("report.html.j2").render(
        figures=figures,
        scope=scope,
        changes=changes,
        changed_samples=CHANGED_SAMPLES,
        samples_shown=SAMPLES_SHOWN,
        version=__version__,
        rules_chart=charts.rules_chart(figures),
        subjects_chart=charts.subjects_chart(figures),
        heatmap=charts.heatmap(figures),
        data=Markup(embedded_data(figures, prints, diagnostics, changes)),
        data_id=DATA_ID,
    )
