"""The fixer never loses data: edits saved meanwhile, ambiguous links, values the verifier
must see, links and permissions, the remainder it reports, size, and leftovers of a kill."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

import qlint.fixing.bulk
from qlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from qlint.fixing.loop import fix_document
from qlint.record.parse import parse_text
from tests.conftest import RELATED, RELATED_PATH, VALID, VALID_PATH, replace_once, run_cli
from tests.test_fixer import STALE, project


def check_json(root: Path) -> list[dict]:
    return json.loads(run_cli("check", "--no-cache", "--format", "json", str(root / "learn")).stdout)


# ----- 1. an edit saved while fixing --------------------------------------------------------
WRITER = """
import sys
for line in sys.stdin:
    with open(line.strip(), "a", encoding="utf-8") as handle:
        handle.write("An edit saved by someone else.\\n")
    print("saved", flush=True)
"""


def test_an_edit_saved_while_the_fixer_works_is_never_overwritten(tmp_path, monkeypatch):
    root = project(tmp_path, {VALID_PATH: STALE, RELATED_PATH: RELATED})
    path = root / "learn" / VALID_PATH
    writer = subprocess.Popen([sys.executable, "-c", WRITER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    real = qlint.fixing.bulk.fix_document

    def fixed_while_someone_saves(doc, *args):
        outcome = real(doc, *args)
        if doc.path == path:  # after the file was read, before the fixed text is written
            writer.stdin.write(f"{path}\n")
            writer.stdin.flush()
            assert writer.stdout.readline() == "saved\n"
        return outcome

    monkeypatch.setattr(qlint.fixing.bulk, "fix_document", fixed_while_someone_saves)
    result = run_cli("fix", "--no-cache", str(root / "learn"))
    writer.stdin.close()
    writer.wait()
    assert path.read_text() == STALE + "An edit saved by someone else.\n"  # the edit survives, unfixed
    assert result.exit_code == 1
    assert f"{VALID_PATH}: not written: it changed while being fixed: run qlint fix again" in result.stderr
    assert "Fixed 0 problems in 0 files, 1 remaining." in result.stdout
    monkeypatch.undo()
    again = run_cli("fix", "--no-cache", str(root / "learn"))
    assert again.exit_code == 0 and path.read_text() == VALID + "An edit saved by someone else.\n"


@pytest.mark.slow
def test_edits_saved_during_a_parallel_bulk_fix_all_survive(tmp_path):
    """A real race: a writer appends to records at random moments of a bulk fix in worker
    processes. Whatever the moment, the edit is in the file afterwards."""
    files = {RELATED_PATH: RELATED}
    for n in range(1500):
        files[f"biology/copy-{n:04d}.md"] = STALE.replace("id: 501234", f"id: {600000 + n}").replace(
            "how-do-plants-turn-sunlight-into-chemical-energy", f"copy-{n:04d}"
        )
    root = project(tmp_path, files)
    chosen = [root / "learn" / name for name in random.Random(5).sample(sorted(files)[:-1], 5)]
    process = subprocess.Popen([sys.executable, "-m", "qlint", "fix", "--no-cache", str(root / "learn")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for path in chosen:
        time.sleep(random.Random(str(path)).uniform(0.2, 1.5))
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("An edit saved by someone else.\n")
    process.communicate()
    for path in chosen:
        assert path.read_text().endswith("An edit saved by someone else.\n"), path


# ----- 2. a url two records claim --------------------------------------------------------------
TWIN = (
    RELATED.replace("id: 501240", "id: 501299", 1)
    .replace("What is the role of chlorophyll in photosynthesis?", "Which pigments absorb light?", 1)
)  # another record claiming the same url as RELATED


def test_a_link_to_a_url_two_records_claim_is_never_rewritten(tmp_path):
    # The twin sorts first: the old fixer rewrote the correct link to the twin's id and title.
    root = project(tmp_path, {VALID_PATH: VALID, RELATED_PATH: RELATED, "biology/a-twin.md": TWIN})
    path = root / "learn" / VALID_PATH
    found = check_json(root)
    assert {d["code"] for d in found if d["path"].endswith(VALID_PATH)} == set()  # it agrees with one of them
    assert any(d["code"] == "Q507" for d in found)  # the conflict itself is reported
    run_cli("fix", "--no-cache", "--unsafe-fixes", str(root / "learn"))
    assert path.read_text() == VALID


def test_a_link_that_agrees_with_none_of_the_claimants_is_reported_without_a_fix(tmp_path):
    root = project(tmp_path, {VALID_PATH: STALE, RELATED_PATH: RELATED, "biology/a-twin.md": TWIN})
    [mismatch] = [d for d in check_json(root) if d["code"] == "Q404"]
    assert mismatch["fix"] is None and "2 records claim its url" in mismatch["message"]
    run_cli("fix", "--no-cache", str(root / "learn"))
    assert (root / "learn" / VALID_PATH).read_text() == STALE


# ----- 3. values the verifier must see -----------------------------------------------------------
HIDDEN = {
    "deep": "".join("  " * i + f"k{i}:\n" for i in range(34)) + "  " * 34 + "v: |\n" + "  " * 35 + "text # qlint: ignore[Q302] more\n",
    "binary key": "!!binary aGVsbG8=: |\n  text # qlint: ignore[Q302] more\n",
    "timestamp key": "? !!timestamp 2001-12-14\n: |\n  text # qlint: ignore[Q302] more\n",
    "complex key": "? [a, b]\n: |\n  text # qlint: ignore[Q302] more\n",
}


@pytest.mark.parametrize("extra", HIDDEN.values(), ids=HIDDEN.keys())
def test_text_like_a_suppression_inside_any_value_is_not_removed(tmp_path, extra):
    text = VALID.replace("_schema: default\n", "_schema: default\n" + extra)
    root = project(tmp_path, {VALID_PATH: text, RELATED_PATH: RELATED})
    assert not [d for d in check_json(root) if d["code"] == "Q900"]
    run_cli("fix", "--no-cache", "--unsafe-fixes", str(root / "learn"))
    assert (root / "learn" / VALID_PATH).read_text() == text


def _fixing(doc, start: int, end: int, content: str, scope: tuple[str, ...] | None = ()):
    """A linter that offers one fix, replacing doc.text[start:end], until it is applied."""
    span = doc.span(start, end)

    def lint(current):
        if current.text != doc.text:
            return []
        fix = Fix(Applicability.SAFE, (Edit(start, end, content),), scope)
        return [Diagnostic("Q999", "test", Severity.ERROR, "m", "x.md", span, "title", fix)]

    return lint


_UNTARGETED = "which it does not target"
_SHARED = "the fix would change a value shared through an alias: it would edit the alias at"


@pytest.mark.parametrize(
    ("front_matter", "old", "new", "reason"),
    [
        ("title: T\n" + "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "v: deep value\n", "deep value", "changed", _UNTARGETED),
        ("title: T\n? !!binary aGVsbG8=\n: under a binary key\n", "under a binary key", "changed", _UNTARGETED),
        ("title: T\nn: !!str 12\n", "!!str 12", "12", _UNTARGETED),  # the same text, another type
        ("title: T\na: &x [1, 2]\nb: *x\n", "*x", "[1, 2]", _SHARED),  # the same values, no longer one node
        ("title: T\nbase: &b {k: 1}\nm:\n  <<: *b\n", "<<: *b", "<<: {k: 2}", _SHARED),  # a merged value
        ("title: T\nbase: {k: 1}\nm:\n  <<: {k: 1}\n", "<<: {k: 1}", "<<: {k: 2}", _UNTARGETED),  # merged, no alias
    ],
)
def test_the_verifier_refuses_a_fix_that_changes_what_it_does_not_target(front_matter, old, new, reason):
    doc = parse_text(f"---\n{front_matter}---\n", Path("x.md"))
    start = doc.text.index(old)
    outcome = fix_document(doc, _fixing(doc, start, start + len(old), new, scope=("title",)))
    assert outcome.text == doc.text and outcome.fixed == []
    assert reason in outcome.rejected[0][1]


def test_a_comment_removal_that_would_change_a_value_is_refused():
    for value, removed in (("keep # this", True), ("'keep # this'", False)):  # a comment; then text
        doc = parse_text(f"---\ntitle: T\nnote: {value}\n---\n", Path("x.md"))
        start = doc.text.index(" # this")
        outcome = fix_document(doc, _fixing(doc, start, start + len(" # this"), "", scope=()))
        assert (outcome.text != doc.text) == removed
        assert removed or "the fix would change 'note'" in outcome.rejected[0][1]


# ----- 4. links and permissions ---------------------------------------------------------------
def test_a_symbolic_link_named_on_the_command_line_is_not_replaced(tmp_path):
    root = project(tmp_path, {"biology/real.md": STALE, RELATED_PATH: RELATED})
    link = root / "learn" / VALID_PATH
    link.symlink_to(root / "learn" / "biology" / "real.md")
    result = run_cli("fix", "--no-cache", str(link))
    assert link.is_symlink() and (root / "learn" / "biology" / "real.md").read_text() == STALE
    assert result.exit_code == 1 and "not written: it is a symbolic link" in result.stderr


def test_a_read_only_record_is_not_rewritten(tmp_path):
    root = project(tmp_path, {VALID_PATH: STALE, RELATED_PATH: RELATED})
    path = root / "learn" / VALID_PATH
    path.chmod(0o444)
    result = run_cli("fix", "--no-cache", str(root / "learn"))
    assert path.read_text() == STALE and path.stat().st_mode & 0o777 == 0o444
    assert result.exit_code == 1 and "not written: it is read-only" in result.stderr


def test_clean_deletes_only_what_qlint_made(tmp_path):
    (tmp_path / ".gitignore").write_text("node_modules/\n")
    (tmp_path / "notes.txt").write_text("mine\n")
    result = run_cli("clean", "--cache-dir", str(tmp_path))
    assert (tmp_path / ".gitignore").read_text() == "node_modules/\n" and (tmp_path / "notes.txt").exists()
    assert result.exit_code == 0 and "not a qlint cache" in result.stdout
    (tmp_path / "p").mkdir()
    root = project(tmp_path / "p", {VALID_PATH: VALID, RELATED_PATH: RELATED})
    run_cli("check", str(root / "learn"))
    (root / ".qlint_cache" / "mine.txt").write_text("mine\n")
    run_cli("clean", "--config", str(root / "qlint.toml"))
    assert sorted(p.name for p in (root / ".qlint_cache").iterdir()) == ["mine.txt"]


def test_a_report_is_never_written_through_a_planted_link(tmp_path):
    root = project(tmp_path, {VALID_PATH: VALID, RELATED_PATH: RELATED})
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / ".report.txt.qlint-tmp").symlink_to(victim)
    result = run_cli("check", "--no-cache", "-o", str(tmp_path / "report.txt"), str(root / "learn"))
    assert result.exit_code == 0 and victim.read_text() == "precious\n"
    assert "All checks passed" in (tmp_path / "report.txt").read_text()
    (tmp_path / "linked.txt").symlink_to(victim)
    refused = run_cli("check", "--no-cache", "-o", str(tmp_path / "linked.txt"), str(root / "learn"))
    assert refused.exit_code == 2 and "it is a symbolic link" in refused.stderr and victim.read_text() == "precious\n"


# ----- 5. the remainder -------------------------------------------------------------------------
def test_the_fix_summary_and_exit_code_count_cross_record_problems(tmp_path):
    # A record's own problem to fix (doubled quotes), a broken link and a shared id that stay.
    gone = "related_article2:\n    id: 501777\n    title: >-\n        Gone?\n    subject: Biology\n    url: /learn/biology/questions/gone\n"
    broken = replace_once(VALID, "Plants capture light", 'He said ""yes"". Plants capture light')
    broken = broken.replace("---\n\n&nbsp;", gone + "---\n\n&nbsp;")
    twin_id = replace_once(RELATED, "id: 501240\n", "id: 501234\n").replace("role-of-chlorophyll", "place-of-chlorophyll")
    root = project(tmp_path, {VALID_PATH: broken, RELATED_PATH: RELATED, "biology/what-is-the-place-of-chlorophyll-in-photosynthesis.md": twin_id})
    result = run_cli("fix", "--no-cache", "--format", "json", str(root / "learn"))
    remaining = json.loads(result.stdout)
    assert "Fixed 2 problems in 1 file" in result.stderr
    assert {d["code"] for d in remaining} >= {"Q403", "Q506"}
    assert remaining == check_json(root) and result.exit_code == 1
    assert f"{len(remaining)} remaining." in result.stderr


# ----- 6. many fixes ------------------------------------------------------------------------------
def test_twenty_repeated_related_entries_go_in_one_run(tmp_path):
    link = "related_article{n}:\n    id: 501240\n    title: >-\n        What is the role of chlorophyll in photosynthesis?\n    subject: Biology\n    url: /learn/biology/questions/what-is-the-role-of-chlorophyll-in-photosynthesis\n"
    text = VALID.replace("---\n\n&nbsp;", "".join(link.format(n=n) for n in range(2, 22)) + "---\n\n&nbsp;")
    root = project(tmp_path, {VALID_PATH: text, RELATED_PATH: RELATED})
    result = run_cli("fix", "--no-cache", "--unsafe-fixes", "--select", "duplicate-related", str(root / "learn"))
    assert result.exit_code == 0 and "Fixed 20 problems in 1 file, 0 remaining." in result.stdout
    assert (root / "learn" / VALID_PATH).read_text() == VALID


def test_twenty_thousand_fixes_in_one_file_are_all_applied(tmp_path):
    answer = " ".join(f'He said ""yes {n}"".' for n in range(10_000))  # 20,000 doubled quotes
    text = replace_once(VALID, "Plants capture light", answer + " Plants capture light")
    root = project(tmp_path, {VALID_PATH: text, RELATED_PATH: RELATED})
    result = run_cli("fix", "--no-cache", "--select", "doubled-quotes", str(root / "learn"))
    assert "Fixed 20000 problems in 1 file, 0 remaining." in result.stdout
    assert (root / "learn" / VALID_PATH).read_text() == text.replace('""', '"')


# ----- 7. what a killed run leaves ----------------------------------------------------------------
def test_a_temporary_file_a_killed_run_left_is_removed_by_the_next(tmp_path):
    root = project(tmp_path, {VALID_PATH: STALE, RELATED_PATH: RELATED})
    folder = root / "learn" / "biology"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    leftover = folder / f".{Path(VALID_PATH).name}.{dead.stdout.strip()}.k3j9x2ab.qlint-tmp"
    leftover.write_text("half a record")
    alive = folder / f".{Path(VALID_PATH).name}.{os.getppid()}.p0q1r2s3.qlint-tmp"  # a writer still running
    alive.write_text("being written")
    mine = folder / ".notes.qlint-tmp.txt"  # not of qlint's naming
    mine.write_text("mine")
    run_cli("fix", "--no-cache", str(root / "learn"))
    assert not leftover.exists() and alive.exists() and mine.exists()


def test_a_suppression_of_a_cross_record_rule_survives_a_fix_of_the_record(tmp_path):
    # Fixing the record's own problems (its doubled quotes) is done before the links are
    # judged: the suppression of a link problem must not look unused then, and be removed.
    text = replace_once(VALID, "/what-is-the-role-of-chlorophyll-in-photosynthesis\n", "/what-is-gone  # qlint: ignore[Q403] the page comes later\n")
    text = replace_once(text, "Plants capture light", 'He said ""yes"". Plants capture light')
    root = project(tmp_path, {VALID_PATH: text, RELATED_PATH: RELATED})
    result = run_cli("fix", "--no-cache", str(root / "learn"))
    assert result.exit_code == 0 and "Fixed 2 problems in 1 file, 0 remaining." in result.stdout
    assert (root / "learn" / VALID_PATH).read_text() == text.replace('""', '"')
