"""Every output format, exactly, on one fixed example; SARIF against the official schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import RELATED, RELATED_PATH, VALID, VALID_PATH, replace_once, run_cli

P = f"learn/{VALID_PATH}"
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture
def example(tmp_path, monkeypatch):
    """One record with a placeholder score (no fix) and a stale related id (safe fix)."""
    text = replace_once(replace_once(VALID, "    id: 501240", "    id: 77"), "score: 0.82", "score: -1.0")
    for rel, content in ((VALID_PATH, text), (RELATED_PATH, RELATED)):
        path = tmp_path / "learn" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    (tmp_path / "qlint.toml").write_text('root = "learn"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def output(*args: str) -> str:
    result = run_cli("check", "--no-cache", "--select", "Q302,Q404", *args)
    assert result.exit_code == 1, result.stderr
    return result.stdout


def test_text(example):
    assert output("--format", "text") == f"""\
{P}:25:8: Q302 [placeholder-score] score '-1.0' is the placeholder for 'not scored': expected a real score
   |
25 | score: -1.0
   |        ^^^^

{P}:27:9: Q404 [related-id-mismatch] related_article1.id is 77 but the linked record has id 501240
   |
27 |     id: 77
   |         ^^

Found 2 problems in 1 file (2 files checked); 1 fixable with `qlint fix`.
"""


def test_text_is_the_default_and_has_no_colour_off_a_terminal(example):
    assert output() == output("--format", "text") and "\033[" not in output()


def test_text_excerpt_of_a_long_line_is_a_window_around_the_span(example):
    path = example / P
    path.write_text(path.read_text().replace("score: -1.0", "score: -1.0  # " + "x" * 200))
    lines = output("--format", "text").splitlines()
    assert lines[2] == "25 | score: -1.0  # " + "x" * 57 + "…" and lines[3] == "   |        ^^^^"


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_text_excerpt_counts_lines_in_crlf_and_cr_files(example, newline):
    path = example / P
    path.write_bytes(path.read_text().replace("\n", newline).encode())
    shown = output("--format", "text")
    lines = shown.splitlines()
    assert "\r" not in shown
    assert lines[0].startswith(f"{P}:25:8: Q302") and lines[2] == "25 | score: -1.0"


def test_concise(example):
    assert output("--format", "concise") == f"""\
{P}:25:8: Q302 [placeholder-score] score '-1.0' is the placeholder for 'not scored': expected a real score
{P}:27:9: Q404 [related-id-mismatch] related_article1.id is 77 but the linked record has id 501240
Found 2 problems in 1 file (2 files checked); 1 fixable with `qlint fix`.
"""


def test_json_and_json_lines_carry_the_same_objects(example):
    as_array = json.loads(output("--format", "json"))
    as_lines = [json.loads(line) for line in output("--format", "json-lines").splitlines()]
    assert as_array == as_lines
    assert as_lines[1] == {
        "code": "Q404",
        "name": "related-id-mismatch",
        "severity": "error",
        "message": "related_article1.id is 77 but the linked record has id 501240",
        "path": P,
        "line": 27,
        "column": 9,
        "end_line": 27,
        "end_column": 11,
        "field": "related_article1.id",
        "fix": {"applicability": "safe", "edits": [{"start": 1005, "end": 1007, "content": "501240"}]},
    }


def test_github(example):
    assert output("--format", "github") == (
        f"::error file={P},line=25,col=8,endLine=25,endColumn=12,title=Q302 placeholder-score"
        "::score '-1.0' is the placeholder for 'not scored': expected a real score\n"
        f"::error file={P},line=27,col=9,endLine=27,endColumn=11,title=Q404 related-id-mismatch"
        "::related_article1.id is 77 but the linked record has id 501240\n"
    )


def test_auto_is_github_under_github_actions(example, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert output().startswith("::error file=")


def test_github_escapes_what_the_runner_would_misread():
    from qlint.reporters.github import _data, _property

    assert _data("50% done\nnext") == "50%25 done%0Anext"
    assert _property("a:b,c") == "a%3Ab%2Cc"


def test_junit(example):
    assert output("--format", "junit") == f"""\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="qlint" tests="2" failures="2">
  <testsuite name="qlint" tests="2" failures="2">
    <testcase classname="{P}" name="Q302 placeholder-score at {P}:25:8">
      <failure message="score '-1.0' is the placeholder for 'not scored': expected a real score" type="Q302">{P}:25:8: Q302 [placeholder-score] score '-1.0' is the placeholder for 'not scored': expected a real score</failure>
    </testcase>
    <testcase classname="{P}" name="Q404 related-id-mismatch at {P}:27:9">
      <failure message="related_article1.id is 77 but the linked record has id 501240" type="Q404">{P}:27:9: Q404 [related-id-mismatch] related_article1.id is 77 but the linked record has id 501240</failure>
    </testcase>
  </testsuite>
</testsuites>
"""


def test_sarif_validates_against_the_official_schema_and_carries_rules_regions_and_fixes(example):
    log = json.loads(output("--format", "sarif"))
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["informationUri"] == "https://github.com/quicktakes/qlint"  # this project's page
    rules = run["tool"]["driver"]["rules"]
    assert {"id": "Q302", "name": "placeholder-score"}.items() <= rules[run["results"][0]["ruleIndex"]].items()
    result = run["results"][1]
    assert result["ruleId"] == "Q404" and result["level"] == "error"
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": P},
        "region": {"startLine": 27, "startColumn": 9, "endLine": 27, "endColumn": 11, "charOffset": 1005, "charLength": 2},
    }
    assert result["fixes"][0]["artifactChanges"][0]["replacements"] == [
        {"deletedRegion": {"charOffset": 1005, "charLength": 2}, "insertedContent": {"text": "501240"}}
    ]


def test_statistics_and_output_file_and_exit_zero(example):
    result = run_cli("check", "--no-cache", "--statistics", "--exit-zero", "-o", "out/report.txt")
    assert result.exit_code == 0 and result.stdout == ""
    report = (example / "out" / "report.txt").read_text()
    assert report.splitlines()[-1].startswith("Found ") and "  Q404  [*] related-id-mismatch" in report
