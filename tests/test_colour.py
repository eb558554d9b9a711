"""Colour in the text report: on at a terminal, off with NO_COLOR or when stdout is not a
terminal, on with FORCE_COLOR even when piped; never in a file named by --output-file."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from qlint.cli import cli  # (with every command registered on it)
from tests.conftest import VALID, VALID_PATH
from tests.rules.corpus_helpers import write

ESC = "\x1b["


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "qlint.toml").write_text('root = "learn"\n')
    write(tmp_path / "learn", VALID_PATH, VALID.replace("score: 0.82", "score: -1.0"))
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def check(terminal: bool, *args: str, **env: str) -> str:
    """The stdout of `qlint check`, as at a terminal (click's CliRunner with colour) or piped."""
    result = CliRunner().invoke(cli, ["check", "--select", "Q302", *args], color=terminal, env=env)
    assert result.exit_code == 1, result.output
    return result.stdout


def test_at_a_terminal_the_report_is_coloured_and_says_the_same(project):
    plain, coloured = check(False), check(True)
    assert ESC not in plain and ESC in coloured and click.unstyle(coloured) == plain
    headline = coloured.splitlines()[0]
    assert headline.startswith(click.style(f"learn/{VALID_PATH}:25:8:", bold=True))
    assert click.style("Q302", fg="red") in headline
    assert click.style("^^^^", fg="red") in coloured


@pytest.mark.parametrize("value", ["1", "true", "0", "no"])
def test_no_color_with_any_value_turns_it_off(project, value):
    assert ESC not in check(True, NO_COLOR=value)


def test_an_empty_no_color_is_not_set(project):
    assert ESC in check(True, NO_COLOR="")


def test_force_color_colours_a_pipe_and_no_color_wins_over_it(project):
    assert ESC in check(False, FORCE_COLOR="1")
    assert ESC not in check(False, FORCE_COLOR="")
    assert ESC not in check(False, FORCE_COLOR="1", NO_COLOR="1")


def test_a_report_file_and_the_other_formats_are_never_coloured(project):
    check(True, "-o", "report.txt", FORCE_COLOR="1")
    assert ESC not in (project / "report.txt").read_text()
    for fmt in ("concise", "github", "json", "sarif", "junit"):
        assert ESC not in check(True, "--format", fmt, FORCE_COLOR="1")


def test_a_coloured_report_saved_in_the_cache_is_not_replayed_into_a_pipe(project):
    assert ESC in check(True)  # rendered and saved with colour
    assert ESC not in check(False)  # the same run, from the cache, piped
    assert ESC in check(True)


def test_a_real_terminal_gets_colour_and_a_pipe_does_not(project):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS")}
    command = [sys.executable, "-m", "qlint", "check", "--no-cache", "--select", "Q302"]
    try:
        leader, follower = pty.openpty()
    except OSError as exc:
        pytest.skip(f"no pseudo-terminal here: {exc}")
    try:
        process = subprocess.run(command, stdout=follower, stderr=subprocess.PIPE, env=env, timeout=120)
        os.close(follower)
        follower = -1
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # (Linux: EIO once the other end is closed and drained)
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    assert process.returncode == 1 and ESC.encode() in shown
    piped = subprocess.run(command, capture_output=True, env=env, timeout=120)
    assert piped.returncode == 1 and ESC.encode() not in piped.stdout
    assert click.unstyle(shown.decode().replace("\r\n", "\n")) == piped.stdout.decode()
