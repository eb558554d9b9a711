"""Q603 description-length: `seo.page_description` too short or too long."""

from __future__ import annotations

import pytest

from qlint.errors import ConfigError
from qlint.record.config import Config
from qlint.diagnostics import Severity
from qlint.pipeline.registry import active_rules
from tests.conftest import VALID, lint_text, replace_once

SELECT = ["Q603"]
DESCRIPTION = (
    "  page_description: >-\n    Photosynthesis captures light energy in chloroplasts and stores it in sugar,"
    " releasing oxygen as a by-product.\n"
)
LINE, COLUMN = 13, 21  # where the description's value (the `>-` block) starts in VALID


def with_description(text: str) -> str:
    return replace_once(VALID, DESCRIPTION, f"  page_description: >-\n    {text}\n")


def sentence(length: int) -> str:
    """Plain words, exactly `length` characters."""
    return ("Leaves trap light and store it. " * 20)[: length - 1].rstrip().ljust(length - 1, "x") + "."


def test_valid_record_is_clean(root):
    assert lint_text(root, VALID, select=SELECT) == []


@pytest.mark.parametrize(
    ("length", "message"),
    [
        (12, "page description is 12 characters long, expected at least 50"),
        (49, "page description is 49 characters long, expected at least 50"),
        (321, "page description is 321 characters long, expected at most 320"),
        (480, "page description is 480 characters long, expected at most 320"),
    ],
)
def test_out_of_range_lengths_are_reported_at_the_value(root, length, message):
    assert len(sentence(length)) == length
    [found] = lint_text(root, with_description(sentence(length)), select=SELECT)
    assert (found.code, found.field, found.severity) == ("Q603", "seo.page_description", Severity.WARNING)
    assert (found.span.start_line, found.span.start_column) == (LINE, COLUMN)
    assert found.message == message


@pytest.mark.parametrize("length", [50, 160, 222, 320])
def test_lengths_within_the_limits_are_clean(root, length):
    assert lint_text(root, with_description(sentence(length)), select=SELECT) == []


def test_whitespace_runs_count_as_one_character(root):
    # 40 characters as read, 49 in the file: the extra spaces do not make it long enough.
    text = replace_once(VALID, DESCRIPTION, '  page_description: "  Leaves trap light     and store it as sugar.   "\n')
    [found] = lint_text(root, text, select=SELECT)
    assert found.message.startswith("page description is 40 characters long")


def test_limits_are_configurable(root):
    config = Config(root=root, rules={"description-length": {"min_length": 10, "max_length": 160}})
    assert lint_text(root, with_description(sentence(12)), select=SELECT, config=config) == []
    [found] = lint_text(root, with_description(sentence(222)), select=SELECT, config=config)
    assert found.message.endswith("expected at most 160")


def test_a_minimum_above_the_maximum_is_a_config_error():
    config = Config(rules={"Q603": {"min_length": 200, "max_length": 100}})
    with pytest.raises(ConfigError, match="min_length must not be greater than max_length"):
        active_rules(config, SELECT)


@pytest.mark.parametrize("written", ['""', "42", "[a, b]"])
def test_empty_or_non_text_descriptions_are_left_to_the_schema_rules(root, written):
    text = replace_once(VALID, DESCRIPTION, f"  page_description: {written}\n")
    assert lint_text(root, text, select=SELECT) == []
