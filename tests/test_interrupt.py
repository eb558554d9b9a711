"""Ctrl-C: exit 130, one line on stderr, and every file either as it was or wholly fixed,
with no temporary file left behind; an internal error is one line unless QLINT_DEBUG asks
for the traceback."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest

import qlint.cli.info
from qlint.fixing.atomic import TEMPORARY_SUFFIX
from tests.conftest import REPO, run_cli

FILES = 3000  # enough that a fix is still writing when it is interrupted (~2 s of writes)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """A generated corpus in which every record has a fix (one each): the project, its
    records as generated and as a whole `qlint fix` leaves them."""
    base = tmp_path_factory.mktemp("interrupt")
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), str(FILES), str(base / "original"),
                    "--every-record-fixable"], check=True)  # fmt: skip
    (base / "original" / "qlint.toml").write_text('root = "content/learn"\n')
    shutil.copytree(base / "original", base / "fixed")
    done = subprocess.run([sys.executable, "-m", "qlint", "fix", "--no-cache", "-q"], cwd=base / "fixed", capture_output=True)
    assert done.returncode in (0, 1), done.stderr
    root = Path("content") / "learn"
    return base / "original", snapshot(base / "original" / root), snapshot(base / "fixed" / root)


def _interrupted_once(process: subprocess.Popen, ready, to_group: bool = False, settle: float = 0.0) -> tuple[int, str]:
    """Send SIGINT to `process` (to its process group, as a terminal's Ctrl-C is, with
    `to_group`) once `ready()` holds and `settle` seconds more have passed; its exit code and
    stderr."""
    try:
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline and not ready():
            time.sleep(0.01)
        time.sleep(settle)
        assert process.poll() is None, "qlint ended before it could be interrupted"
        if to_group:
            os.killpg(process.pid, signal.SIGINT)
        else:
            process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    return process.returncode, stderr.decode()


@pytest.mark.parametrize("jobs, to_group", [("1", False), ("2", False), ("2", True)])
def test_ctrl_c_during_a_fix_exits_130_leaving_each_file_old_or_wholly_fixed(corpus, tmp_path, jobs, to_group):
    """Interrupted once the first fixed file is written: by a signal to qlint alone, or to
    its whole process group as a terminal's Ctrl-C is (the workers get it too)."""
    original, before, after = corpus
    project = tmp_path / "project"
    shutil.copytree(original, project)
    root = project / "content" / "learn"
    paths = [root / name for name in before]
    stamps = {path: path.stat().st_mtime_ns for path in paths}
    process = subprocess.Popen(
        [sys.executable, "-m", "qlint", "fix", "--no-cache", "-q", "-j", jobs], cwd=project,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=to_group,
    )  # fmt: skip
    written = lambda: any(path.stat().st_mtime_ns != stamps[path] for path in paths)  # noqa: E731
    assert _interrupted_once(process, written, to_group) == (130, "qlint: interrupted\n")
    now = snapshot(root)
    assert sorted(set(now) ^ set(before)) == []  # nothing added (no temporary file), nothing lost
    fixed = [name for name in now if now[name] == after[name] != before[name]]
    untouched = [name for name in now if now[name] == before[name]]
    assert len(fixed) + len(untouched) == len(now), "a file is neither as it was nor wholly fixed"
    assert fixed and untouched, "not interrupted mid-run"
    assert not [path for path in project.rglob(f"*{TEMPORARY_SUFFIX}")]
    if not to_group:
        return
    # and the next run finishes the job
    again = subprocess.run([sys.executable, "-m", "qlint", "fix", "--no-cache", "-q"], cwd=project, capture_output=True)
    assert again.returncode in (0, 1) and snapshot(root) == after


def test_ctrl_c_during_a_check_leaves_a_cache_the_next_run_trusts(corpus, tmp_path):
    original, _, _ = corpus
    project = tmp_path / "project"
    shutil.copytree(original, project)
    command = [sys.executable, "-m", "qlint", "check", "--format", "json", "-q"]
    process = subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    started = lambda: (project / ".qlint_cache").exists()  # noqa: E731
    # (0.2 s after the cache appears, the check of 3,000 records is still under way)
    assert _interrupted_once(process, started, settle=0.2) == (130, "qlint: interrupted\n")
    cached = subprocess.run(command, cwd=project, capture_output=True, text=True)
    fresh = subprocess.run([*command, "--no-cache"], cwd=project, capture_output=True, text=True)
    assert (cached.returncode, cached.stderr) == (fresh.returncode, "") and cached.stdout == fresh.stdout


@pytest.mark.parametrize("raised", [KeyboardInterrupt, click.exceptions.Abort])
def test_an_interrupt_or_clicks_abort_is_exit_130_and_one_line(monkeypatch, raised):
    def interrupted():
        raise raised()

    monkeypatch.setattr(qlint.cli.info, "all_rules", interrupted)
    result = run_cli("rules")
    assert (result.exit_code, result.stderr, result.stdout) == (130, "qlint: interrupted\n", "")


@pytest.fixture
def broken(monkeypatch):
    """`qlint rules` with a bug in it."""

    def bug():
        raise RuntimeError("the rules went missing")

    monkeypatch.setattr(qlint.cli.info, "all_rules", bug)


@pytest.mark.parametrize("debug", [None, "", "0"])
def test_an_internal_error_is_one_line_by_default(broken, monkeypatch, debug):
    if debug is None:
        monkeypatch.delenv("QLINT_DEBUG", raising=False)
    else:
        monkeypatch.setenv("QLINT_DEBUG", debug)
    result = run_cli("rules")
    assert result.exit_code == 2
    assert result.stderr == "qlint: internal error: RuntimeError: the rules went missing (QLINT_DEBUG=1 shows the traceback)\n"


def test_qlint_debug_shows_the_traceback_of_an_internal_error(broken, monkeypatch):
    monkeypatch.setenv("QLINT_DEBUG", "1")
    result = run_cli("rules")
    lines = result.stderr.splitlines()
    assert result.exit_code == 2 and lines[0] == "Traceback (most recent call last):"
    assert any('qlint/cli/info.py", line' in line and "list_rules" in line for line in lines)
    assert lines[-2:] == ["RuntimeError: the rules went missing", "qlint: internal error: RuntimeError: the rules went missing"]


def test_an_internal_error_quoting_a_record_is_printable_with_or_without_its_traceback(monkeypatch):
    def bug():
        raise ValueError("cannot read '\x1b]0;owned\x07\u202e\nforged'")

    monkeypatch.setattr(qlint.cli.info, "all_rules", bug)
    for debug in ("", "1"):
        monkeypatch.setenv("QLINT_DEBUG", debug)
        result = run_cli("rules")
        assert result.exit_code == 2 and "\x1b" not in result.stderr and "\u202e" not in result.stderr
        assert "cannot read '\\x1b]0;owned\\x07\\u202e\\nforged'" in result.stderr.splitlines()[-1]


def test_ctrl_c_while_a_batch_is_written_waits_for_the_batch(tmp_path, monkeypatch):
    """Ctrl-C at the first rename of a batch: the batch is written, each file whole, its
    temporary files removed, and only then KeyboardInterrupt."""
    from qlint.fixing import atomic

    paths = [tmp_path / f"r{n}.md" for n in range(5)]
    for path in paths:
        path.write_text("old\n")
    rename = os.replace

    def interrupted_rename(source, target):
        if target == paths[0]:
            os.kill(os.getpid(), signal.SIGINT)  # as Ctrl-C would, in the middle of the batch
        rename(source, target)

    monkeypatch.setattr(atomic.os, "replace", interrupted_rename)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_all([atomic.Write(path, "new\n", False, "old\n") for path in paths])
    assert [path.read_text() for path in paths] == ["new\n"] * 5
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)
