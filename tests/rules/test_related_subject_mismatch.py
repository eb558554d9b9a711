"""Q402 related-subject-mismatch: the related subject and the url's subject segment disagree."""

from __future__ import annotations

import pytest

from tests.conftest import VALID, lint_text, replace_once

SELECT = ["Q402"]
OLD = "    subject: Biology\n    url: /learn/biology/questions/what-is-the-role-of-chlorophyll-in-photosynthesis\n"


def related(subject: str, url: str) -> str:
    return replace_once(VALID, OLD, f"    subject: {subject}\n    url: {url}\n")


def test_mismatch_is_reported_at_the_related_subject(root):
    [found] = lint_text(root, related("Chemistry", "/learn/biology/questions/what-is-osmosis"), select=SELECT)
    assert (found.code, found.field) == ("Q402", "related_article1.subject")
    assert (found.span.start_line, found.span.start_column, found.span.end_column) == (30, 14, 23)
    assert found.message == "related subject 'Chemistry' (key 'chemistry') does not match the url's subject key 'biology'"


@pytest.mark.parametrize(
    ("subject", "url", "shown"),
    [
        ("Marine biology", "/learn/biology/questions/what-lives-in-a-reef", "'marine-biology'"),
        ("Biology", "/learn/marine-biology/questions/what-lives-in-a-reef", "url's subject key 'marine-biology'"),
        ("Computer  Science", "/learn/computer-science/questions/what-is-a-stack", "'computer--science'"),
    ],
)
def test_other_mismatches(root, subject, url, shown):
    [found] = lint_text(root, related(subject, url), select=SELECT)
    assert shown in found.message


@pytest.mark.parametrize(
    ("subject", "url"),
    [
        ("Biology", "/learn/biology/questions/what-is-osmosis"),
        ("biology", "/learn/biology/questions/what-is-osmosis"),  # case is subject-case's business
        ("Marine Biology", "/learn/marine-biology/questions/what-lives-in-a-reef"),
        ("Chemistry", "/learn/biology/what-is-osmosis"),  # malformed url: malformed-related-url's
        ("Chemistry", "''"),
        ("''", "/learn/biology/questions/what-is-osmosis"),  # empty subject: the schema's
        ("[Biology]", "/learn/chemistry/questions/what-is-osmosis"),
    ],
)
def test_matching_or_unusable_entries_are_not_reported(root, subject, url):
    assert lint_text(root, related(subject, url), select=SELECT) == []


def test_every_entry_is_checked(root):
    second = (
        "related_article2:\n    id: 501241\n    title: >-\n        What is a stoma?\n"
        "    subject: Physics\n    url: /learn/biology/questions/what-is-a-stoma\n"
    )
    text = replace_once(VALID, "---\n\n&nbsp;", second + "---\n\n&nbsp;")
    [found] = lint_text(root, text, select=SELECT)
    assert (found.field, found.span.start_line) == ("related_article2.subject", 36)
