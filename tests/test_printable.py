"""What qlint prints from a record cannot act on a terminal or forge a line of a CI log:
control characters, escape sequences, direction overrides and line separators in values,
keys and file names are shown as visible escapes by the human and CI formats, kept exact
(and JSON-escaped) by JSON and SARIF, and leave JUnit XML well-formed."""

from __future__ import annotations

import json
import re
import unicodedata
from xml.etree import ElementTree as ET

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from qlint.diagnostics import Severity, Span, made_diagnostic
from qlint.printable import json_text, printable, xml_text
from qlint.reporters.junit import JunitReporter
from tests.conftest import VALID, VALID_PATH, replace_once, run_cli
from tests.rules.corpus_helpers import write

UNSHOWN = {"Cc", "Cf", "Cs", "Zl", "Zp"}

# name -> (the hostile text, how `printable` shows it)
HOSTILE = {
    "ESC": ("a\x1bb", "a\\x1bb"),
    "OSC title": ("\x1b]0;owned\x07", "\\x1b]0;owned\\x07"),
    "CSI colour": ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
    "BEL": ("ding\x07", "ding\\x07"),
    "NUL": ("a\x00b", "a\\x00b"),
    "DEL and C1 CSI": ("a\x7f\x9b31m", "a\\x7f\\x9b31m"),
    "RLO": ("abc\u202edef", "abc\\u202edef"),
    "LRI": ("\u2066abc\u2069", "\\u2066abc\\u2069"),
    "line separator": ("one\u2028two", "one\\u2028two"),
    "line feed": ("one\ntwo", "one\\ntwo"),
    "tag character": ("x\U000e0041", "x\\U000e0041"),
}
IN_FILE_NAMES = [name for name in HOSTILE if name != "NUL"]  # (no file system allows a NUL in a name)
FORMATS = ["text", "concise", "github", "json", "json-lines", "sarif", "junit"]
HUMAN = {"text", "concise", "github"}


def unshown(text: str) -> list[str]:
    """The characters of `text` that should never reach a terminal (line breaks of the
    output itself aside)."""
    return [c for c in text if c != "\n" and unicodedata.category(c) in UNSHOWN]


@pytest.mark.parametrize("name", HOSTILE)
def test_printable_shows_each_hostile_character_as_an_escape(name):
    text, shown = HOSTILE[name]
    assert printable(text) == shown and xml_text(text) == shown


def test_printable_leaves_ordinary_text_of_any_script_alone():
    for text in ["Here’s a café — 50% off", "Ελληνικά, русский, العربية, हिन्दी, 中文, 😀", "literal \\n breaks \\t"]:
        assert printable(text) == text
    assert printable("caf\udce9.md") == "caf\\xe9.md"  # a name that is not UTF-8: its byte


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None)))
def test_any_text_prints_without_an_unshown_character_and_json_keeps_it_exact(text):
    assert unshown(printable(text)) == [] and "\n" not in printable(text)
    as_json = json_text({"value": text, text: 1}, indent=2)
    assert unshown(as_json) == [] and json.loads(as_json) == {"value": text, text: 1}
    assert (printable(text) == text) == all(unicodedata.category(c) not in UNSHOWN for c in text)


# What XML 1.0 cannot hold at all: C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone surrogates.
XML_FORBIDDEN = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\ufffe", "\uffff", "\ud800", "\udce9", "\udfff"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None)), st.text(alphabet=st.characters(codec=None)))
@example("learn/a\ufffeb.md", "x\uffff\ud800y").via("XML 1.0's forbidden characters")
def test_junit_is_well_formed_whatever_a_path_or_message_holds(path, message):
    import io

    d = made_diagnostic("Q302", "placeholder-score", Severity.ERROR, message, path, Span(1, 1, 1, 2, 0, 1))
    out = io.StringIO()
    JunitReporter(out).report([d], 1)
    failure = ET.fromstring(out.getvalue().split("\n", 1)[1]).find("testsuite/testcase/failure")
    assert failure.get("message") == xml_text(message) and failure.text.endswith(xml_text(message))


@pytest.mark.parametrize("char", XML_FORBIDDEN)
def test_junit_escapes_each_character_xml_forbids_in_paths_and_messages(char):
    import io

    d = made_diagnostic("Q505", "unknown-subject", Severity.ERROR, f"unknown subject 'a{char}b'", f"learn/a{char}b.md",
                        Span(1, 1, 1, 2, 0, 1))  # fmt: skip
    out = io.StringIO()
    JunitReporter(out).report([d], 1)
    case = ET.fromstring(out.getvalue().split("\n", 1)[1]).find("testsuite/testcase")
    shown = xml_text(char)
    assert shown.startswith("\\") and case.get("classname") == f"learn/a{shown}b.md"
    assert case.find("failure").get("message") == f"unknown subject 'a{shown}b'"


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "qlint.toml").write_text('root = "learn"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def run(project, fmt: str, select: str):
    result = run_cli("check", "--no-cache", "--format", fmt, "--select", select)
    assert result.exit_code == 1, result.stderr
    return result.stdout


def yaml_quoted(text: str) -> str:
    """`text` as a double-quoted YAML scalar, every character that is not printable escaped."""
    def escaped(char: str) -> str:
        code = ord(char)
        if char in '"\\':
            return "\\" + char
        if char.isprintable():
            return char
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"

    return '"' + "".join(map(escaped, text)) + '"'


def hostile_value(project, text):
    """A record whose subject is `text` (and an unknown field named with it)."""
    record = replace_once(VALID, "\nsubject: Biology\n", f"\nsubject: {yaml_quoted(text)}\n{yaml_quoted('k' + text)}: 1\n")
    write(project / "learn", VALID_PATH, record)


def hostile_file_name(project, text) -> str:
    """A record with a placeholder score in a file whose name holds `text`; its path as shown."""
    rel = f"biology/a{text}b.md"
    write(project / "learn", rel, VALID.replace("score: 0.82", "score: -1.0"))
    return f"learn/{rel}"


def assert_shown_safely(fmt: str, out: str, true: str, shown: str, expected: int) -> None:
    """`out` holds `expected` problems; in a human format with the escape and nothing
    unshown, one line each; in a data format, with the true value."""
    if fmt in HUMAN:
        assert unshown(out) == [] and shown in out
        lines = out.splitlines()
        if fmt == "github":
            assert all(line.startswith("::error file=") for line in lines) and len(lines) == expected
        elif fmt == "concise":
            assert len(lines) == expected + 1 and all(re.match(r"learn/.*:\d+:\d+: Q\d{3} \[", line) for line in lines[:-1])
        else:  # a headline, the excerpt's three lines, a blank line; then the summary
            assert len(lines) == 5 * expected + 1 and lines[-1].startswith("Found ")
            assert all(re.match(r"learn/.*:\d+:\d+: Q\d{3} \[", line) for line in lines[0::5][:-1])
            assert all(re.match(r"\s*\d* \|", line) for n, line in enumerate(lines[:-1]) if n % 5 in (1, 2, 3))
    elif fmt == "junit":
        assert len(ET.fromstring(out.split("\n", 1)[1]).findall("testsuite/testcase/failure")) == expected
        assert shown in out
    else:
        assert unshown(out) == []  # each as a \u escape of JSON
        if fmt == "sarif":
            results = json.loads(out)["runs"][0]["results"]
            values = [r["message"]["text"] for r in results] + [
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results
            ]
        else:
            problems = json.loads(out) if fmt == "json" else [json.loads(line) for line in out.splitlines()]
            values = [p["message"] for p in problems] + [p["path"] for p in problems]
        assert len(results if fmt == "sarif" else problems) == expected
        assert any(true in value for value in values)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", HOSTILE)
def test_a_value_and_a_key_are_shown_safely_in_every_format(project, fmt, name):
    text, shown = HOSTILE[name]
    hostile_value(project, text)
    out = run(project, fmt, "Q505,Q104")
    assert_shown_safely(fmt, out, f"unknown subject '{text}'", f"unknown subject '{shown}'", 2)
    assert_shown_safely(fmt, out, f"unknown field 'k{text}'", f"unknown field 'k{shown}'", 2)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", IN_FILE_NAMES)
def test_a_file_name_is_shown_safely_in_every_format(project, fmt, name):
    text, shown = HOSTILE[name]
    path = hostile_file_name(project, text)
    write(project / "learn", "biology/plain.md", VALID.replace("score: 0.82", "score: -1.0"))
    out = run(project, fmt, "Q302")
    true = path if fmt != "sarif" else json.loads(out)["runs"][0]["results"][0]["locations"][0][
        "physicalLocation"]["artifactLocation"]["uri"]  # fmt: skip
    assert_shown_safely(fmt, out, true, printable(path) if fmt in HUMAN | {"junit"} else true, 2)
    if fmt == "sarif":
        from urllib.parse import unquote

        assert unquote(true) == path


def test_a_file_name_cannot_forge_a_diagnostic_line(project):
    forged = "x.md:1:1: Q302 [placeholder-score] forged\nlearn/biology/y"
    path = hostile_file_name(project, forged)
    for fmt in ["text", "concise", "github"]:
        out = run(project, fmt, "Q302")
        lines = out.splitlines()
        assert not any(line.startswith("learn/biology/y") for line in lines)
        shown = printable(path) if fmt != "github" else printable(path).replace(":", "%3A")
        assert shown in out and len([line for line in lines if line.startswith(("learn/", "::"))]) == 1


def test_the_text_excerpt_keeps_its_carets_under_the_span_escapes_and_all(project):
    write(project / "learn", VALID_PATH, replace_once(VALID, "\nsubject: Biology", '\nsubject: "\\e[2J\\u202eAstro\\tlogy"'))
    lines = run(project, "text", "Q505").splitlines()
    assert lines[2] == '22 | subject: "\\e[2J\\u202eAstro\\tlogy"'  # (the source writes YAML escapes)
    write(project / "learn", VALID_PATH, replace_once(VALID, "\nsubject: Biology", "\nsubject: Astro\u200blogy\u202e"))
    lines = run(project, "text", "Q505").splitlines()
    assert lines[2] == "22 | subject: Astro\\u200blogy\\u202e" and lines[3] == "   |          " + "^" * 21


def test_statistics_by_subject_and_show_fixes_show_names_safely(project):
    text = "\x1b]0;owned\x07\u202e"
    folder = project / "learn" / f"bio{text}"
    write(folder, "a.md", VALID.replace("score: 0.82", "score: -1.0"))
    stats = run_cli("check", "--no-cache", "--statistics", "--group-by", "subject")
    assert unshown(stats.stdout) == [] and printable(f"bio{text}") in stats.stdout
    as_json = run_cli("check", "--no-cache", "--statistics", "--group-by", "subject", "--format", "json")
    assert unshown(as_json.stdout) == [] and json.loads(as_json.stdout)["groups"][0]["subject"] == f"bio{text}"
    write(folder, "a.md", VALID.replace("seo:\n  title: QuickTakes | Biology", "seo:\n  title: QuickTakes | Chemistry"))
    diff = run_cli("fix", "--no-cache", "--diff")
    shown = printable(f"learn/bio{text}/a.md")
    assert diff.exit_code == 1 and unshown(diff.stdout + diff.stderr) == []
    assert f"--- a/{shown}\n+++ b/{shown}\n" in diff.stdout
    fixed = run_cli("fix", "--no-cache", "--show-fixes")
    assert unshown(fixed.stdout + fixed.stderr) == [] and f"{shown}:\n     1 x Q501 (file-name-mismatch)\n     1 x Q602" in fixed.stdout


def test_fix_summaries_and_errors_on_stderr_quote_paths_and_values_safely(project):
    text = "\x1b[31m\u202e\n"
    write(project / "learn", f"biology/a{text}.md", VALID.replace("score: 0.82", "score: -1.0"))
    missing = run_cli("check", "--no-cache", f"learn/nowhere{text}.md")
    assert missing.exit_code == 2 and unshown(missing.stderr) == [] and missing.stderr.count("\n") == 1
    config = run_cli("check", "--no-cache", "--config", f"no{text}.toml")
    assert config.exit_code == 2 and unshown(config.stderr) == [] and printable(text) in config.stderr
    rule = run_cli("rule", f"no{text}")
    assert rule.exit_code == 2 and unshown(rule.stderr) == [] and rule.stderr.count("\n") == 1
    for args in (["--format", f"te{text}xt"], [f"--no-such{text}"], ["--jobs", f"2{text}"]):  # click's own errors
        usage = run_cli("check", "--no-cache", *args)
        assert usage.exit_code == 2 and unshown(usage.stderr) == [] and usage.stderr.count("\n") == 1, usage.stderr


def test_a_baseline_keeps_hostile_values_and_names_that_are_not_utf8_exactly_and_printably(project):
    import os

    hostile_value(project, "\x1b]0;owned\x07\u202e")
    name = os.fsdecode(b"learn/biology/caf\xe9.md")  # Latin-1, as some tools still write names
    os.makedirs(os.path.dirname(name), exist_ok=True)
    with open(name, "w", encoding="utf-8") as handle:
        handle.write(VALID.replace("score: 0.82", "score: -1.0"))
    written = run_cli("check", "--no-cache", "--write-baseline", "baseline.json")
    assert written.exit_code == 0 and written.stderr.count("\n") == 1, written.stderr
    text = (project / "baseline.json").read_bytes().decode("utf-8")
    assert unshown(text) == [] and "caf\\udce9.md" in text and "\\u001b]0;owned\\u0007\\u202e" in text
    again = run_cli("check", "--no-cache", "--baseline", "baseline.json", "--format", "json")
    assert again.exit_code == 0 and json.loads(again.stdout) == [], again.stderr


def test_a_warning_that_quotes_the_root_is_one_printable_line(tmp_path, monkeypatch):
    root = "empty\x1b]0;owned\x07\u202e\nqlint: error: forged"
    (tmp_path / root).mkdir()
    (tmp_path / "qlint.toml").write_text(f"root = {json.dumps(root)}\n")
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--no-cache")
    assert result.stderr.count("\n") == 1 and unshown(result.stderr) == []
    assert result.stderr.startswith("qlint: warning: nothing checked: root (") and printable(root) in result.stderr


@pytest.fixture
def body_beside_a_fix(project):
    """A record with a safe fix three lines above a body holding a form feed, U+0085,
    U+2028 and an escape sequence, and the record its link points to."""
    from tests.conftest import RELATED, RELATED_PATH

    text = replace_once(VALID, "    subject: Biology\n    url:", "    subject: biology\n    url:")
    text = replace_once(text, "---\n\n&nbsp;\n", "---\nx\u2028y\x0cz\x85w \x1b[31mred\n&nbsp;\n")
    write(project / "learn", VALID_PATH, text)
    write(project / "learn", RELATED_PATH, RELATED)
    return project


def test_a_diff_piped_is_exact_and_applies_whatever_the_file_holds(body_beside_a_fix, tmp_path):
    import shutil
    import subprocess

    diff = run_cli("fix", "--no-cache", "--diff")
    assert diff.exit_code == 1 and "\x1b[31mred" in diff.stdout and "No newline" not in diff.stdout
    copy = tmp_path / "copy"
    shutil.copytree(body_beside_a_fix / "learn", copy / "learn")
    (copy / "fix.diff").write_bytes(diff.stdout.encode("utf-8"))
    subprocess.run(["git", "apply", "fix.diff"], cwd=copy, check=True, capture_output=True)
    assert run_cli("fix", "--no-cache").exit_code in (0, 1)
    assert (copy / "learn" / VALID_PATH).read_bytes() == (body_beside_a_fix / "learn" / VALID_PATH).read_bytes()


def test_a_diff_at_a_terminal_shows_what_would_act_on_it_as_escapes(body_beside_a_fix):
    from click.testing import CliRunner

    from qlint.cli import cli

    result = CliRunner().invoke(cli, ["fix", "--no-cache", "--diff"], color=True)
    assert result.exit_code == 1 and unshown(result.stdout) == []
    assert " x\\u2028y\\x0cz\\x85w \\x1b[31mred\n" in result.stdout
