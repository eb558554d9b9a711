"""Q302 placeholder-score: the -1 sentinel."""

from __future__ import annotations

import pytest

from tests.conftest import VALID, lint_text, replace_once

SELECT = ["Q302"]


@pytest.mark.parametrize("written", ["-1.0", "-1", "-1.00", "-1.0e+0", "-1.0  # not scored yet"])
def test_minus_one_in_any_spelling_is_reported_at_the_value(root, written):
    [found] = lint_text(root, replace_once(VALID, "score: 0.82", f"score: {written}"), select=SELECT)
    spelled = written.split()[0]
    assert (found.code, found.field) == ("Q302", "score")
    assert (found.span.start_line, found.span.start_column) == (25, 8)
    assert found.span.end_column == 8 + len(spelled)
    assert found.message == f"score '{spelled}' is the placeholder for 'not scored': expected a real score"


@pytest.mark.parametrize("written", ["0.82", "-1.5", "-0.1", "1", "'-1.0'", "null", "-.inf"])
def test_other_values_are_not_the_placeholder(root, written):
    # A quoted '-1.0' is a string: the schema reports its type, not this rule.
    assert lint_text(root, replace_once(VALID, "score: 0.82", f"score: {written}"), select=SELECT) == []


def test_absent_score_is_not_reported(root):
    assert lint_text(root, replace_once(VALID, "score: 0.82\n", ""), select=SELECT) == []


def test_minus_one_elsewhere_is_not_a_score(root):
    text = replace_once(VALID, "    id: 501240\n", "    id: 501240\n    score: -1.0\n")
    assert lint_text(root, text, select=SELECT) == []
