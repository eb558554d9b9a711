"""Q505 unknown-subject: a subject that is not in the site's list, or spelled with other capitals."""

from __future__ import annotations

import pytest

from qlint.config import Config, SiteConfig
from tests.conftest import VALID, lint_text, replace_once

SELECT = ["Q505"]
SUBJECT = "subject: Biology\nfile_name"
RELATED_SUBJECT = "    subject: Biology\n    url"
LINE, COLUMN = 22, 10  # where the record's subject value starts in VALID
RELATED_LINE, RELATED_COLUMN = 30, 14


def with_subject(subject: str) -> str:
    return replace_once(VALID, SUBJECT, f"subject: {subject}\nfile_name")


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
