"""Q406 duplicate-related: one article listed twice among a record's related articles."""

from __future__ import annotations

import pytest

from tests.conftest import assert_unsafe_fix, fix_text, lint_text, replace_once, VALID

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


# ----- the fix (unsafe: the page's related links change) ---------------------------------

CELL = "/learn/biology/questions/what-is-a-cell"


def test_fix_is_unsafe_and_applies_only_when_asked(root):
    before = related(entry(1, 501240, OSMOSIS), entry(2, 501240, OSMOSIS))
    assert_unsafe_fix(root, before, related(entry(1, 501240, OSMOSIS)), SELECT)


def test_fix_drops_the_repeat_and_renumbers_the_later_entries(root):
    before = related(
        entry(1, 501240, OSMOSIS), entry(2, 501240, OSMOSIS), entry(3, 501241, STOMA), entry(4, 501242, CELL)
    )
    after = fix_text(root, before, select=SELECT, unsafe=True)
    assert after == related(entry(1, 501240, OSMOSIS), entry(2, 501241, STOMA), entry(3, 501242, CELL))
    assert fix_text(root, after, select=SELECT, unsafe=True) == after


def moved_score(*parts: str) -> str:
    """VALID with its related block replaced by `parts`, where `score` may sit among them."""
    return replace_once(VALID.replace("score: 0.82\n", ""), BLOCK, "".join(parts))


def test_fix_of_an_entry_followed_by_other_keys_keeps_them(root):
    before = moved_score(entry(1, 501240, OSMOSIS), entry(2, 501240, OSMOSIS), "score: 0.82\n")
    expected = moved_score(entry(1, 501240, OSMOSIS), "score: 0.82\n")
    assert fix_text(root, before, select=SELECT, unsafe=True) == expected


def test_fix_keeps_comments_blank_lines_and_other_keys_between_entries(root):
    repeat = entry(2, 501240, OSMOSIS).replace(f"url: {OSMOSIS}\n", f"url: {OSMOSIS}  # the repeat\n")
    before = moved_score(
        entry(1, 501240, OSMOSIS), "# links chosen by hand\n", repeat, "\n",
        entry(3, 501241, STOMA), "score: 0.82\n", entry(4, 501242, CELL),
    )  # fmt: skip
    expected = moved_score(
        entry(1, 501240, OSMOSIS), "# links chosen by hand\n", "\n",
        entry(2, 501241, STOMA), "score: 0.82\n", entry(3, 501242, CELL),
    )  # fmt: skip
    assert fix_text(root, before, select=SELECT, unsafe=True) == expected


def test_fix_keeps_each_entrys_own_layout(root):
    odd = (
        'related_article3:  # moved up\n  "id": 501242\n  title: |\n    What is a cell?\n\n'
        f"  subject: 'Biology'\n  url: {CELL}\n"
    )
    before = related(entry(1, 501240, OSMOSIS), entry(2, 501240, OSMOSIS), odd)
    expected = related(entry(1, 501240, OSMOSIS), odd.replace("related_article3", "related_article2"))
    assert fix_text(root, before, select=SELECT, unsafe=True) == expected


def test_fix_of_several_repeats_runs_until_none_is_left(root):
    before = related(
        entry(1, 501240, OSMOSIS), entry(2, 501241, STOMA), entry(3, 501240, OSMOSIS),
        entry(4, 501241, STOMA), entry(5, 501242, CELL),
    )
    after = fix_text(root, before, select=SELECT, unsafe=True)
    assert after == related(entry(1, 501240, OSMOSIS), entry(2, 501241, STOMA), entry(3, 501242, CELL))


def test_fix_drops_the_later_number_even_when_it_comes_first_in_the_file(root):
    before = related(entry(2, 501240, OSMOSIS), entry(1, 501240, OSMOSIS), entry(3, 501241, STOMA))
    expected = related(entry(1, 501240, OSMOSIS), entry(2, 501241, STOMA))
    assert fix_text(root, before, select=SELECT, unsafe=True) == expected


def test_fix_of_a_repeated_id_with_another_url_drops_it_too(root):
    chemistry = "/learn/chemistry/questions/what-is-osmosis"
    before = related(entry(1, 501240, OSMOSIS), entry(2, 501240, chemistry, "Chemistry"), entry(3, 501241, STOMA))
    expected = related(entry(1, 501240, OSMOSIS), entry(2, 501241, STOMA))
    assert fix_text(root, before, select=SELECT, unsafe=True) == expected


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_fix_keeps_the_line_endings(root, newline):
    before = related(entry(1, 501240, OSMOSIS), entry(2, 501240, OSMOSIS), entry(3, 501241, STOMA))
    after = fix_text(root, before.replace("\n", newline), select=SELECT, unsafe=True)
    assert after == related(entry(1, 501240, OSMOSIS), entry(2, 501241, STOMA)).replace("\n", newline)


def test_no_fix_when_a_key_is_repeated(root):
    # Two `related_article3` keys: which lines belong to which entry is not clear.
    before = related(
        entry(1, 501240, OSMOSIS), entry(2, 501240, OSMOSIS), entry(3, 501241, STOMA), entry(3, 501242, CELL)
    )
    found = lint_text(root, before, select=SELECT)
    assert found and all(d.fix is None for d in found)
    assert fix_text(root, before, select=SELECT, unsafe=True) == before
