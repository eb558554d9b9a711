"""Q407 self-related: a related article that leads back to the record's own question."""

from __future__ import annotations

import pytest

from tests.conftest import VALID, lint_text, replace_once

SELECT = ["Q407"]
OWN_URL = "/learn/biology/questions/how-do-plants-turn-sunlight-into-chemical-energy"
RELATED_ID = "    id: 501240"
RELATED_URL = "    url: /learn/biology/questions/what-is-the-role-of-chlorophyll-in-photosynthesis"


def related(ident: str = "501240", url: str = "/learn/biology/questions/what-is-the-role-of-chlorophyll-in-photosynthesis") -> str:
    text = replace_once(VALID, RELATED_ID, f"    id: {ident}")
    return replace_once(text, RELATED_URL, f"    url: {url}")


@pytest.mark.parametrize(
    ("ident", "url", "field", "line", "message"),
    [
        ("501240", OWN_URL, "related_article1.url", 31, "related_article1 links to this record's own page"),
        ("501234", OWN_URL, "related_article1.url", 31, "related_article1 links to this record's own page"),
        (
            "501299",
            "/learn/chemistry/questions/how-do-plants-turn-sunlight-into-chemical-energy",
            "related_article1.url",
            31,
            "related_article1 links to this same question under subject 'chemistry'",
        ),
        ("501234", "/learn/biology/questions/what-is-osmosis", "related_article1.id", 27, "related_article1 has this record's own id '501234'"),
    ],
)
def test_link_back_is_reported_once(root, ident, url, field, line, message):
    [found] = lint_text(root, related(ident, url), select=SELECT)
    assert (found.code, found.field, found.message) == ("Q407", field, message)
    assert found.span.start_line == line


def test_other_articles_are_not_reported(root):
    assert lint_text(root, VALID, select=SELECT) == []
    # A slug that merely starts like the record's own is another question.
    assert lint_text(root, related(url=OWN_URL + "-in-deserts"), select=SELECT) == []


def test_without_a_usable_own_url_only_ids_are_compared(root):
    text = replace_once(VALID, f"url: {OWN_URL}\n", "url: 42\n")
    text = replace_once(text, RELATED_URL, "    url: /learn/chemistry/questions/how-do-plants-turn-sunlight-into-chemical-energy")
    assert lint_text(root, text, select=SELECT) == []
    text = replace_once(text, RELATED_ID, "    id: 501234")
    assert [d.field for d in lint_text(root, text, select=SELECT)] == ["related_article1.id"]


def test_boolean_id_is_not_an_id(root):
    text = replace_once(replace_once(VALID, "id: 501234\n", "id: true\n"), RELATED_ID, "    id: true")
    assert lint_text(root, text, select=SELECT) == []
