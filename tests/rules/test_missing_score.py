"""Q301 missing-score: an absent or null score."""

from __future__ import annotations

import pytest

from qlint.diagnostics import Severity
from tests.conftest import VALID, codes, lint_text, replace_once

SELECT = ["Q301"]


def test_absent_score_is_reported_at_the_closing_fence(root):
    text = replace_once(VALID, "score: 0.82\n", "")
    [found] = lint_text(root, text, select=SELECT)
    assert (found.code, found.field, found.severity) == ("Q301", "score", Severity.WARNING)
    assert (found.span.start_line, found.span.start_column) == (31, 1)  # the closing '---'
    assert found.message == "field 'score' is missing: expected the record's score (a number)"


@pytest.mark.parametrize(
    ("written", "column", "end_column"),
    [
        ("score: null", 8, 12),  # at the value
        ("score: ~", 8, 9),
        ("score:", 1, 6),  # nothing after the colon: at the key
        ("score:   ", 1, 6),
    ],
)
def test_null_score_is_reported(root, written, column, end_column):
    text = replace_once(VALID, "score: 0.82", written)
    [found] = lint_text(root, text, select=SELECT)
    assert (found.span.start_line, found.span.start_column, found.span.end_column) == (25, column, end_column)
    assert found.message == "field 'score' is null: expected the record's score (a number)"


@pytest.mark.parametrize("value", ["0.82", "0", "-1.0", "'high'", "true", "[1]"])
def test_present_score_of_any_kind_is_left_to_other_rules(root, value):
    assert lint_text(root, replace_once(VALID, "score: 0.82", f"score: {value}"), select=SELECT) == []


def test_null_score_inside_another_mapping_does_not_count(root):
    # Only the top-level field is the record's score; a nested `score` is not.
    text = replace_once(VALID, "score: 0.82\n", "")
    text = replace_once(text, "    id: 501240\n", "    id: 501240\n    score: 0.5\n")
    assert codes(lint_text(root, text, select=SELECT)) == ["Q301"]
