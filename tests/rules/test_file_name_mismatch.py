"""Q501 file-name-mismatch: `file_name` is not the file's real name."""

from __future__ import annotations

import os

import pytest

from qlint.diagnostics import Applicability
from tests.conftest import VALID, VALID_PATH, fix_text, lint_text, replace_once, run_cli

SELECT = ["Q501"]
FILE_NAME = "file_name: how-do-plants-turn-sunlight-into-chemical-energy.md"
LINE, COLUMN = 23, 12  # where file_name's value starts in VALID
REAL = "how-do-plants-turn-sunlight-into-chemical-energy.md"


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


# ----- the fix ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ("file_name: stale-name.md", f"file_name: {REAL}"),
        ("file_name: 'stale-name.md'", f"file_name: '{REAL}'"),
        ('file_name: "stale-name.md"', f'file_name: "{REAL}"'),
        ("file_name: >-\n    stale-name.md", f"file_name: >-\n    {REAL}"),
    ],
    ids=["plain", "single-quoted", "double-quoted", "folded-block"],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_fix_writes_the_real_name_and_changes_only_the_value(root, written, fixed, newline):
    before = replace_once(VALID, FILE_NAME, written).replace("\n", newline)
    after = fix_text(root, before, select=SELECT)
    assert after == replace_once(VALID, FILE_NAME, fixed).replace("\n", newline)
    assert fix_text(root, after, select=SELECT) == after  # a second run changes nothing


def test_the_fix_is_safe_and_never_renames_the_file(root):
    text = replace_once(VALID, FILE_NAME, "file_name: what-is-osmosis.md")
    [found] = lint_text(root, text, select=SELECT)
    assert found.fix is not None and found.fix.applicability == Applicability.SAFE
    assert fix_text(root, text, select=SELECT) == VALID
    assert sorted(p.name for p in (root / "biology").iterdir()) == [REAL]


def test_a_renamed_file_gets_its_new_name_in_the_field(root):
    fixed = fix_text(root, VALID, select=SELECT, rel="biology/photosynthesis.md")
    assert fixed == replace_once(VALID, FILE_NAME, "file_name: photosynthesis.md")
    assert (root / VALID_PATH).exists() is False


def test_a_file_name_that_is_not_utf8_is_reported_without_a_fix(tmp_path):
    # The name cannot be written into a UTF-8 record: the fix used to be offered, refused by
    # the verifier, and its note printed once per round.
    (tmp_path / "qlint.toml").write_text('root = "learn"\n')
    os.makedirs(tmp_path / "learn" / "biology")
    with open(os.fsencode(tmp_path / "learn" / "biology") + b"/caf\xe9.md", "w", encoding="utf-8") as handle:
        handle.write(VALID)
    result = run_cli("fix", "--no-cache", "--select", "Q501", str(tmp_path / "learn"))
    assert result.exit_code == 1 and "not applied" not in result.stderr
    assert "Q501 [file-name-mismatch]" in result.stdout and "real file name 'caf\\xe9.md'" in result.stdout
    assert "Fixed 0 problems in 0 files, 1 remaining." in result.stdout + result.stderr
