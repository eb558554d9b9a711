"""Reading a `qlint report` page as a person or a program would, and the figures it should
show, worked out here from the JSON output alone (not with the report's own code)."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import run_cli


@dataclass
class Page:
    """What a page shows: its headline figures (name -> value and text), its tables (id ->
    row -> column -> text), the text of each chart (id of its title -> texts in order), its
    embedded data, and every URL it refers to."""

    figures: dict[str, int] = field(default_factory=dict)
    figure_texts: dict[str, str] = field(default_factory=dict)
    tables: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    charts: dict[str, list[str]] = field(default_factory=dict)
    data: dict = field(default_factory=dict)
    references: list[str] = field(default_factory=list)  # src, href, url(...), @import...
    scripts: list[tuple[dict, str]] = field(default_factory=list)  # (attributes, content)
    handlers: list[str] = field(default_factory=list)  # on... attributes (event handlers)
    text: str = ""  # all the visible text


_REFERENCE_ATTRIBUTES = {"src", "href", "xlink:href", "action", "formaction", "data", "poster", "srcset", "background", "cite", "manifest", "ping"}
_SEPARATE = {"td", "th", "tr", "p", "div", "li", "br", "caption", "summary", "h1", "h2", "h3"}  # shown apart
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)|@import\s+['\"]?([^'\";\s]+)", re.IGNORECASE)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[str] = []
        self.figure: str | None = None
        self.table: str | None = None
        self.row: str | None = None
        self.cell: str | None = None
        self.chart: str | None = None
        self.script: dict | None = None
        self.style = False
        self.buffer: list[str] = []
        self.visible: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in _SEPARATE:
            self.visible.append(" ")
        for name, value in attrs:
            if name.startswith("on"):
                self.page.handlers.append(f"{tag} {name}={value}")
            if name in _REFERENCE_ATTRIBUTES and value is not None:
                self.page.references.append(value)
            if name == "style" and value:
                self.page.references.extend(a or b for a, b in _CSS_URL.findall(value))
            if name in ("fill", "stroke", "filter", "mask", "clip-path") and value and "url(" in value:
                self.page.references.extend(a or b for a, b in _CSS_URL.findall(value))
        if tag == "data" and "data-figure" in attributes:
            self.figure = attributes["data-figure"]
            self.page.figures[self.figure] = int(attributes["value"])
            self.buffer = []
        elif tag == "table" and attributes.get("id"):
            self.table = attributes["id"]
            self.page.tables[self.table] = {}
        elif tag == "tr" and self.table and ("data-rule" in attributes or "data-subject" in attributes):
            self.row = attributes.get("data-rule") or attributes.get("data-subject")
            self.page.tables[self.table][self.row] = {}
        elif tag == "td" and self.row is not None and ("data-count" in attributes or "data-rule" in attributes):
            self.cell = attributes.get("data-count") or attributes.get("data-rule")
            self.buffer = []
        elif tag == "svg" and attributes.get("aria-labelledby"):
            self.chart = attributes["aria-labelledby"].split()[0]
            self.page.charts[self.chart] = []
        elif tag == "script":
            self.script = attributes
            self.buffer = []
        elif tag == "style":
            self.style = True
            self.buffer = []
        if tag not in ("br", "meta", "rect", "input", "img", "link"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in _SEPARATE:
            self.visible.append(" ")
        if tag == "data" and self.figure is not None:
            self.page.figure_texts[self.figure] = "".join(self.buffer)
            self.figure = None
        elif tag == "td" and self.cell is not None:
            self.page.tables[self.table][self.row][self.cell] = "".join(self.buffer).strip()
            self.cell = None
        elif tag == "tr":
            self.row = None
        elif tag == "table":
            self.table = None
        elif tag == "svg":
            self.chart = None
        elif tag == "script" and self.script is not None:
            self.page.scripts.append((self.script, "".join(self.buffer)))
            self.script = None
        elif tag == "style":
            css = "".join(self.buffer)
            self.page.references.extend(a or b for a, b in _CSS_URL.findall(css))
            self.style = False
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        self.buffer.append(data)
        if self.chart is not None and self.stack and self.stack[-1] == "text":
            self.page.charts[self.chart].append(data)
        if self.script is None and not self.style:
            self.visible.append(data)


def read_page(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    page = reader.page
    page.text = "".join(reader.visible)
    for attributes, content in page.scripts:
        if attributes.get("type") == "application/json":
            page.data = json.loads(content)
    return page


def number(text: str) -> int:
    return int(text.replace(",", ""))


@dataclass
class Expected:
    """The figures a page must show for a JSON output (worked out from it alone)."""

    figures: dict[str, int]
    rules: dict[str, dict[str, int]]  # code -> problems, records, safe, unsafe
    subjects: dict[str, dict[str, int]]  # subject -> records, passing, problems, safe, unsafe
    heat: Counter  # (subject, code) -> problems


def expected_figures(problems: list[dict], records_by_subject: Counter, subject_of) -> Expected:
    """What the page must show: `problems` is the JSON output, `records_by_subject` the
    records checked in each subject folder, `subject_of(path)` the subject of a path as shown."""

    def counts(mine: list[dict]) -> dict[str, int]:
        fixes = Counter(p["fix"]["applicability"] for p in mine if p["fix"])
        return {"problems": len(mine), "records": len({p["path"] for p in mine}), "safe": fixes["safe"], "unsafe": fixes["unsafe"]}

    by_rule: dict[str, list[dict]] = {}
    by_subject: dict[str, list[dict]] = {}
    subjects_of_paths = {path: subject_of(path) for path in {p["path"] for p in problems}}
    for problem in problems:
        by_rule.setdefault(problem["code"], []).append(problem)
        by_subject.setdefault(subjects_of_paths[problem["path"]], []).append(problem)
    whole = counts(problems)
    records = sum(records_by_subject.values())
    figures = {
        "records": records,
        "records-checked": records,
        "records-passing": records - whole["records"],
        "records-with-problems": whole["records"],
        "problems": whole["problems"],
        "safe-fixable": whole["safe"],
        "unsafe-fixable": whole["unsafe"],
        "unfixable": whole["problems"] - whole["safe"] - whole["unsafe"],
        **{severity: sum(p["severity"] == severity for p in problems) for severity in ("error", "warning", "info")},
    }
    rules = {code: counts(mine) for code, mine in by_rule.items()}
    subjects = {}
    for subject, records_there in records_by_subject.items():
        there = counts(by_subject.get(subject, []))
        subjects[subject] = {
            "records": records_there,
            "passing": records_there - there["records"],
            "problems": there["problems"],
            "safe": there["safe"],
            "unsafe": there["unsafe"],
        }
    heat = Counter((subjects_of_paths[p["path"]], p["code"]) for p in problems)
    return Expected(figures, rules, subjects, heat)


def assert_page_shows(page: Page, expected: Expected) -> None:
    """Every figure of the page, in its cards, tables, charts and data, is the expected one."""
    for name, value in expected.figures.items():
        assert page.figures[name] == value, name
        assert number(page.figure_texts[name]) == value, name
    rules_table = page.tables["table-rules"]
    for code, counts in expected.rules.items():
        assert {key: number(rules_table[code][key]) for key in counts} == counts, code
    assert all(number(row["problems"]) == 0 for code, row in rules_table.items() if code not in expected.rules)
    subjects_table = page.tables["table-subjects"]
    assert set(subjects_table) == set(expected.subjects)
    for subject, counts in expected.subjects.items():
        assert {key: number(subjects_table[subject][key]) for key in counts} == counts, subject
    heat_table = page.tables["table-heatmap"]
    assert set(heat_table) == set(expected.subjects)
    for subject, row in heat_table.items():
        assert set(row) == set(expected.rules)
        for code, text in row.items():
            assert number(text) == expected.heat[(subject, code)], (subject, code)
    # The charts: each rule's bar and each heat map cell carries its number.
    if expected.rules:
        bars = page.charts["by-rule-title"]
        for code, counts in expected.rules.items():
            label = next(text for text in bars if text.startswith(code + " "))
            assert number(bars[bars.index(label) + 1]) == counts["problems"], code
        cells = sorted(number(text) for text in page.charts["heatmap-title"] if text.replace(",", "").isdigit())
        assert cells == sorted(count for count in expected.heat.values())
    # The data block, for programs.
    data = page.data
    assert (data["records"], data["problems"], data["records_with_problems"]) == (
        expected.figures["records"], expected.figures["problems"], expected.figures["records-with-problems"],
    )  # fmt: skip
    assert {code: rule["problems"] for code, rule in data["rules"].items() if rule["problems"]} == {
        code: counts["problems"] for code, counts in expected.rules.items()
    }
    fingerprints = [print_ for by_code in data["fingerprints"].values() for prints in by_code.values() for print_ in prints]
    assert len(fingerprints) == expected.figures["problems"]


def report_and_json(out: Path, *args: str) -> tuple[Page, list[dict], str]:
    """`qlint check --format json` and then `qlint report` with the same ARGS and cache (the
    report is made from the very report the check saved): the page, the JSON, the HTML."""
    out.mkdir(parents=True, exist_ok=True)
    json_file, html_file, cache = out / "check.json", out / "report.html", out / "cache"
    checked = run_cli("check", "--format", "json", "-o", str(json_file), "--cache-dir", str(cache), *args)
    assert checked.exit_code in (0, 1), checked.stderr
    made = run_cli("report", "-o", str(html_file), "--cache-dir", str(cache), *args)
    said = [line for line in made.stderr.splitlines() if "linking to a changed record" not in line]  # (--changed-since says it)
    assert made.exit_code == 0 and said == [] and made.stdout == "", made.stderr
    html = html_file.read_text(encoding="utf-8")
    return read_page(html), json.loads(json_file.read_text(encoding="utf-8")), html
