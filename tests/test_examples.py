"""The example corpus shows what qlint is for: `qlint check` in the repository runs on it."""

from __future__ import annotations

import json
from collections import defaultdict

from tests.conftest import REPO, run_cli


def test_qlint_check_in_the_repository_lints_the_examples_and_finds_their_defects(monkeypatch):
    monkeypatch.chdir(REPO)
    result = run_cli("check", "--no-cache", "--format", "json")
    assert result.exit_code == 1
    found = defaultdict(set)
    for d in json.loads(result.stdout):
        found[d["path"].split("/", 3)[-1]].add(d["code"])
    assert dict(found) == {
        "chemistry/how-is-the-ph-of-a-buffer-solution-calculated.md": {"Q201", "Q302"},
        "computer-science/what-does-big-o-notation-describe.md": {"Q403"},
        "computer-science/what-is-the-difference-between-a-stack-and-a-queue.md": {"Q505"},
        "history-of-the-world/how-did-the-printing-press-change-europe.md": {"Q404"},
        "history-of-the-world/why-did-the-western-roman-empire-decline.md": {"Q205", "Q301", "Q604"},
        "mathematics/what-is-the-derivative-of-a-product-of-two-functions.md": {"Q204", "Q207"},
        "physics/what-does-newtons-second-law-state.md": {"Q501", "Q502"},
        "psychology/how-does-sleep-affect-longterm-memory.md": {"Q206", "Q407"},
        "psychology/what-is-cognitive-dissonance.md": {"Q101", "Q102", "Q103"},
    }
    # Three of the twelve records are clean.
    assert run_cli("check", "--no-cache", "--format", "concise").stdout.endswith("(12 files checked); 7 fixable with `qlint fix`; 1 more with `qlint fix --unsafe-fixes`.\n")
