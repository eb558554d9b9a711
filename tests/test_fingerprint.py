"""A problem's fingerprint survives moved lines and tells different problems apart; runs
are compared as multisets."""

from __future__ import annotations

import json
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

import qlint
from qlint.diagnostics import Severity, Span, made_diagnostic
from qlint.pipeline.fingerprint import fingerprint, new_and_gone, of_diagnostic, of_json_problem
from tests.conftest import REPO, run_cli

PATH = "content/learn/biology/what-is-osmosis.md"


def test_a_problem_that_moved_keeps_its_fingerprint():
    here = made_diagnostic("Q302", "placeholder-score", Severity.ERROR, "score '-1.0' is a placeholder", PATH, Span(25, 8, 25, 12, 900, 904), "score")
    there = made_diagnostic("Q302", "placeholder-score", Severity.ERROR, "score '-1.0' is a placeholder", PATH, Span(31, 2, 31, 6, 1200, 1204), "score")
    assert of_diagnostic(here) == of_diagnostic(there)


def test_a_position_written_in_the_message_does_not_count():
    first = fingerprint("Q004", PATH, "title", "duplicate key 'title' (first defined on line 5)")
    moved = fingerprint("Q004", PATH, "title", "duplicate key 'title' (first defined on line 12)")
    assert first == moved
    assert fingerprint("Q004", PATH, None, "lines 3-5 and column 7") == fingerprint("Q004", PATH, None, "lines 10-12 and column 1")
    assert fingerprint("Q603", PATH, None, "359 characters long") != fingerprint("Q603", PATH, None, "412 characters long")


def test_every_part_tells_problems_apart():
    parts = ("Q205", PATH, "answer", "doubled quote '\"\"'")
    base = fingerprint(*parts)
    for index, other in enumerate(("Q206", PATH.replace("osmosis", "diffusion"), "title", "doubled quote \"''\"")):
        changed = list(parts)
        changed[index] = other
        assert fingerprint(*changed) != base
    assert fingerprint("Q205", PATH, None, "m") != fingerprint("Q205", PATH, None, "m ")
    assert len(base) == 16 and int(base, 16) >= 0


def test_a_windows_path_is_the_same_file():
    assert fingerprint("Q302", "content\\learn\\a.md", None, "m") == fingerprint("Q302", "content/learn/a.md", None, "m")


def test_a_diagnostic_and_its_json_object_have_one_fingerprint(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    result = run_cli("check", "--format", "json", "--no-cache")
    problems = json.loads(result.stdout)
    assert problems
    with qlint.Project(qlint.load_config(), cache=False, jobs=1) as project:
        report = project.check_paths(["examples/content/learn"])
    assert [of_diagnostic(d) for d in report.diagnostics] == [of_json_problem(p) for p in problems]


def test_names_and_surrogates_do_not_break_it():
    assert fingerprint("Q001", "bad-\udcff-name.md", None, "not valid UTF-8")


def test_new_and_gone_compare_as_multisets():
    before = [("a", "a1"), ("a", "a2"), ("b", "b1"), ("c", "c1")]
    now = [("a", "A1"), ("b", "B1"), ("b", "B2"), ("b", "B3"), ("d", "D1")]
    new, gone = new_and_gone(before, now)
    assert new == ["B2", "B3", "D1"]  # the later ones of a fingerprint that grew, in order
    assert gone == ["a2", "c1"]


@given(
    st.lists(st.sampled_from("abcde"), max_size=30),
    st.lists(st.sampled_from("abcde"), max_size=30),
)
def test_new_and_gone_add_up(before_prints, now_prints):
    before = [(p, ("before", i)) for i, p in enumerate(before_prints)]
    now = [(p, ("now", i)) for i, p in enumerate(now_prints)]
    new, gone = new_and_gone(before, now)
    assert len(now) - len(new) == len(before) - len(gone)  # the matched ones, on both sides
    assert Counter(now_prints) - Counter(before_prints) == Counter(now[i][0] for _, i in new)
    assert Counter(before_prints) - Counter(now_prints) == Counter(before[i][0] for _, i in gone)
    assert [i for _, i in new] == sorted(i for _, i in new) and [i for _, i in gone] == sorted(i for _, i in gone)
