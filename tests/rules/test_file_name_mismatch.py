"""Q501 file-name-mismatch: `file_name` is not the file's real name."""

from __future__ import annotations

import pytest

from tests.conftest import VALID, lint_text, replace_once

SELECT = ["Q501"]
FILE_NAME = "file_name: how-do-plants-turn-sunlight-into-chemical-energy.md"
LINE, COLUMN = 23, 12  # where file_name's value starts in VALID


def test_valid_record_is_clean(root):
    assert lint_text(root, VALID, select=SELECT) == []


@pytest.mark.parametrize(
    "written",
    [
        "how-do-leaves-turn-sunlight-into-chemical-energy.md",  # a stale name after a rename
        "How-do-plants-turn-sunlight-into-chemical-energy.md",  # case matters on the server
        "how-do-plants-turn-sunlight-into-chemical-energy.markdown",
    ],
)
def test_a_different_name_is_reported_at_the_value(root, written):
    text = replace_once(VALID, FILE_NAME, f"file_name: {written}")
    [found] = lint_text(root, text, select=SELECT)
    assert (found.code, found.field) == ("Q501", "file_name")
    assert (found.span.start_line, found.span.start_column) == (LINE, COLUMN)
    assert found.message == (
        f"file_name '{written}' differs from the real file name 'how-do-plants-turn-sunlight-into-chemical-energy.md'"
    )


def test_the_file_itself_can_be_the_one_renamed(root):
    # The same record saved under another name: the field no longer matches.
    [found] = lint_text(root, VALID, rel="biology/photosynthesis.md", select=SELECT)
    assert "real file name 'photosynthesis.md'" in found.message


def test_long_names_are_shortened_around_the_difference(root):
    stem = "why-" + "very-" * 20 + "long"
    written = stem + "er.md"
    text = replace_once(VALID, FILE_NAME, f"file_name: {written}")
    [found] = lint_text(root, text, rel=f"biology/{stem}.md", select=SELECT)
    assert found.message.startswith("file_name '...")
    assert "-very-longer.md' differs" in found.message and found.message.endswith("-very-long.md'")
    assert len(found.message) < 200


@pytest.mark.parametrize("written", ['""', "42", "[a, b]"])
def test_empty_or_non_text_values_are_left_to_the_schema_rules(root, written):
    text = replace_once(VALID, FILE_NAME, f"file_name: {written}")
    assert lint_text(root, text, select=SELECT) == []


def test_missing_field_is_left_to_the_schema_rules(root):
    text = replace_once(VALID, FILE_NAME + "\n", "")
    assert lint_text(root, text, select=SELECT) == []
