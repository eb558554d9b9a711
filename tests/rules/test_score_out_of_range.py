"""Q303 score-out-of-range: a numeric score outside minimum..maximum."""

from __future__ import annotations

import pytest

from qlint.errors import ConfigError
from qlint.record.config import Config, RuleSettings
from tests.conftest import VALID, codes, lint_text, replace_once

SELECT = ["Q303"]


def with_score(written: str) -> str:
    return replace_once(VALID, "score: 0.82", f"score: {written}")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("82", "score '82' is outside the range 0..1"),
        ("1.0001", "score '1.0001' is outside the range 0..1"),
        ("-0.5", "score '-0.5' is outside the range 0..1"),
        ("-2", "score '-2' is outside the range 0..1"),
        (".inf", "score '.inf' is outside the range 0..1"),
        (".nan", "score '.nan' is not a number"),
    ],
)
def test_out_of_range_score_is_reported_at_the_value(root, written, message):
    [found] = lint_text(root, with_score(written), select=SELECT)
    assert (found.code, found.field, found.message) == ("Q303", "score", message)
    assert (found.span.start_line, found.span.start_column) == (25, 8)


@pytest.mark.parametrize("written", ["0", "0.0", "1", "1.0", "0.5", "-1.0", "-1", "'5'", "true", "null"])
def test_in_range_placeholder_and_non_numbers_are_not_reported(root, written):
    # -1 is placeholder-score's; strings and booleans are the schema's.
    assert lint_text(root, with_score(written), select=SELECT) == []


def test_placeholder_is_reported_once_by_q302_only(root):
    assert codes(lint_text(root, with_score("-1.0"), select=["Q302", "Q303"])) == ["Q302"]


def config_with(root, **options) -> Config:
    return Config(root=root, rules={"score-out-of-range": RuleSettings(**options)})


def test_range_is_configurable(root):
    config = config_with(root, minimum=0, maximum=100)
    assert lint_text(root, with_score("82"), select=SELECT, config=config) == []
    [found] = lint_text(root, with_score("120.5"), select=SELECT, config=config)
    assert found.message == "score '120.5' is outside the range 0..100"


def test_minus_one_stays_placeholder_even_when_the_range_allows_it(root):
    config = config_with(root, minimum=-5, maximum=5)
    assert lint_text(root, with_score("-1.0"), select=SELECT, config=config) == []
    [found] = lint_text(root, with_score("-6"), select=SELECT, config=config)
    assert found.message == "score '-6' is outside the range -5..5"


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"minimum": 2, "maximum": 1}, r"'rules.score-out-of-range.maximum': must not be below minimum \(2\)"),
        ({"maximum": "high"}, "rules.score-out-of-range.maximum"),
        ({"top": 1}, "rules.score-out-of-range.top"),
    ],
)
def test_bad_options_are_config_errors(root, options, error):
    with pytest.raises(ConfigError, match=error):
        lint_text(root, VALID, select=SELECT, config=config_with(root, **options))
