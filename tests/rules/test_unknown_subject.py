"""Q505 unknown-subject: a subject that is not in the site's list, or spelled with other capitals."""

from __future__ import annotations

import pytest

from qlint.record.config import Config, SiteConfig
from qlint.diagnostics import Applicability
from tests.conftest import VALID, fix_text, lint_text, replace_once

SELECT = ["Q505"]
SUBJECT = "subject: Biology\nfile_name"
RELATED_SUBJECT = "    subject: Biology\n    url"
LINE, COLUMN = 22, 10  # where the record's subject value starts in VALID
RELATED_LINE, RELATED_COLUMN = 30, 14


SEO_TITLE = "  title: QuickTakes | Biology\n"


def with_subject(subject: str, text: str = VALID) -> str:
    return replace_once(text, SUBJECT, f"subject: {subject}\nfile_name")


def with_seo_title(title: str, text: str = VALID) -> str:
    return replace_once(text, SEO_TITLE, f"  title: {title}\n")


def test_valid_record_is_clean(root):
    assert lint_text(root, VALID, select=SELECT) == []


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Computer science", "Computer Science"),
        ("Education studies", "Education Studies"),
        ("biology", "Biology"),
        ("ENGLISH LITERATURE", "English literature"),
    ],
)
def test_a_case_variant_names_the_site_spelling(root, written, canonical):
    [found] = lint_text(root, with_subject(written), select=SELECT)
    assert (found.code, found.field) == ("Q505", "subject")
    assert (found.span.start_line, found.span.start_column) == (LINE, COLUMN)
    assert found.message == f"subject '{written}' is spelled differently from the site's '{canonical}'"


@pytest.mark.parametrize("written", ["Astrology", "Computer-Science", "Biology 101"])
def test_a_name_not_in_the_list_is_unknown(root, written):
    [found] = lint_text(root, with_subject(written), select=SELECT)
    assert found.message == f"unknown subject '{written}': not in the site's subject list"


def test_related_article_subjects_are_checked_too(root):
    text = replace_once(VALID, RELATED_SUBJECT, "    subject: Digital media\n    url")
    [found] = lint_text(root, text, select=SELECT)
    assert found.field == "related_article1.subject"
    assert (found.span.start_line, found.span.start_column) == (RELATED_LINE, RELATED_COLUMN)
    assert "the site's 'Digital Media'" in found.message


def test_related_articles_beyond_the_shown_five_are_checked(root):
    extra = "related_article12:\n    subject: Alchemy\nrelated_article7:\n    subject: Astrology\n---"
    text = replace_once(VALID, "\n---\n\n", "\n" + extra + "\n\n")
    found = lint_text(root, text, select=SELECT)
    # Reported in file order.
    assert [d.field for d in found] == ["related_article12.subject", "related_article7.subject"]
    assert sorted(d.message for d in found) == [
        "unknown subject 'Alchemy': not in the site's subject list",
        "unknown subject 'Astrology': not in the site's subject list",
    ]


def test_the_configured_list_is_used(root):
    config = Config(root=root, site=SiteConfig(subjects=["Botany"]))
    text = replace_once(VALID, RELATED_SUBJECT, "    subject: botany\n    url")
    found = lint_text(root, text, select=SELECT, config=config)
    assert [(d.field, d.message) for d in found] == [
        ("subject", "unknown subject 'Biology': not in the site's subject list"),
        ("related_article1.subject", "subject 'botany' is spelled differently from the site's 'Botany'"),
    ]


@pytest.mark.parametrize("written", ['""', "7", "[Biology]", "'  '"])
def test_empty_or_non_text_subjects_are_left_to_the_schema_rules(root, written):
    assert lint_text(root, with_subject(written), select=SELECT) == []


# ----- the fix ---------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_fix_respells_the_subject_and_the_seo_title_built_from_it_in_one_fix(root, newline):
    before = with_seo_title("QuickTakes | biology", with_subject("biology"))
    [found] = lint_text(root, before, select=SELECT)
    assert found.fix.applicability == Applicability.SAFE and len(found.fix.edits) == 2
    after = fix_text(root, before.replace("\n", newline), select=SELECT)
    assert after == VALID.replace("\n", newline)
    assert fix_text(root, after, select=SELECT) == after  # a second run changes nothing


@pytest.mark.parametrize(
    ("subject", "seo_title", "fixed_subject", "fixed_seo_title"),
    [
        ("Computer science", "QuickTakes | Computer science", "Computer Science", "QuickTakes | Computer Science"),
        (
            "'computer science'",
            "'QuickTakes | computer science'",
            "'Computer Science'",
            "'QuickTakes | Computer Science'",
        ),
        (
            '"COMPUTER SCIENCE"',
            '"QuickTakes | COMPUTER SCIENCE"',
            '"Computer Science"',
            '"QuickTakes | Computer Science"',
        ),
        (
            ">-\n    computer science",
            ">-\n    QuickTakes | computer science",
            ">-\n    Computer Science",
            ">-\n    QuickTakes | Computer Science",
        ),
    ],
    ids=["plain", "single-quoted", "double-quoted", "folded-block"],
)
def test_fix_keeps_the_style_of_both_values(root, subject, seo_title, fixed_subject, fixed_seo_title):
    before = with_seo_title(seo_title, with_subject(subject))
    assert fix_text(root, before, select=SELECT) == with_seo_title(fixed_seo_title, with_subject(fixed_subject))


def test_a_seo_title_with_other_spacing_is_rewritten_as_the_site_builds_it(root):
    # Compared with whitespace squashed, as seo-title-mismatch compares it.
    before = with_seo_title("'QuickTakes |  biology '", with_subject("biology"))
    assert fix_text(root, before, select=SELECT) == with_seo_title("'QuickTakes | Biology'")


def test_a_seo_title_not_built_from_the_old_spelling_is_left_alone(root):
    # seo-title-mismatch reports and fixes that one.
    before = with_seo_title("QuickTakes | Chemistry", with_subject("biology"))
    [found] = lint_text(root, before, select=SELECT)
    assert len(found.fix.edits) == 1
    assert fix_text(root, before, select=SELECT) == with_seo_title("QuickTakes | Chemistry")


def test_with_seo_title_mismatch_the_two_fixes_settle_on_the_site_spelling(root):
    before = with_seo_title("QuickTakes | Computer Science", with_subject("Computer science"))
    select = ["Q505", "Q602"]
    after = fix_text(root, before, select=select)
    assert after == with_subject("Computer Science", with_seo_title("QuickTakes | Computer Science"))
    assert lint_text(root, after, select=select) == []


def test_fix_respells_a_related_subject(root):
    before = replace_once(VALID, RELATED_SUBJECT, "    subject: Digital media\n    url")
    after = fix_text(root, before, select=SELECT)
    assert after == replace_once(VALID, RELATED_SUBJECT, "    subject: Digital Media\n    url")
    assert fix_text(root, after, select=SELECT) == after


def test_an_unknown_subject_gets_no_fix(root):
    before = with_seo_title("QuickTakes | Astrology", with_subject("Astrology"))
    [found] = lint_text(root, before, select=SELECT)
    assert found.fix is None
    assert fix_text(root, before, select=SELECT, unsafe=True) == before
