"""The baseline: a corpus with problems adopts qlint, and only new problems are reported.

Run on a copy of real records (the smaller subject folders of ../shared/corpus, every one
of them with problems already: scores, links); skipped without ../shared.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import TARBALL, run_cli

pytestmark = pytest.mark.skipif(not TARBALL.exists(), reason="needs ../shared/corpus (real records)")

SMALL = ["ecology", "college-basketball", "marine-biology", "mythology", "philosophy", "gender-studies", "science",
         "politics", "architecture", "bachelor-of-laws", "others"]  # fmt: skip
GIT = ["git", "-c", "user.email=test@example.com", "-c", "user.name=test", "-c", "commit.gpgsign=false"]


@pytest.fixture
def site(corpus_root: Path, tmp_path: Path, monkeypatch) -> Path:
    """A copy of some 600 real records with a baseline of their problems, in git."""
    for folder in SMALL:
        shutil.copytree(corpus_root / folder, tmp_path / "content" / "learn" / folder)
    (tmp_path / "qlint.toml").write_text('root = "content/learn"\nbaseline = "qlint-baseline.json"\n')
    monkeypatch.chdir(tmp_path)
    written = run_cli("check", "--write-baseline", "qlint-baseline.json")
    assert written.exit_code == 0, written.stderr
    for command in (["init", "-q"], ["add", "."], ["commit", "-qm", "content"]):
        subprocess.run([*GIT, *command], cwd=tmp_path, check=True, capture_output=True)
    return tmp_path


def check(*args: str) -> tuple[int, list[dict], str]:
    result = run_cli("check", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout), result.stderr


def record(site: Path, folder: str = "others") -> Path:
    """A record of `folder` with the placeholder score (a known problem)."""
    return next(p for p in sorted((site / "content" / "learn" / folder).glob("*.md")) if "\nscore: -1.0\n" in p.read_text())


def test_an_untouched_corpus_passes_and_every_problem_is_known(site):
    everything = run_cli("check", "--no-baseline", "--format", "json")
    assert everything.exit_code == 1 and len(json.loads(everything.stdout)) > 600  # every record has one
    code, found, said = check()
    assert (code, found) == (0, [])
    assert f"{len(json.loads(everything.stdout))} problems of the baseline" in said
    baseline = (site / "qlint-baseline.json").read_text()
    assert baseline.count("\n") > 600 and json.loads(baseline)["version"] == 1
    run_cli("check", "--write-baseline", "qlint-baseline.json")
    assert (site / "qlint-baseline.json").read_text() == baseline  # stable: the same problems, the same bytes


@pytest.mark.parametrize("damage", ["new file", "new value", "new broken link"])
def test_a_new_problem_anywhere_is_the_only_one_reported(site, damage):
    path = record(site)
    text = path.read_text()
    if damage == "new file":
        new = path.with_name("a-new-question.md")
        new.write_text(text.replace("\nid: ", "\nid: 9", 1).replace(f"/{path.stem}\n", "/a-new-question\n", 1))
        path = new
    elif damage == "new value":
        path.write_text(re.sub(r"\ndate: [^\n]*", "\ndate: 2025-02-30", text, count=1))
    else:
        path.write_text(text.replace("    url: /learn/", "    url: /learn/mythology/questions/nowhere-at-all\n    old_url: /learn/", 1))
    code, found, _ = check()
    assert code == 1 and found and {d["path"] for d in found} == {str(path.relative_to(site))}
    expected = {"new file": "Q501", "new value": "Q103", "new broken link": "Q403"}[damage]
    assert expected in {d["code"] for d in found}


def test_an_edit_elsewhere_and_moved_lines_keep_known_problems_silent(site):
    path = record(site)
    text = path.read_text()
    assert text.count("\nauthor: QuickTakes\n") == 1 and "\nscore: " in text
    lines = text.split("\n")
    moved = lines[lines.index("author: QuickTakes")]
    lines.remove(moved)
    lines.insert(2, moved)  # a line moved up: every problem below moves down... and back
    text = "\n".join(lines).replace("post_on_text: Posted on", "post_on_text: Posted on\n# a comment line added", 1)
    path.write_text(text.replace("title: QuickTakes | ", "title:  QuickTakes | ", 1))
    assert check() == (0, [], check()[2])


def test_a_fixed_problem_is_reported_as_fixed_and_dropped_by_the_next_write(site):
    path = record(site)
    text = path.read_text()
    assert "score: -1.0" in text
    path.write_text(text.replace("score: -1.0", "score: 0.7"))
    code, found, said = check()
    assert (code, found) == (0, []) and "1 problem of the baseline no longer found (fixed)" in said
    before = (site / "qlint-baseline.json").read_text()
    run_cli("check", "--write-baseline", "qlint-baseline.json")
    after = (site / "qlint-baseline.json").read_text()
    assert after.count("\n") == before.count("\n") - 1 and str(path.relative_to(site)) in after


def test_a_fix_under_the_baseline_says_what_it_fixed_and_shows_no_known_problem(site):
    result = run_cli("fix")
    fixed = re.search(r"Fixed (\d+) problems in (\d+) files, 0 remaining\.", result.stdout)
    assert result.exit_code == 0 and fixed, result.stdout + result.stderr
    assert f"{fixed.group(1)} problems of the baseline no longer found (fixed)" in result.stderr
    assert re.search(r"\d+ problems of the baseline \S*qlint-baseline\.json not shown", result.stderr)
    assert check()[:2] == (0, [])  # what the fix left is all known


def test_a_baseline_written_for_named_paths_replaces_only_their_problems(site):
    path = record(site)  # (in content/learn/others)
    path.write_text(re.sub(r"\ndate: [^\n]*", "\ndate: 2025-02-30", path.read_text(), count=1))
    assert check()[0] == 1  # a new problem
    written = run_cli("check", "--write-baseline", "qlint-baseline.json", "content/learn/others")
    assert written.exit_code == 0 and "problems recorded" in written.stderr
    # Recorded now, and the other folders' problems kept: the whole corpus passes again.
    assert check()[:2] == (0, [])


def test_a_moved_or_renamed_record_keeps_its_known_problems(site):
    path = record(site)
    moved = site / "content" / "learn" / "ecology" / ("renamed-" + path.name)
    path.rename(moved)
    code, found, _ = check()
    # What the move itself broke is new (its file name and url no longer agree); nothing else.
    assert code == 1 and {d["code"] for d in found} <= {"Q501", "Q502", "Q503", "Q504", "Q403"}
    assert {d["path"] for d in found if d["code"] not in ("Q403",)} == {str(moved.relative_to(site))}


def test_formats_statistics_named_files_and_changed_since_all_take_the_baseline(site):
    path = record(site)
    path.write_text(re.sub(r"\ndate: [^\n]*", "\ndate: 2025-02-30", path.read_text(), count=1))
    shown = str(path.relative_to(site))
    one_problem = {
        "concise": lambda out: "Found 1 problem in 1 file" in out,
        "text": lambda out: "Found 1 problem in 1 file" in out,
        "github": lambda out: out.count("::error") == 1,
        "sarif": lambda out: len(json.loads(out)["runs"][0]["results"]) == 1,
        "junit": lambda out: 'failures="1"' in out,
        "json-lines": lambda out: out.count("\n") == 1,
    }
    for fmt, shows_one in one_problem.items():
        result = run_cli("check", "--format", fmt)
        assert result.exit_code == 1 and shown in result.stdout and "Q103" in result.stdout and shows_one(result.stdout), fmt
    stats = run_cli("check", "--statistics")
    assert stats.exit_code == 1 and "Q103" in stats.stdout and "Q302" not in stats.stdout
    other = next((site / "content" / "learn" / "ecology").glob("*.md"))
    named = run_cli("check", "--format", "concise", shown, str(other.relative_to(site)))  # as pre-commit names them
    assert named.exit_code == 1 and named.stdout.count("\n") == 2  # the problem and the summary
    changed = run_cli("check", "--format", "concise", "--changed-since", "HEAD")
    assert changed.exit_code == 1 and "Q103" in changed.stdout and "Q302" not in changed.stdout


def test_the_health_report_compares_with_the_baseline(site):
    path = record(site)
    path.write_text(re.sub(r"\ndate: [^\n]*", "\ndate: 2025-02-30", path.read_text(), count=1))
    assert run_cli("report", "-o", "health.html").exit_code == 0
    page = re.sub(r"<[^>]+>|\s+", " ", (site / "health.html").read_text())
    assert "Compared with" in page and "qlint-baseline.json" in page and "1 new and 0 fixed" in page
