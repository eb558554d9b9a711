"""`qlint schema`: the exported JSON Schemas say what qlint says.

The record schema must reject exactly the fields the schema rules (Q101-Q105) report, as
the same kind of problem, and accept every other front matter; each pattern must read the
same in Python's `re` (the `jsonschema` package) and in ECMA-262 (JavaScript tools).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from qlint.pipeline.registry import all_rules
from qlint.record.config import Config, SiteConfig, load_config
from qlint.record.json_schema import DATE_PATTERN, FILE_NAME_PATTERN, NOT_BLANK, config_schema, record_schema, url_pattern
from qlint.record.parse import parse_text
from qlint.record.schema import IssueKind, Text, _date_problem, _file_name_problem, _url_problem, schema_issues
from tests.conftest import REPO, VALID, replace_once, run_cli

SITE = SiteConfig()
RECORD_SCHEMA = record_schema(SITE)
VALIDATOR = jsonschema.Draft202012Validator(RECORD_SCHEMA, format_checker=jsonschema.FormatChecker())
DRAFT_07 = jsonschema.Draft7Validator(RECORD_SCHEMA)


def _matches(pattern: str, value: str) -> bool:
    return re.search(pattern, value) is not None  # as the jsonschema package applies a pattern


# ----- the CLI ---------------------------------------------------------------------------------
def test_schema_command_prints_the_record_schema_with_the_configs_url_pattern(tmp_path):
    (tmp_path / "qlint.toml").write_text('[site]\nurl-pattern = "/kb/{subject_key}/{slug}.html"\n')
    result = run_cli("schema", "--config", str(tmp_path / "qlint.toml"))
    assert result.exit_code == 0, result.stderr
    printed = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(printed)
    url = printed["properties"]["url"]["allOf"][0]["pattern"]
    assert _matches(url, "/kb/biology/what-is-osmosis.html")
    assert not _matches(url, "/learn/biology/questions/what-is-osmosis")
    assert not _matches(url, "/kb/biology/what-is-osmosisXhtml")  # the `.` is a dot, not any character


def test_schema_command_prints_the_config_schema():
    result = run_cli("schema", "config")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == config_schema()


@pytest.mark.parametrize("schema", [RECORD_SCHEMA, config_schema()], ids=["record", "config"])
def test_schemas_are_valid_in_draft_2020_12_and_draft_07(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft7Validator.check_schema(schema)  # no 2020-12-only keyword: older tools read it alike


# ----- the patterns, against qlint's own checks --------------------------------------------------
def test_not_blank_is_what_qlint_calls_blank_for_every_code_point():
    text = TypeAdapter(Text)
    pattern = re.compile(NOT_BLANK)
    differ = []
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        try:
            text.validate_python(char)
            accepted = True
        except ValidationError:
            accepted = False
        if accepted != (pattern.search(char) is not None):
            differ.append(hex(code))
    assert differ == []


def test_date_pattern_is_a_calendar_date_as_qlint_reads_it():
    candidates = [f"{year:04}-{md}" for year in range(10000) for md in ("02-28", "02-29", "02-30", "04-31", "12-31")]
    candidates += [f"{year:04}-{m:02}-{d:02}" for year in (0, 1, 1900, 2000, 2024, 2025) for m in range(15) for d in range(34)]
    candidates += ["2025-3-14", "25-03-14", "2025-03-14T00:00", " 2025-03-14", "2025-03-14\n", "２０２５-03-14"]
    differ = [c for c in candidates if (_date_problem(c, SITE) is None) != _matches(DATE_PATTERN, c)]
    assert differ == []
    assert _matches(DATE_PATTERN, "2024-02-29") and not _matches(DATE_PATTERN, "1900-02-29")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab.Md/\\\x00\x1f\n -é"), max_size=12).map(lambda s: s + ".md"))
def test_file_name_pattern_is_qlints_file_name_check(name):
    assert (_file_name_problem(name, SITE) is None) == _matches(FILE_NAME_PATTERN, name)


URL_SITES = [SITE, SiteConfig(url_pattern="/kb/{subject_key}/{slug}.html"), SiteConfig(url_pattern="/q?s={slug}&t={subject_key}")]


@pytest.mark.parametrize("site", URL_SITES, ids=lambda site: site.url_pattern)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_url_pattern_is_qlints_url_check(site, data):
    part = st.text(alphabet=st.sampled_from("az09-_A/ \n."), min_size=0, max_size=6)
    subject, slug = data.draw(part), data.draw(part)
    url = site.url_pattern.replace("{subject_key}", subject).replace("{slug}", slug)
    url = data.draw(st.sampled_from([url, url + "\n", "x" + url, url[:-1]]))
    assert (_url_problem(url, site) is None) == _matches(url_pattern(site), url)


def _schema_patterns(node) -> list[str]:
    if isinstance(node, dict):
        return [*([node["pattern"]] if "pattern" in node else []), *node.get("patternProperties", {}),
                *(p for value in node.values() for p in _schema_patterns(value))]  # fmt: skip
    if isinstance(node, list):
        return [p for item in node for p in _schema_patterns(item)]
    return []


ECMA_SAMPLES = [
    "2024-02-29", "2023-02-29", "2025-03-14\n", "what-is-osmosis.md", ".hidden.md", "a/b.md", "notes.md\n",
    "/learn/biology/questions/what-is-osmosis", "/learn/Biology/questions/x", "/learn/a--b/questions/c-d\n",
    "related_article1", "related_article0", "related_article1000", "related_article12\n", "", " ", "\u0085", "\ufeff",
    "\u3000x", "\x1c", "text", "/kb/a/b.html", "/kb/a/bxhtml", "/q?s=a&t=b",
]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node (an ECMA-262 engine)")
def test_every_pattern_reads_the_same_in_ecma_262_and_python():
    patterns = sorted({p for schema in (RECORD_SCHEMA, config_schema(), *(record_schema(s) for s in URL_SITES)) for p in _schema_patterns(schema)})
    script = (
        "const [patterns, samples] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(patterns.map(p => samples.map(s => new RegExp(p, 'u').test(s)))));"
    )
    run = subprocess.run(["node", "-e", script], input=json.dumps([patterns, ECMA_SAMPLES]), capture_output=True, text=True)
    assert run.returncode == 0, run.stderr  # every pattern compiles in Unicode mode, as ajv compiles it
    ecma = json.loads(run.stdout)
    python = [[_matches(p, s) for s in ECMA_SAMPLES] for p in patterns]
    assert ecma == python


# ----- the record schema rejects what the schema rules report -------------------------------------
def _qlint_verdict(data) -> tuple[set[tuple[str, str]], object]:
    """(field, kind) of each issue the schema rules report for a front matter holding `data`,
    and the values as qlint loaded them."""
    text = "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n\n&nbsp;\n"
    doc = parse_text(text, Path("biology/x.md"))
    assert doc.parsed, text
    return {(issue.field or "", issue.kind) for issue in schema_issues(doc)}, doc.data


def _schema_verdict(data) -> set[tuple[str, str]]:
    """The same (field, kind) pairs, read off the JSON Schema's errors."""
    found = set()
    for error in VALIDATOR.iter_errors(data):
        where = [str(part) for part in error.absolute_path]
        kind, fields = error.validator, [".".join(where)]
        if kind == "required":
            fields = [".".join([*where, key]) for key in error.validator_value if key not in error.instance]
            kind = IssueKind.MISSING
        elif kind == "additionalProperties":
            known, patterns = set(error.schema.get("properties", {})), list(error.schema.get("patternProperties", {}))
            extra = [k for k in error.instance if k not in known and not any(re.search(p, k) for p in patterns)]
            fields, kind = [".".join([*where, key]) for key in extra], IssueKind.UNKNOWN
        elif kind == "type":
            expected = error.validator_value
            blank = error.instance is None and expected in ("string", "integer")  # pydantic: a null text is empty
            kind = IssueKind.EMPTY if blank else IssueKind.WRONG_TYPE
        elif kind == "pattern":
            kind = IssueKind.EMPTY if error.validator_value == NOT_BLANK else IssueKind.INVALID_FORMAT
        elif kind == "exclusiveMinimum":
            kind = IssueKind.INVALID_FORMAT
        found.update((field, kind) for field in fields)
    # qlint checks a format only once the value is a non-blank string of the right type.
    typed = {field for field, kind in found if kind in (IssueKind.EMPTY, IssueKind.WRONG_TYPE)}
    return {(field, kind) for field, kind in found if not (kind == IssueKind.INVALID_FORMAT and field in typed)}


BASE = yaml.safe_load(VALID.split("---\n")[1])
BASE["date"] = "2025-03-14"  # (safe_load reads it as a date; qlint's loader keeps it text)

values = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 10**6), st.floats(allow_nan=False).filter(lambda f: not f.is_integer()),
    st.sampled_from(["", "   ", "\u3000", "\u0085", "text", "-1.0", "yes", "2025-02-30", "2024-02-29", "2025-13-45",
                     "14/03/2025", "x.md", ".x.md", "../x.md", "x.txt", "/learn/biology/questions/x",
                     "/learn/Bio/questions/x", "https://qt.example/learn/a/questions/b", "/learn/a/questions/b\n"]),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.sampled_from(["id", "title", "x"]), st.integers(), max_size=2),
)  # fmt: skip
format_keys = st.sampled_from(["date", "file_name", "url", "id"])
top_keys = st.one_of(format_keys, st.sampled_from([*BASE, "related_article2", "related_article0", "related_article1000", "extra", "_schema"]))
nested = st.sampled_from([("seo", key) for key in BASE["seo"]] + [("related_article1", key) for key in BASE["related_article1"]])


@st.composite
def mutated_records(draw):
    data = json.loads(json.dumps(BASE))
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["drop", "set", "drop-nested", "set-nested"]))
        if action in ("drop", "set"):
            key = draw(top_keys)
            if action == "drop":
                data.pop(key, None)
            else:
                data[key] = draw(values)
        else:
            parent, key = draw(nested)
            if isinstance(data.get(parent), dict):
                if action == "drop-nested":
                    data[parent].pop(key, None)
                else:
                    data[parent][key] = draw(values)
    return data


def test_the_valid_record_is_accepted():
    assert _qlint_verdict(BASE)[0] == set() and _schema_verdict(_qlint_verdict(BASE)[1]) == set()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("id: 501234\n", "", {("id", IssueKind.MISSING)}),
        ("id: 501234", "id: abc", {("id", IssueKind.WRONG_TYPE)}),
        ("id: 501234", "id: 0", {("id", IssueKind.INVALID_FORMAT)}),
        ("date: 2025-03-14", "date: 2025-02-30", {("date", IssueKind.INVALID_FORMAT)}),
        ("author: QuickTakes", "author: ''", {("author", IssueKind.EMPTY)}),
        ("author: QuickTakes", "author:", {("author", IssueKind.EMPTY)}),
        ("score: 0.82", "score: high", {("score", IssueKind.WRONG_TYPE)}),
        ("score: 0.82", "score: 0.82\ncolour: red", {("colour", IssueKind.UNKNOWN)}),
        ("related_article1:", "related_article0:", {("related_article0", IssueKind.UNKNOWN)}),
        ("    subject: Biology\n    url", "    url", {("related_article1.subject", IssueKind.MISSING)}),
        ("  title: QuickTakes | Biology", "  title: [QuickTakes]", {("seo.title", IssueKind.WRONG_TYPE)}),
        ("url: /learn/biology/questions/how", "url: |\n  /learn/biology/questions/how", {("url", IssueKind.INVALID_FORMAT)}),
    ],
)
def test_each_kind_of_schema_issue_is_rejected_at_the_same_field(old, new, expected):
    doc = parse_text(replace_once(VALID, old, new), Path("biology/x.md"))
    reported = {(issue.field or "", issue.kind) for issue in schema_issues(doc)}
    assert reported == expected
    assert _schema_verdict(doc.data) == expected


@settings(max_examples=400, deadline=None)
@given(mutated_records())
def test_the_schema_rejects_exactly_what_the_schema_rules_report(data):
    reported, loaded = _qlint_verdict(data)
    assert _schema_verdict(loaded) == reported
    assert DRAFT_07.is_valid(loaded) == (not reported)  # a draft-07 validator judges alike


def test_an_integral_float_id_is_the_one_known_difference():
    """JSON has one number type: 5.0 is an integer to JSON Schema, a float (wrong type) to qlint."""
    reported, loaded = _qlint_verdict({**BASE, "id": 5.0})
    assert reported == {("id", IssueKind.WRONG_TYPE)} and _schema_verdict(loaded) == set()


@pytest.mark.slow
def test_every_real_record_is_judged_alike(corpus_root):
    differ, rejected, total = [], 0, 0
    for path in sorted(corpus_root.rglob("*.md")):
        doc = parse_text(path.read_text(encoding="utf-8"), path)
        if not doc.parsed:
            continue
        total += 1
        reported = {(issue.field or "", issue.kind) for issue in schema_issues(doc)}
        judged = _schema_verdict(doc.data)
        rejected += bool(judged)
        if judged != reported:
            differ.append((path.name, reported, judged))
    assert total > 35_000 and differ == []
    print(f"{total} records, {rejected} rejected by the schema and by the schema rules alike")


# ----- the config schema -------------------------------------------------------------------------
CONFIG_VALIDATOR = jsonschema.Draft202012Validator(config_schema())


def _readme_config() -> dict:
    import tomllib

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(\[tool\.qlint\].*?)```", readme, re.DOTALL).group(1)
    return tomllib.loads(block)["tool"]["qlint"]


def test_the_configs_qlint_accepts_are_accepted():
    import tomllib

    examples = [_readme_config(), tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["qlint"], {},
                {"extend_select": ["Q2"], "rules": {"Q303": {"minimum": -1.0}, "refusal-answer": {"extend_phrases": ["x"]}}}]  # fmt: skip
    for table in examples:
        Config.model_validate(table)  # qlint accepts it
        assert list(CONFIG_VALIDATOR.iter_errors(table)) == []


@pytest.mark.parametrize(
    "table",
    [
        {"selekt": ["ALL"]},
        {"site": {"url-pattern": "/learn/{slug}"}},
        {"site": {"colour": "red"}},
        {"rules": {"description-length": {"severity": "fatal"}}},
        {"rules": {"description-length": {"max_lenght": 100}}},
        {"rules": {"no-such-rule": {}}},
        {"max-file-size": 0},
    ],
)
def test_configs_qlint_refuses_are_rejected(table, tmp_path):
    (tmp_path / "qlint.toml").write_text(_toml(table))
    with pytest.raises(Exception):
        from qlint.pipeline.registry import active_rules

        active_rules(load_config(tmp_path / "qlint.toml"))
    assert list(CONFIG_VALIDATOR.iter_errors(table)) != []


def _toml(table: dict, prefix: str = "") -> str:
    """A small TOML writer for the cases above (tables of scalars and lists)."""
    lines, tables = [], []
    for key, value in table.items():
        if isinstance(value, dict):
            tables.append((f"{prefix}{json.dumps(key)}", value))
        else:
            lines.append(f"{json.dumps(key)} = {json.dumps(value)}")
    text = "\n".join(lines) + "\n"
    for name, value in tables:
        text += f"[{name}]\n" + _toml(value, name + ".")
    return text


def test_every_rule_has_its_settings_under_its_code_and_its_name():
    rules = config_schema()["properties"]["rules"]["properties"]
    assert set(rules) == {rule.code for rule in all_rules()} | {rule.name for rule in all_rules()}
    assert rules["description-length"]["properties"]["max_length"]["type"] == "integer"

