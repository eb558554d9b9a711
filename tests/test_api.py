"""The Python API: what a generation pipeline or an editor calls. It finds what the CLI
finds, fixes what the CLI fixes, prints nothing, exits never, and raises QlintError."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import qlint
from qlint.diagnostics import Tally
from tests.conftest import RELATED, RELATED_PATH, VALID, VALID_PATH, replace_once, run_cli
from tests.rules.corpus_helpers import write

STALE_LINK = replace_once(VALID, "        What is the role of chlorophyll", "        What was the role of chlorophyll")
DAMAGED = replace_once(STALE_LINK, "score: 0.82", "score: -1.0").replace("Plants capture", "Hereâ€™s how plants capture")


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A configured project of two linked records; the working directory is its folder."""
    (tmp_path / "qlint.toml").write_text('root = "learn"\n')
    write(tmp_path / "learn", VALID_PATH, VALID)
    write(tmp_path / "learn", RELATED_PATH, RELATED)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def cli_json(*args: str) -> list[dict]:
    return json.loads(run_cli("check", "--format", "json", "--no-cache", *args).stdout)


def test_check_text_finds_what_the_cli_finds_in_that_file(project, capsys):
    path = project / "learn" / VALID_PATH
    found = qlint.check_text(DAMAGED, path)
    assert capsys.readouterr() == ("", "")  # nothing printed
    path.write_text(DAMAGED)
    assert [d.to_dict() for d in found] == cli_json(str(path))
    assert {d.name for d in found} == {"placeholder-score", "mojibake", "related-title-mismatch"}


def test_check_text_places_a_new_record_in_the_corpus(project):
    """A record not yet written: its own name and folder count, and its links resolve
    against the records on disk (a broken one is reported)."""
    text = replace_once(VALID, "/what-is-the-role-of-chlorophyll-in-photosynthesis", "/what-is-gone")
    found = qlint.check_text(text, project / "learn" / "biology" / "new-record.md")
    assert {d.name for d in found} >= {"broken-related-link", "file-name-mismatch", "url-slug-mismatch"}
    assert not (project / "learn" / "biology" / "new-record.md").exists()


def test_fix_text_fixes_what_qlint_fix_fixes_and_writes_nothing(project):
    path = project / "learn" / VALID_PATH
    result = qlint.fix_text(DAMAGED, path)
    assert path.read_text() == VALID  # untouched
    assert "Here’s how plants capture" in result.text
    assert "What is the role of chlorophyll" in result.text  # the stale link title, from its target
    assert {d.name for d in result.fixed} == {"mojibake", "related-title-mismatch"}
    assert [d.name for d in result.remaining] == ["placeholder-score"]
    path.write_text(DAMAGED)
    run_cli("fix", "--no-cache", str(path))
    assert path.read_text() == result.text


def test_fix_text_applies_unsafe_fixes_only_when_asked(project):
    text = replace_once(VALID, "article_title: >-\n    How do plants", "article_title: >-\n    How do trees")
    path = project / "learn" / VALID_PATH
    assert qlint.fix_text(text, path).text == text
    assert qlint.fix_text(text, path, unsafe=True).text == VALID


def test_check_paths_reports_what_the_cli_reports_with_its_counts(project):
    write(project / "learn", VALID_PATH, DAMAGED)
    report = qlint.check_paths([project / "learn"], jobs=1)
    assert [d.to_dict() for d in report.diagnostics] == cli_json("learn")
    assert report.files == 2 and report.count == 3
    assert report.tally == Tally(files=2, problems=3, files_with_problems=1, safe_fixes=2, unsafe_fixes=0)


def test_a_project_answers_many_calls_and_takes_select_and_ignore(project):
    config = qlint.load_config(project / "qlint.toml")
    with qlint.Project(config, select=["Q3", "mojibake"], ignore=["missing-score"]) as checks:
        path = project / "learn" / VALID_PATH
        assert [d.code for d in checks.check_text(DAMAGED, path)] == ["Q201", "Q302"]
        assert checks.check_text(VALID, path) == []


def test_usage_and_config_errors_are_raised_as_qlint_errors(project):
    with pytest.raises(qlint.UsageError, match="path does not exist"):
        qlint.check_paths([project / "nowhere"])
    with pytest.raises(qlint.UsageError, match="config file does not exist"):
        qlint.load_config(project / "missing.toml")
    (project / "qlint.toml").write_text('root = "learn"\nselect = ["Q8"]\n')
    with pytest.raises(qlint.ConfigError, match="unknown rule or prefix 'Q8'"):
        qlint.check_text(VALID, project / "learn" / VALID_PATH)
    assert issubclass(qlint.ConfigError, qlint.QlintError) and issubclass(qlint.UsageError, qlint.QlintError)
