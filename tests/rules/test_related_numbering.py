"""Q408 related-numbering: gaps in related_articleN numbering, and entries the page never shows."""

from __future__ import annotations

import pytest

from qlint.record.config import Config, SiteConfig
from tests.conftest import VALID, lint_text, replace_once

SELECT = ["Q408"]
BLOCK = VALID[VALID.index("related_article1:") : VALID.index("---\n\n&nbsp;")]


def entry(key: str) -> str:
    return (
        f"{key}:\n    id: 501240\n    title: >-\n        An invented related question?\n"
        "    subject: Biology\n    url: /learn/biology/questions/an-invented-related-question\n"
    )


def numbered(*numbers: int | str) -> str:
    return replace_once(VALID, BLOCK, "".join(entry(f"related_article{n}") for n in numbers))


def found(root, text, **kwargs):
    return [(d.field, d.span.start_line, d.span.start_column, d.message) for d in lint_text(root, text, select=SELECT, **kwargs)]


def test_gap_is_reported_at_the_entry_after_it(root):
    assert found(root, numbered(1, 3)) == [
        ("related_article3", 32, 1, "related_article3 follows related_article1: related_article2 is missing"),
    ]


def test_wide_gap_names_the_range(root):
    [(_, _, _, message)] = found(root, numbered(1, 2, 5))
    assert message == "related_article5 follows related_article2: related_article3 to related_article4 are missing"


def test_numbering_that_does_not_start_at_one(root):
    assert found(root, numbered(2, 3)) == [
        ("related_article2", 26, 1, "related articles start at related_article2: expected related_article1 first"),
    ]


def test_entries_beyond_the_shown_maximum(root):
    result = found(root, numbered(1, 2, 3, 4, 5, 6, 7))
    assert result == [
        ("related_article6", 56, 1, "related_article6 is never shown: the page shows only related_article1 to related_article5"),
        ("related_article7", 62, 1, "related_article7 is never shown: the page shows only related_article1 to related_article5"),
    ]


def test_gap_and_excess_on_one_entry_are_two_problems(root):
    assert [r[3].split(":")[0] for r in found(root, numbered(1, 2, 3, 4, 5, 9))] == [
        "related_article9 follows related_article5",
        "related_article9 is never shown",
    ]


def test_maximum_comes_from_the_site_config(root):
    config = Config(root=root, site=SiteConfig(related_max=2))
    assert [r[0] for r in found(root, numbered(1, 2, 3), config=config)] == ["related_article3"]
    config = Config(root=root, site=SiteConfig(related_max=0))
    assert found(root, numbered(1), config=config)[0][3] == "related_article1 is never shown: the page shows no related articles"


@pytest.mark.parametrize(
    "numbers",
    [(1,), (1, 2, 3, 4, 5), (2, 1), (3, 1, 2), ()],  # file order does not matter
)
def test_contiguous_numbering_is_clean(root, numbers):
    assert found(root, numbered(*numbers)) == []


@pytest.mark.parametrize("numbers", [("0", 1), (1, "02"), ("01",)])
def test_keys_the_schema_calls_unknown_are_not_entries(root, numbers):
    # related_article0 / related_article02 are unknown-field's; they neither fill nor open a gap.
    assert found(root, numbered(*numbers)) == []
