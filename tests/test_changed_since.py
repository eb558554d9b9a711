"""PR mode: `--changed-since REF` lints what changed and the records that link to it."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.conftest import RELATED, RELATED_PATH, VALID, VALID_PATH, run_cli
from tests.rules.corpus_helpers import record, write


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / "qlint.toml").write_text('root = "learn"\n')
    root = tmp_path / "learn"
    write(root, VALID_PATH, VALID)
    write(root, RELATED_PATH, RELATED)
    write(root, "ecology/what-is-a-food-web.md", record(9, "ecology", "what-is-a-food-web", "What is a food web?"))
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "-c", "user.email=t@example.com", "-c", "user.name=t", "add", ".")
    git(tmp_path, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def changed(*args):
    result = run_cli("check", "--format", "json", "--no-cache", "--changed-since", "HEAD", *args)
    return result, [(d["code"], d["path"], d["field"]) for d in json.loads(result.stdout or "[]")]


def test_nothing_changed_lints_nothing(repo):
    result, found = changed()
    assert result.exit_code == 0 and found == []


def test_a_renamed_url_makes_the_records_linking_to_the_old_url_report_broken_links(repo):
    old = repo / "learn" / RELATED_PATH
    new_slug = "what-does-chlorophyll-do"
    text = RELATED.replace("what-is-the-role-of-chlorophyll-in-photosynthesis", new_slug)
    text = text.replace("title: >-\n    What is the role of chlorophyll in photosynthesis?", "title: >-\n    What does chlorophyll do?")
    old.unlink()
    write(repo / "learn", f"biology/{new_slug}.md", text)
    result, found = changed("--select", "broken-related-link")
    # The untouched record that links to the old url is linted and reported.
    assert found == [("Q403", f"learn/{VALID_PATH}", "related_article1.url")]
    assert result.exit_code == 1


def test_an_edited_record_is_linted_and_the_rest_is_not(repo):
    path = repo / "learn" / "ecology" / "what-is-a-food-web.md"
    path.write_text(path.read_text().replace("score: 0.82", "score: -1.0"))
    result, found = changed()
    assert found == [("Q302", "learn/ecology/what-is-a-food-web.md", "score")]
    assert result.stdout.count('"code"') == 1


def test_a_bad_ref_is_a_usage_error(repo):
    result = run_cli("check", "--changed-since", "no-such-ref")
    assert result.exit_code == 2 and result.stderr.startswith("qlint: error: --changed-since no-such-ref:")
