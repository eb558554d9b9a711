"""Q504 slug-title-mismatch: the file name is not the slug the site makes from `title`."""

from __future__ import annotations

import pytest

from tests.conftest import VALID, lint_text, replace_once

SELECT = ["Q504"]
TITLE = "title: >-\n    How do plants turn sunlight into chemical energy?\narticle_title"
LINE, COLUMN = 5, 8  # where the title's value (the `>-` block) starts in VALID


def with_title(title: str) -> str:
    return replace_once(VALID, TITLE, f"title: >-\n    {title}\narticle_title")


def test_valid_record_is_clean(root):
    assert lint_text(root, VALID, select=SELECT) == []


def test_an_edited_title_is_reported_at_the_title(root):
    [found] = lint_text(root, with_title("How do plants turn sunlight into sugar?"), select=SELECT)
    assert (found.code, found.field) == ("Q504", "title")
    assert (found.span.start_line, found.span.start_column) == (LINE, COLUMN)
    assert found.message == (
        "title gives the slug 'how-do-plants-turn-sunlight-into-sugar'"
        " but the file name is 'how-do-plants-turn-sunlight-into-chemical-energy'"
    )


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Describe the sodium-potassium pump.", "describe-the-sodiumpotassium-pump"),  # hyphens dropped
        ("Is Schrödinger's cat alive?", "is-schrdingers-cat-alive"),  # accents dropped, not folded
        ("Supply & demand: what sets prices?", "supply--demand-what-sets-prices"),  # ' & ' gives '--'
        ("What is 2 + 2?", "what-is-2--2"),
    ],
)
def test_the_site_slug_rules_are_followed(root, title, slug):
    assert lint_text(root, with_title(title), rel=f"biology/{slug}.md", select=SELECT) == []


@pytest.mark.parametrize(
    ("title", "wrong_slug"),
    [
        ("Describe the sodium-potassium pump.", "describe-the-sodium-potassium-pump"),
        ("Is Schrödinger's cat alive?", "is-schrodingers-cat-alive"),
        ("Supply & demand: what sets prices?", "supply-demand-what-sets-prices"),
    ],
)
def test_hand_made_slugs_that_look_right_are_reported(root, title, wrong_slug):
    [found] = lint_text(root, with_title(title), rel=f"biology/{wrong_slug}.md", select=SELECT)
    assert f"but the file name is '{wrong_slug}'" in found.message


@pytest.mark.parametrize("title", ['""', "123", "{a: b}"])
def test_a_title_that_is_not_text_is_left_to_the_schema_rules(root, title):
    text = replace_once(VALID, TITLE, f"title: {title}\narticle_title")
    assert lint_text(root, text, select=SELECT) == []
