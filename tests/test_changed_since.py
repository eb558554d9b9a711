"""PR mode: `--changed-since REF` lints what changed and the records that link to it."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_records_checked_for_linking_to_a_changed_one_say_so(repo):
    old = repo / "learn" / RELATED_PATH
    old.write_text(RELATED.replace("What is the role of chlorophyll", "What was the role of chlorophyll"))
    result, found = changed("--select", "related-title-mismatch")
    assert found == [("Q405", f"learn/{VALID_PATH}", "related_article1.title")]
    assert f"qlint: also checked 1 record linking to a changed record: learn/{VALID_PATH}\n" in result.stderr


def test_a_bad_ref_says_why_and_a_shallow_clone_says_how_to_mend_it(repo, tmp_path):
    unknown = run_cli("check", "--changed-since", "no-such-ref")
    assert "'no-such-ref' is not a commit of this repository" in unknown.stderr
    path = repo / "learn" / RELATED_PATH
    path.write_text(path.read_text() + "\n")
    git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qam", "second")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    result = run_cli("check", "--config", str(clone / "qlint.toml"), "--changed-since", "HEAD~1")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "it is shallow" in result.stderr and "fetch-depth: 0" in result.stderr


def test_an_untracked_file_whose_name_is_not_utf8_is_checked_not_a_crash(repo):
    name = b"learn/ecology/caf\xe9.md"  # Latin-1, as some tools still write names
    with open(os.fsdecode(bytes(repo) + b"/" + name), "w") as handle:
        handle.write(VALID.replace("score: 0.82", "score: -1.0"))
    result, found = changed("--select", "placeholder-score")
    assert result.exit_code == 1 and [code for code, _, _ in found] == ["Q302"]
    # With the cache (a name it cannot store as text is checked every time, not stored)
    for _ in range(2):
        cached = run_cli("check", "--format", "json", "--changed-since", "HEAD", "--select", "placeholder-score")
        assert (cached.exit_code, cached.stderr) == (1, "")
        assert [d["code"] for d in json.loads(cached.stdout)] == ["Q302"]


URL_LINES = ["url: /learn/a/questions/b", "url: '/learn/a/questions/b'", 'url: "/learn/a/questions/\\x62"',
             "url: /learn/a/questions/b  # a comment", "url: >-\n  /learn/a/questions/b", "url:   /learn/a/questions/b   ",
             "url: /learn/a/questions/b: c", "url: /learn/a/questions/b\r", "url: [1, 2]", "url:"]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(URL_LINES), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_an_old_url_read_without_a_parse_is_what_the_parser_reads(line, newline, nested):
    from pathlib import Path

    from qlint.discovery.changed import _urls_in
    from qlint.record.parse import parse_document

    text = VALID.replace("url: /learn/biology/questions/how-do-plants-turn-sunlight-into-chemical-energy", line)
    if nested:  # a related article's url is not the record's
        text = text.replace("_schema: default\n", "_schema: default\nurl_note: x\n")
    data = text.replace("\n", newline).encode()
    doc = parse_document(data, Path("x.md"))
    expected = doc.value(("url",)) if doc.parsed else None
    answer = b"0123 blob %d\n" % len(data) + data + b"\n"
    assert _urls_in(answer, ["x.md"]) == ({expected} if isinstance(expected, str) else set())


def test_outside_a_git_repository_git_s_own_reason_is_given(tmp_path, monkeypatch):
    (tmp_path / "qlint.toml").write_text('root = "learn"\n')
    write(tmp_path / "learn", VALID_PATH, VALID)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))  # (wherever the tests run)
    monkeypatch.setenv("LC_ALL", "C")  # git's words untranslated
    result = run_cli("check", "--changed-since", "main")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("qlint: error: --changed-since main: git says: fatal: not a git repository")


def test_without_git_it_says_git_cannot_be_run(repo, monkeypatch):
    monkeypatch.setenv("PATH", str(repo / "no-such-folder"))
    result = run_cli("check", "--changed-since", "HEAD")
    assert result.exit_code == 2 and result.stderr.startswith("qlint: error: --changed-since HEAD: cannot run git: ")
    assert result.stderr.count("\n") == 1


def test_a_branch_of_a_remote_that_was_not_fetched_says_how_to_fetch_it(repo):
    git(repo, "remote", "add", "upstream", "https://git.example.invalid/content.git")
    result = run_cli("check", "--changed-since", "upstream/release-2")
    assert result.exit_code == 2 and result.stderr == (
        "qlint: error: --changed-since upstream/release-2: 'upstream/release-2' is not in this clone: "
        "fetch it first (git fetch upstream release-2)\n"
    )
    other = run_cli("check", "--changed-since", "feature/x")  # not a remote: a branch that does not exist
    assert "is not a commit of this repository" in other.stderr


def test_a_revision_holding_control_characters_is_quoted_printably(repo):
    result = run_cli("check", "--changed-since", "\x1b]0;owned\x07\x1b[2J\nfake")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "\x1b" not in result.stderr
    assert "'\\x1b]0;owned\\x07\\x1b[2J\\nfake' is not a commit" in result.stderr


@pytest.mark.parametrize(
    "said, reason",
    [
        (b"warning: refname 'x' is ambiguous.\nfatal: bad revision 'x'\n", "git says: fatal: bad revision 'x'"),
        (b"hint: one\nerror: could not read\nfatal: later\n", "git says: error: could not read"),
        (b"\n  something else went wrong  \nand more\n", "git says: something else went wrong"),
        (b"", "`git diff` exited with status 128"),
    ],
)
def test_git_s_reason_is_its_first_line_that_says_what_failed(said, reason):
    from qlint.discovery.changed import _reason

    assert _reason(said, "`git diff` exited with status 128") == reason


def test_git_failing_in_a_shallow_clone_says_how_to_mend_it(repo, tmp_path, monkeypatch):
    import qlint.discovery.changed as changed_module

    path = repo / "learn" / RELATED_PATH
    path.write_text(path.read_text() + "\n")
    git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qam", "second")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))

    def failing(top, ref):
        raise changed_module.GitError("git says: fatal: bad object 0123abcd")

    monkeypatch.setattr(changed_module, "_changes", failing)
    result = run_cli("check", "--config", str(clone / "qlint.toml"), "--changed-since", "HEAD")
    assert result.exit_code == 2 and result.stderr == (
        "qlint: error: --changed-since HEAD: git says: fatal: bad object 0123abcd; this clone is shallow: "
        "fetch the history (actions/checkout: fetch-depth: 0; or git fetch --unshallow)\n"
    )


def test_a_fix_whose_check_fails_on_git_writes_nothing(repo, monkeypatch):
    # The old urls are read after the records are linted; when git fails there, the fix has
    # stopped with an error before any file was written.
    import qlint.discovery.changed as changed_module

    path = repo / "learn" / VALID_PATH
    damaged = VALID.replace("Plants capture light", "Plantsâ€™ leaves capture light", 1)
    path.write_text(damaged, encoding="utf-8")

    def failing_get(self):
        raise changed_module.GitError("git says: fatal: simulated")

    monkeypatch.setattr(changed_module.OldUrls, "get", failing_get)
    result = run_cli("fix", "--no-cache", "--jobs", "1", "--changed-since", "HEAD")
    assert result.exit_code == 2 and "git says: fatal: simulated" in result.stderr
    assert path.read_text(encoding="utf-8") == damaged
