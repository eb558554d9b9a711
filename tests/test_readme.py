"""README.md tells a new user the truth: the rules table, the test command, the first session
and the API example."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REPO, run_cli

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_rules_table_matches_the_registry():
    table = re.search(r"<!-- rules-table:.*?-->\n(.*?)<!-- end rules-table -->", README, re.S)
    assert table is not None
    assert table.group(1) == run_cli("rules", "--markdown").stdout, "run `qlint rules --markdown` and paste it"


def test_ci_runs_exactly_the_readme_test_command():
    section = README.split("## Run the tests", 1)[1]
    command = re.search(r"```sh\n(.*?)\n```", section, re.S).group(1)
    ci_lines = [line for line in (REPO / ".ci" / "run").read_text().splitlines() if line and not line.startswith("#")]
    assert ci_lines[-1] == command


def _transcript() -> list[tuple[str, list[str]]]:
    """The "First steps" session: (command, the lines it prints) for each `$ ` line."""
    section = README.split("### First steps", 1)[1]
    block = re.search(r"```console\n(.*?)\n```", section, re.S).group(1)
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    return steps


def _shown(expected: list[str], printed: list[str]) -> bool:
    """Does `printed` read as `expected`, where a `...` line stands for any lines?"""
    if not expected:
        return not printed
    if expected[0] == "...":
        return any(_shown(expected[1:], printed[start:]) for start in range(len(printed) + 1))
    return bool(printed) and printed[0] == expected[0] and _shown(expected[1:], printed[1:])


def test_the_first_steps_session_goes_as_written(tmp_path):
    """Install (this environment's qlint), check the examples, break a record, fix it: each
    command run by a shell in a copy of the repository's config and examples, its output
    (stdout and stderr, as a terminal shows them) compared line by line."""
    import os
    import shutil
    import subprocess
    import sys

    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    steps = _transcript()
    assert [command.split()[:2] for command, _ in steps][:2] == [["qlint", "check"], ["sed", "-i"]]
    for command, expected in steps:
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True)
        printed = (done.stdout + done.stderr).splitlines()
        assert _shown(expected, printed), f"$ {command}\n" + "\n".join(printed)


def test_the_api_example_runs_as_written(tmp_path):
    """Run from a copy of the repository's config and examples, as a new user would."""
    import shutil
    import subprocess
    import sys

    section = README.split("## Python API", 1)[1]
    example = re.search(r"```python\n(.*?)\n```", section, re.S).group(1)
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    result = subprocess.run([sys.executable, "-c", example], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("21:9 Q201 mojibake 'Hereâ€™s' should read 'Here’s'")
    assert "25:8 Q302 score '-1.0' is the placeholder for 'not scored': expected a real score" in lines
    assert lines[-2] == "2 fixed, 1 remaining"  # both mojibake runs are exact repairs; the score is left
    assert lines[-1] == "19 problems in 12 files"
