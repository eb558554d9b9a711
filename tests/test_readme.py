"""README.md tells a new user the truth: the rules table and the test command."""

from __future__ import annotations

import re

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
