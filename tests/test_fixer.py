"""The fixer as a user sees it: minimal edits, verified, atomic, exit codes and output."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from qlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity, Span
from qlint.record.document import Document
from qlint.record.parse import parse_text
from qlint.fixing.value_edits import replace_value
from qlint.fixing.apply import apply_edits
from qlint.fixing.loop import fix_document
from qlint.record.yamlload import Loader
from tests.conftest import RELATED, RELATED_PATH, SEED, VALID, VALID_PATH, replace_once, run_cli

STALE = replace_once(VALID, "    id: 501240", "    id: 77")  # a safe cross-record fix (Q404)


def project(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    (tmp_path / "qlint.toml").write_text('root = "learn"\n')
    for rel, text in files.items():
        path = tmp_path / "learn" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return tmp_path


def parse(text: str) -> Document:
    return parse_text(text, Path("x.md"))


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/seed")
def test_seed_fix_repairs_the_mojibake_and_matches_the_published_record(tmp_path, corpus_root):
    medicine = tmp_path / "learn" / "medicine"
    medicine.mkdir(parents=True)
    shutil.copy(SEED, medicine / SEED.name)
    (medicine / SEED.name).chmod(0o644)  # ../shared is read-only, and qlint leaves read-only files alone
    (tmp_path / "qlint.toml").write_text('root = "learn"\n')
    result = run_cli("fix", "--no-cache", str(tmp_path / "learn"))
    fixed = (medicine / SEED.name).read_bytes()
    assert "Here’s a detailed description".encode() in fixed and "Hereâ€™s".encode() not in fixed
    assert fixed == (corpus_root / "medicine" / SEED.name).read_bytes()
    assert "Fixed 1 problem in 1 file" in result.stdout


def test_fix_changes_only_the_value_and_keeps_crlf_bom_mode_and_missing_final_newline(tmp_path):
    before = b"\xef\xbb\xbf" + STALE.replace("\n", "\r\n").rstrip("\r\n").encode()
    root = project(tmp_path, {VALID_PATH: before, RELATED_PATH: RELATED})
    path = root / "learn" / VALID_PATH
    path.chmod(0o640)
    result = run_cli("fix", "--no-cache", str(path))
    after = path.read_bytes()
    assert after == before.replace(b"    id: 77\r\n", b"    id: 501240\r\n")
    assert oct(path.stat().st_mode & 0o777) == "0o640"
    assert result.exit_code == 0 and "Fixed 1 problem in 1 file, 0 remaining." in result.stdout
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temp file left


def test_diff_writes_nothing_prints_a_unified_diff_and_exits_1(tmp_path):
    root = project(tmp_path, {VALID_PATH: STALE, RELATED_PATH: RELATED})
    result = run_cli("check", "--diff", "--no-cache", str(root / "learn"))
    assert result.exit_code == 1
    head = result.stdout.splitlines()[:2]
    assert head[0].startswith("--- a/") and head[0].endswith(VALID_PATH) and head[1].startswith("+++ b/")
    assert "-    id: 77\n+    id: 501240\n" in result.stdout
    assert result.stderr == "Would fix 1 problem in 1 file.\n"
    assert (root / "learn" / VALID_PATH).read_text() == STALE
    clean = run_cli("check", "--diff", "--no-cache", str(root / "learn" / RELATED_PATH))
    assert clean.exit_code == 0 and clean.stdout == ""


def test_check_fix_equals_fix_and_reports_what_remains(tmp_path):
    text = replace_once(STALE, "score: 0.82", "score: -1.0")  # placeholder score: not fixable
    root = project(tmp_path, {VALID_PATH: text, RELATED_PATH: RELATED})
    result = run_cli("check", "--fix", "--no-cache", "--format", "json", str(root / "learn"))
    remaining = json.loads(result.stdout)
    assert [d["code"] for d in remaining] == ["Q302"]
    assert result.exit_code == 1 and result.stderr == "Fixed 1 problem in 1 file, 1 remaining.\n"
    again = run_cli("fix", "--no-cache", "--fix-only", str(root / "learn"))
    assert again.exit_code == 0 and again.stdout == "" and "Fixed 0 problems in 0 files" in again.stderr


def test_exit_non_zero_on_fix_for_pre_commit(tmp_path):
    root = project(tmp_path, {VALID_PATH: STALE, RELATED_PATH: RELATED})
    first = run_cli("fix", "--no-cache", "--exit-non-zero-on-fix", str(root / "learn"))
    second = run_cli("fix", "--no-cache", "--exit-non-zero-on-fix", str(root / "learn"))
    assert (first.exit_code, second.exit_code) == (1, 0)


def test_unsafe_fixes_apply_only_when_asked():
    def lint(doc):
        span = doc.fields[("title",)].value
        fix = Fix(Applicability.UNSAFE, (Edit(span.start_offset, span.end_offset, "New"),))
        return [] if doc.data["title"] == "New" else [_diagnostic(span, fix)]

    doc = parse("---\ntitle: Old\n---\n")
    assert fix_document(doc, lint).text == doc.text
    assert fix_document(doc, lint, unsafe=True).text == "---\ntitle: New\n---\n"


def _diagnostic(span: Span, fix: Fix) -> Diagnostic:
    return Diagnostic("Q999", "test", Severity.ERROR, "m", "x.md", span, "title", fix)


def test_a_fix_that_would_break_the_file_is_dropped_and_reported():
    def lint(doc):
        span = doc.fields[("title",)].value
        return [_diagnostic(span, Fix(Applicability.SAFE, (Edit(span.start_offset, span.end_offset, "a: [b"),)))]

    doc = parse("---\ntitle: Old\nid: 1\n---\n")
    outcome = fix_document(doc, lint)
    assert outcome.text == doc.text and outcome.fixed == []
    assert "invalid YAML" in outcome.rejected[0][1] or "would not parse" in outcome.rejected[0][1]


def test_a_fix_that_would_change_another_value_is_dropped():
    def lint(doc):
        span = doc.fields[("title",)].value  # the new text smuggles in another key
        return [_diagnostic(span, Fix(Applicability.SAFE, (Edit(span.start_offset, span.end_offset, "New\nid: 2"),)))]

    doc = parse("---\ntitle: Old\nid: 1\n---\n")
    outcome = fix_document(doc, lint)
    assert outcome.text == doc.text and outcome.rejected[0][1] in (
        "the fix would repeat a key", "'title' would not read back as the fix wrote it"
    )


def test_fixes_that_undo_each_other_are_reported_as_a_loop():
    def lint(doc):
        span = doc.fields[("title",)].value
        new = "B" if doc.data["title"] == "A" else "A"
        return [_diagnostic(span, Fix(Applicability.SAFE, (Edit(span.start_offset, span.end_offset, new),)))]

    outcome = fix_document(parse("---\ntitle: A\n---\n"), lint)
    assert outcome.looped


STYLES = [
    "k: {value}",
    "k: '{value}'",
    'k: "{value}"',
    "k: >-\n    {value}",
    "k: |-\n    {value}",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(STYLES), min_size=1, max_size=5),
    st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=30) | st.integers(), min_size=5, max_size=5),
    st.integers(0, 4),
)
def test_rewriting_any_value_in_any_style_reads_back_exactly_and_leaves_other_bytes(styles, new_values, pick):
    lines = [style.replace("k:", f"k{i}:").format(value=f"old value {i}") for i, style in enumerate(styles)]
    text = "---\n" + "\n".join(lines) + "\n# a comment\n---\n\nbody\n"
    doc = parse(text)
    target = f"k{pick % len(styles)}"
    new_value = new_values[pick]
    edit = replace_value(doc, (target,), new_value)
    fixed = apply_edits(text, [edit])
    data = yaml.load(fixed[4 : fixed.index("\n---\n") + 1], Loader=Loader)
    assert data[target] == new_value
    assert {k: v for k, v in data.items() if k != target} == {k: v for k, v in doc.data.items() if k != target}
    assert fixed[: edit.start] == text[: edit.start]
    assert fixed[len(fixed) - (len(text) - edit.end) :] == text[edit.end :]


def test_sigkill_during_a_bulk_fix_leaves_each_file_wholly_old_or_wholly_new(tmp_path):
    files = {RELATED_PATH: RELATED}
    for n in range(1500):
        files[f"biology/copy-{n:04d}.md"] = STALE.replace("id: 501234", f"id: {600000 + n}").replace(
            "how-do-plants-turn-sunlight-into-chemical-energy", f"copy-{n:04d}"
        )
    root = project(tmp_path, files)
    command = [sys.executable, "-m", "qlint", "fix", "--no-cache", "--select", "Q404", str(root / "learn")]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    paths = sorted((root / "learn" / "biology").glob("copy-*.md"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if sum(1 for p in paths[:200] if b"id: 501240" in p.read_bytes()) > 5:
            break
        time.sleep(0.005)
    workers = _children(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    states = {"old": 0, "new": 0}
    for n, path in enumerate(paths):
        text = path.read_text()
        old = files[f"biology/copy-{n:04d}.md"]
        assert text in (old, old.replace("    id: 77\n", "    id: 501240\n")), path
        states["old" if text == old else "new"] += 1
    assert states["new"] > 0, "the kill came before any write: the test proves nothing"
    # The worker processes do not outlive the run they served.
    assert workers, "no worker processes seen: the fix ran in one process"
    deadline = time.monotonic() + 10
    while any(os.path.exists(f"/proc/{pid}") for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if os.path.exists(f"/proc/{pid}")], "workers left running"


def _children(parent: int) -> list[int]:
    """The processes whose parent is `parent` (Linux's /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry))
    return found


def test_a_record_fix_keeps_the_suppression_of_a_cross_record_finding(project):
    """The first round of `qlint fix` (each record's own fixes) used to lint without the
    corpus index: a suppression of a broken link looked unused, and its comment was removed."""
    link = "/learn/biology/questions/what-is-the-role-of-chlorophyll-in-photosynthesis"
    text = replace_once(VALID, f"url: {link}", f"url: {link}-x  # qlint: ignore[broken-related-link]")
    text = replace_once(text, "Plants capture light", "Plantsâ€™ leaves capture light")
    path = project / "content/learn" / VALID_PATH
    path.write_text(text, encoding="utf-8")
    assert run_cli("fix", "--no-cache", "--config", str(project / "qlint.toml"), str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8") == text.replace("Plantsâ€™", "Plants’")


def test_a_record_fixed_in_a_cold_run_is_read_once_and_fixed_as_in_a_warm_one(tmp_path, monkeypatch):
    # Cold (nothing cached), the worker that checks a file fixes the record's own problems
    # on the text it just parsed; warm, the check reads nothing and the fix reads the file.
    import qlint.pipeline.worker

    damaged = replace_once(VALID, "Plants capture light", "Plantsâ€™ leaves capture light")
    reads: list[str] = []
    original = qlint.pipeline.worker.parse_document
    monkeypatch.setattr(
        qlint.pipeline.worker, "parse_document", lambda data, path, *rest: reads.append(Path(path).name) or original(data, path, *rest)
    )
    fixed_texts = []
    for run in ("cold", "warm"):
        (tmp_path / run).mkdir()
        root = project(tmp_path / run, {VALID_PATH: damaged, RELATED_PATH: RELATED})
        if run == "warm":
            assert run_cli("check", "--jobs", "1", str(root / "learn")).exit_code == 1
        reads.clear()
        result = run_cli("fix", "--jobs", "1", str(root / "learn"))
        assert result.exit_code == 0 and "Fixed 1 problem in 1 file, 0 remaining." in result.stdout
        fixed_texts.append((root / "learn" / VALID_PATH).read_text(encoding="utf-8"))
        assert reads == ([Path(VALID_PATH).name, Path(RELATED_PATH).name] if run == "cold" else [Path(VALID_PATH).name])
    assert fixed_texts[0] == fixed_texts[1] == replace_once(VALID, "Plants capture light", "Plants’ leaves capture light")


def test_a_refused_fix_is_said_once_though_both_rounds_try_it(tmp_path, monkeypatch):
    import qlint.fixing.loop

    monkeypatch.setattr(qlint.fixing.loop, "verify", lambda before, after, applied: "refused for this test")
    damaged = replace_once(VALID, "Plants capture light", "Plantsâ€™ leaves capture light")
    root = project(tmp_path, {VALID_PATH: damaged, RELATED_PATH: RELATED})
    result = run_cli("fix", "--jobs", "1", "--no-cache", str(root / "learn"))
    assert result.stderr.count("not applied: refused for this test") == 1
    assert (root / "learn" / VALID_PATH).read_text(encoding="utf-8") == damaged


def test_a_read_only_file_is_said_not_written_once(tmp_path):
    damaged = replace_once(STALE, "Plants capture light", "Plantsâ€™ leaves capture light")  # two rounds of fixes
    root = project(tmp_path, {VALID_PATH: damaged, RELATED_PATH: RELATED})
    (root / "learn" / VALID_PATH).chmod(0o444)
    result = run_cli("fix", "--jobs", "1", "--no-cache", str(root / "learn"))
    assert (result.stdout + result.stderr).count(f"learn/{VALID_PATH}: not written: it is read-only") == 1
    assert (root / "learn" / VALID_PATH).read_text(encoding="utf-8") == damaged


def test_a_bulk_fix_leaves_no_document_for_the_garbage_collector(tmp_path, monkeypatch):
    # A document's field spans point back at it; a fix that does not release the documents
    # it makes (each version of each record, the rejected ones too) leaves a cycle per
    # record, and over 100k records the collector's passes cost more than the fixes.
    import gc

    import qlint.fixing.loop
    from qlint.record.config import Config
    from tests.conftest import fix_paths

    damaged = replace_once(STALE, "Plants capture light", "Plantsâ€™ leaves capture light")  # two rounds
    files = {VALID_PATH: damaged, RELATED_PATH: RELATED}
    for number in range(3):
        files[VALID_PATH.replace(".md", f"-{number}.md")] = damaged.replace(
            "Plantsâ€™", f"Plantsâ€™ ({number})\"\"quoted\"\"")
    root = project(tmp_path, files) / "learn"
    verify = qlint.fixing.loop.verify

    def refusing_one(before, after, applied):  # (a rejected candidate must be released too)
        if any(d.name == "doubled-quotes" and d.path.endswith("-1.md") for d in applied):
            return "refused for this test"
        return verify(before, after, applied)

    monkeypatch.setattr(qlint.fixing.loop, "verify", refusing_one)
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        report = fix_paths([root], Config(root=root), unsafe=True)
        gc.collect()
        left = [item for item in gc.garbage if isinstance(item, Document)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert report.fixed >= 15 and [note for note in report.notes if "refused for this test" in note] != []
    assert left == []
