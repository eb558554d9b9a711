"""Q406 duplicate-related: one article listed twice among a record's related articles."""

from __future__ import annotations

from tests.conftest import VALID, lint_text, replace_once

SELECT = ["Q406"]
BLOCK = VALID[VALID.index("related_article1:") : VALID.index("---\n\n&nbsp;")]
OSMOSIS = "/learn/biology/questions/what-is-osmosis"
STOMA = "/learn/biology/questions/what-is-a-stoma"


def entry(n: int, ident: int, url: str, subject: str = "Biology") -> str:
    return (
        f"related_article{n}:\n    id: {ident}\n    title: >-\n        An invented related question?\n"
        f"    subject: {subject}\n    url: {url}\n"
    )


def related(*entries: str) -> str:
    return replace_once(VALID, BLOCK, "".join(entries))


def line_of(position: int, offset: int) -> int:
    """Line of an entry's field: entries are 6 lines each from line 26; id +1, url +5."""
    return 26 + 6 * (position - 1) + offset


def test_repeated_url_and_id_is_reported_once_at_the_later_url(root):
    text = related(entry(1, 501240, OSMOSIS), entry(2, 501240, OSMOSIS))
    [found] = lint_text(root, text, select=SELECT)
    assert (found.code, found.field, found.message) == ("Q406", "related_article2.url", "related_article2 repeats the url of related_article1")
    assert (found.span.start_line, found.span.start_column) == (line_of(2, 5), 10)


def test_repeated_id_with_another_url_is_reported_at_the_id(root):
    # The same question filed under two subjects: one id, two urls.
    text = related(entry(1, 501240, OSMOSIS), entry(2, 501240, "/learn/chemistry/questions/what-is-osmosis", "Chemistry"))
    [found] = lint_text(root, text, select=SELECT)
    assert (found.field, found.span.start_line, found.span.start_column) == ("related_article2.id", line_of(2, 1), 9)
    assert found.message == "related_article2 repeats the id '501240' of related_article1: the same question twice"


def test_repeated_url_with_another_id_is_reported(root):
    [found] = lint_text(root, related(entry(1, 501240, OSMOSIS), entry(2, 501299, OSMOSIS)), select=SELECT)
    assert found.field == "related_article2.url"


def test_each_repeat_names_the_first_entry(root):
    text = related(entry(1, 501240, OSMOSIS), entry(2, 501241, STOMA), entry(3, 501240, OSMOSIS), entry(4, 501240, OSMOSIS))
    found = lint_text(root, text, select=SELECT)
    assert [(d.field, d.message.split(" of ")[1]) for d in found] == [
        ("related_article3.url", "related_article1"),
        ("related_article4.url", "related_article1"),
    ]


def test_numeric_order_not_file_order_decides_which_is_later(root):
    text = related(entry(2, 501240, OSMOSIS), entry(1, 501240, OSMOSIS))
    [found] = lint_text(root, text, select=SELECT)
    assert (found.field, found.span.start_line) == ("related_article2.url", line_of(1, 5))


def test_distinct_entries_are_not_reported(root):
    assert lint_text(root, VALID, select=SELECT) == []
    assert lint_text(root, related(entry(1, 501240, OSMOSIS), entry(2, 501241, STOMA)), select=SELECT) == []


def test_unusable_values_are_not_compared(root):
    # Empty urls and non-integer ids are the schema's to report, not repeats.
    text = related(entry(1, "abc", "''"), entry(2, "abc", "''"), entry(3, "true", STOMA), entry(4, "true", OSMOSIS))
    assert lint_text(root, text, select=SELECT) == []
