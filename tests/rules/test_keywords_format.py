"""Q604 keywords-format: `seo.page_keywords` is not a clean comma-separated list."""

from __future__ import annotations

import pytest

from qlint.record.config import Config
from qlint.diagnostics import Applicability, Severity
from tests.conftest import VALID, VALID_PATH, fix_paths, fix_text, lint_text, replace_once

SELECT = ["Q604"]
KEYWORDS = "  page_keywords: >-\n    photosynthesis, chloroplast, light reactions, Calvin cycle\n"
LINE, FIRST = 16, 5  # the keywords' line in VALID and the column of their first character


def with_keywords(keywords: str) -> str:
    """The keywords written as the corpus writes them: a `>-` block, one line."""
    return replace_once(VALID, KEYWORDS, f"  page_keywords: >-\n    {keywords}\n")


def at(keywords: str, part: str, occurrence: int = 1) -> int:
    """The column in the file of the `occurrence`-th `part` of the keywords."""
    index = -1
    for _ in range(occurrence):
        index = keywords.index(part, index + 1)
    return FIRST + index


def test_valid_record_is_clean(root):
    assert lint_text(root, VALID, select=SELECT) == []


@pytest.mark.parametrize(
    ("keywords", "part", "occurrence", "message"),
    [
        ("osmosis, water, osmosis", "osmosis", 2, "duplicate keyword 'osmosis'"),
        ("osmosis,water,osmosis", "osmosis", 2, "duplicate keyword 'osmosis'"),
        ("Realism, painting, realism", "realism", 1, "duplicate keyword 'realism' (same as 'Realism' apart from case)"),
        ("cell   wall, osmosis, cell wall", "cell wall", 1, "duplicate keyword 'cell wall'"),
        ("TT, Tt, TT", "TT", 2, "duplicate keyword 'TT'"),
        ("osmosis, water,", ",", 2, "keyword list ends with ','"),
        (", osmosis, water", ",", 1, "keyword list starts with ','"),
        ("osmosis, , water", ",", 1, "empty keyword between ',' and ','"),
        ("osmosis,,water", ",", 1, "empty keyword between ',' and ','"),
        ("osmosis, water; diffusion", ";", 1, "keywords are separated by commas and ';': use commas only"),
        ("osmosis; water; diffusion", ";", 1, "keywords are separated by ';': use commas only"),
        ("osmosis | water | diffusion", "|", 1, "keywords are separated by '|': use commas only"),
        ("osmosis, water | diffusion", "|", 1, "keywords are separated by commas and '|': use commas only"),
        (
            "law lawyer confidentiality breach duty damages liability penalty reputation malpractice sanction",
            "law",
            1,
            "keywords are not separated: expected a comma-separated list",
        ),
    ],
)
def test_defects_are_reported_where_they_are(root, keywords, part, occurrence, message):
    [found] = lint_text(root, with_keywords(keywords), select=SELECT)
    assert (found.code, found.field, found.severity) == ("Q604", "seo.page_keywords", Severity.WARNING)
    assert (found.span.start_line, found.span.start_column) == (LINE, at(keywords, part, occurrence))
    assert found.message == message


@pytest.mark.parametrize(
    "keywords",
    [
        "cellulose, β-1,4-glycosidic bonds, α-1,4-glycosidic bonds",  # commas between digits
        "budget, Rs 6,500 crore, Rs 15,000 crore",
        "coordinates, point (x, y), point (x, z)",  # commas inside brackets
        "conditional probability, P(A | B), P(A ∩ B), |x| = 0",  # pipes as notation
        "genotype, TT, Tt, tt",  # short keywords keep their case
        "osmosis,water,diffusion",  # no space after the comma is fine
        "Narrative of the Life of Frederick Douglass",  # one long keyword
        "Schuette v. Coalition to Defend Affirmative Action",  # one keyword, eight words
        "osmosis",
    ],
)
def test_clean_lists_that_look_odd_are_not_reported(root, keywords):
    assert lint_text(root, with_keywords(keywords), select=SELECT) == []


def test_unbalanced_brackets_do_not_hide_the_rest_of_the_list(root):
    keywords = "smile :(, wink, wink"
    [found] = lint_text(root, with_keywords(keywords), select=SELECT)
    assert found.message == "duplicate keyword 'wink'"


def test_line_breaks_between_keywords_are_reported(root):
    text = replace_once(VALID, KEYWORDS, "  page_keywords: |-\n    osmosis, water\n    diffusion\n")
    [found] = lint_text(root, text, select=SELECT)
    assert found.message == "keywords are separated by commas and a line break: use commas only"
    assert (found.span.start_line, found.span.start_column) == (16, 19)


def test_the_final_line_break_of_a_block_is_not_a_separator(root):
    text = replace_once(VALID, KEYWORDS, "  page_keywords: |\n    osmosis, water\n")
    assert lint_text(root, text, select=SELECT) == []


def test_spaces_around_the_whole_list_are_reported(root):
    text = replace_once(VALID, KEYWORDS, '  page_keywords: "  osmosis, water "\n')
    found = lint_text(root, text, select=SELECT)
    assert [(d.message, d.span.start_column) for d in found] == [
        ("keyword list starts with spaces", 18),  # at the value: the spaces have no position of their own
        ("keyword list ends with spaces", 35),
    ]


def test_a_trailing_space_on_a_folded_line_is_reported(root):
    [found] = lint_text(root, with_keywords("osmosis, water "), select=SELECT)
    assert (found.message, found.span.start_column) == ("keyword list ends with spaces", FIRST + 14)


def test_each_defect_is_reported(root):
    found = lint_text(root, with_keywords("osmosis, water, osmosis, water,"), select=SELECT)
    assert [d.message for d in found] == [
        "duplicate keyword 'osmosis'",
        "duplicate keyword 'water'",
        "keyword list ends with ','",
    ]


def test_case_can_be_made_to_count(root):
    config = Config(root=root, rules={"keywords-format": {"ignore_case": False}})
    assert lint_text(root, with_keywords("Realism, painting, realism"), select=SELECT, config=config) == []
    assert len(lint_text(root, with_keywords("Realism, painting, Realism"), select=SELECT, config=config)) == 1


@pytest.mark.parametrize("written", ['""', "42", "[osmosis, water]", "'   '"])
def test_empty_or_non_text_values_are_left_to_the_schema_rules(root, written):
    text = replace_once(VALID, KEYWORDS, f"  page_keywords: {written}\n")
    found = lint_text(root, text, select=SELECT)
    assert found == []


def test_a_list_of_only_separators_is_reported_once(root):
    text = replace_once(VALID, KEYWORDS, "  page_keywords: ', ,'\n")
    [found] = lint_text(root, text, select=SELECT)
    assert (found.message, found.span.start_column) == ("keyword list holds no keywords, only separators", 18)


# ----- the fix ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keywords", "fixed"),
    [
        ("osmosis, water, osmosis", "osmosis, water"),
        ("osmosis,water,osmosis", "osmosis,water"),  # the list's own tight style is kept
        ("osmosis,water, osmosis", "osmosis, water"),  # mixed spacing: the common style
        ("TT, Tt, TT, tt", "TT, Tt, tt"),
        ("cell   wall, osmosis, cell wall", "cell   wall, osmosis"),
        ("osmosis, water, osmosis, water,", "osmosis, water"),
        ("osmosis, water,", "osmosis, water"),
        (", osmosis, water", "osmosis, water"),
        ("osmosis; water; diffusion", "osmosis, water, diffusion"),
        ("osmosis | water | diffusion", "osmosis, water, diffusion"),
        ("cellulose, β-1,4-glycosidic bonds, cellulose", "cellulose, β-1,4-glycosidic bonds"),
        ("point (x, y), graph, graph", "point (x, y), graph"),
        ("osmosis, water ", "osmosis, water"),
    ],
)
def test_fix_writes_the_clean_list(root, keywords, fixed):
    fixes = [d.fix for d in lint_text(root, with_keywords(keywords), select=SELECT) if d.fix is not None]
    assert fixes and all(fix.applicability == Applicability.SAFE for fix in fixes)
    after = fix_text(root, with_keywords(keywords), select=SELECT)
    assert after == with_keywords(fixed)
    assert fix_text(root, after, select=SELECT) == after  # a second run changes nothing
    assert lint_text(root, after, select=SELECT) == []


@pytest.mark.parametrize(
    "keywords",
    [
        "osmosis, water; diffusion",  # commas and ';': which one is inside a keyword?
        "Smith, J.; Doe, A.; Smith, J.",
        "osmosis, , water, osmosis",  # an empty keyword inside the list: a lost symbol (π)
        "osmosis,,water",
        "-hydroxy acids, -hydroxy acids, lactones",  # lost Greek letters: α-, β-
        "Constitution Act, 1867, Constitution Act, 1982",  # the comma is part of the keyword
        "nature, Walden, Nature",  # a repeat in another case may be a title (Emerson's essay)
        "law lawyer confidentiality breach duty damages liability penalty reputation malpractice sanction",
    ],
)
def test_no_fix_when_the_keywords_cannot_be_told_apart(root, keywords):
    found = lint_text(root, with_keywords(keywords), select=SELECT)
    assert found and all(d.fix is None for d in found)
    assert fix_text(root, with_keywords(keywords), select=SELECT, unsafe=True) == with_keywords(keywords)


def test_no_fix_for_a_list_of_only_separators(root):
    text = replace_once(VALID, KEYWORDS, "  page_keywords: ', ,'\n")
    [found] = lint_text(root, text, select=SELECT)
    assert found.fix is None
    assert fix_text(root, text, select=SELECT) == text


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ("osmosis, water, osmosis", "osmosis, water"),
        ("'osmosis, water, osmosis'", "'osmosis, water'"),
        ('"  osmosis, water "', '"osmosis, water"'),
        ("|\n    osmosis\n    water\n    osmosis", "|\n    osmosis, water"),
        ("|-\n    osmosis, water\n    diffusion", "|-\n    osmosis, water, diffusion"),
    ],
    ids=["plain", "single-quoted", "double-quoted", "literal-block", "literal-block-strip"],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_fix_keeps_the_style_and_changes_only_the_value(root, written, fixed, newline):
    before = replace_once(VALID, KEYWORDS, f"  page_keywords: {written}\n").replace("\n", newline)
    after = fix_text(root, before, select=SELECT)
    assert after == replace_once(VALID, KEYWORDS, f"  page_keywords: {fixed}\n").replace("\n", newline)
    assert fix_text(root, after, select=SELECT) == after


def test_a_case_repeat_gets_no_fix_but_the_rest_of_the_list_does(root):
    found = lint_text(root, with_keywords("nature, Walden, Nature, Walden"), select=SELECT)
    assert [(d.message, d.fix is not None) for d in found] == [
        ("duplicate keyword 'Nature' (same as 'nature' apart from case)", False),
        ("duplicate keyword 'Walden'", True),
    ]
    after = fix_text(root, with_keywords("nature, Walden, Nature, Walden"), select=SELECT)
    assert after == with_keywords("nature, Walden, Nature")
    assert fix_text(root, after, select=SELECT) == after


def test_fix_follows_the_ignore_case_option(root):
    config = Config(root=root, rules={"keywords-format": {"ignore_case": False}})
    text = with_keywords("Realism, painting, realism, Realism")
    lint_text(root, text, select=SELECT, config=config)  # writes the record
    path = root / VALID_PATH
    fix_paths([path], config, SELECT)
    assert path.read_text() == with_keywords("Realism, painting, realism")
