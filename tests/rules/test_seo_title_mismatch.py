"""Q602 seo-title-mismatch: `seo.title` is not `QuickTakes | <subject>`."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from qlint.record.config import Config, SiteConfig
from qlint.diagnostics import Applicability
from tests.conftest import VALID, VALID_PATH, fix_paths, fix_text, lint_text, replace_once

SELECT = ["Q602"]
SEO_TITLE = "  title: QuickTakes | Biology"
SUBJECT = "subject: Biology\nfile_name"
LINE, COLUMN = 12, 10  # where the seo title's value starts in VALID


def with_seo_title(title: str, text: str = VALID) -> str:
    return replace_once(text, SEO_TITLE, f"  title: {title}")


def test_valid_record_is_clean(root):
    assert lint_text(root, VALID, select=SELECT) == []


@pytest.mark.parametrize(
    "written",
    [
        "QuickTakes | Chemistry",
        "Quicktakes | Biology",
        "QuickTakes - Biology",
        "Biology",
        "QuickTakes | Biology | Plants",
    ],
)
def test_a_different_title_is_reported_with_the_expected_one(root, written):
    [found] = lint_text(root, with_seo_title(written), select=SELECT)
    assert (found.code, found.field) == ("Q602", "seo.title")
    assert (found.span.start_line, found.span.start_column) == (LINE, COLUMN)
    assert found.message == f"seo.title '{written}' should be 'QuickTakes | Biology'"


def test_a_changed_subject_is_reported_at_the_seo_title(root):
    text = replace_once(VALID, SUBJECT, "subject: Chemistry\nfile_name")
    [found] = lint_text(root, text, select=SELECT)
    assert found.message == "seo.title 'QuickTakes | Biology' should be 'QuickTakes | Chemistry'"


def test_a_case_variant_subject_is_compared_as_written(root):
    # unknown-subject reports the spelling; here the two fields only have to agree.
    text = replace_once(VALID, SUBJECT, "subject: Computer science\nfile_name")
    assert lint_text(root, with_seo_title("QuickTakes | Computer science", text), select=SELECT) == []
    [found] = lint_text(root, with_seo_title("QuickTakes | Computer Science", text), select=SELECT)
    assert found.message.endswith("should be 'QuickTakes | Computer science'")


@pytest.mark.parametrize("written", ['"QuickTakes |  Biology"', "' QuickTakes | Biology '"])
def test_whitespace_differences_do_not_count(root, written):
    assert lint_text(root, with_seo_title(written), select=SELECT) == []


def test_the_configured_pattern_is_used(root):
    config = Config(root=root, site=SiteConfig(seo_title="{subject} answers"))
    [found] = lint_text(root, VALID, select=SELECT, config=config)
    assert found.message == "seo.title 'QuickTakes | Biology' should be 'Biology answers'"
    assert lint_text(root, with_seo_title("Biology answers"), select=SELECT, config=config) == []


def test_a_pattern_with_unknown_placeholders_is_a_config_error(root):
    with pytest.raises(ValidationError, match=r"\{brand\} is not a placeholder here: use \{subject\}"):
        SiteConfig(seo_title="{brand} | {subject}")


@pytest.mark.parametrize("subject", ['""', "12", "[Biology]"])
def test_without_a_text_subject_nothing_is_compared(root, subject):
    text = replace_once(VALID, SUBJECT, f"subject: {subject}\nfile_name")
    assert lint_text(root, text, select=SELECT) == []


# ----- the fix ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ("QuickTakes | Chemistry", "QuickTakes | Biology"),
        ("'Quicktakes | Biology'", "'QuickTakes | Biology'"),
        ('"QuickTakes - Biology"', '"QuickTakes | Biology"'),
        (">-\n    QuickTakes | Chemistry", ">-\n    QuickTakes | Biology"),
    ],
    ids=["plain", "single-quoted", "double-quoted", "folded-block"],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_fix_writes_the_site_title_and_changes_only_the_value(root, written, fixed, newline):
    after = fix_text(root, with_seo_title(written).replace("\n", newline), select=SELECT)
    assert after == with_seo_title(fixed).replace("\n", newline)
    assert fix_text(root, after, select=SELECT) == after  # a second run changes nothing


def test_the_fix_is_safe_and_follows_the_subject(root):
    text = replace_once(VALID, SUBJECT, "subject: Chemistry\nfile_name")
    [found] = lint_text(root, text, select=SELECT)
    assert found.fix is not None and found.fix.applicability == Applicability.SAFE
    assert fix_text(root, text, select=SELECT) == with_seo_title("QuickTakes | Chemistry", text)


def test_a_case_variant_subject_gets_a_title_spelled_like_it(root):
    # unknown-subject then fixes the subject and the title together.
    text = replace_once(VALID, SUBJECT, "subject: Computer science\nfile_name")
    fixed = fix_text(root, text, select=SELECT)
    assert fixed == with_seo_title("QuickTakes | Computer science", text)


def test_an_unknown_subject_gets_no_fix(root):
    # The subject may be the typo: a person decides.
    text = replace_once(VALID, SUBJECT, "subject: Biolgy\nfile_name")
    [found] = lint_text(root, text, select=SELECT)
    assert found.fix is None
    assert fix_text(root, text, select=SELECT) == text


def test_the_fix_uses_the_configured_pattern(root):
    config = Config(root=root, site=SiteConfig(seo_title="{subject} answers"))
    lint_text(root, VALID, select=SELECT, config=config)  # writes the record
    path = root / VALID_PATH
    fix_paths([path], config, SELECT)
    assert path.read_text() == with_seo_title("Biology answers")
