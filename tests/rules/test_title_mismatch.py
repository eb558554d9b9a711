"""Q601 title-mismatch: `article_title` or `question` is not the same text as `title`."""

from __future__ import annotations

import pytest

from tests.conftest import assert_unsafe_fix, fix_text, lint_text, replace_once, run_cli, VALID, VALID_PATH

SELECT = ["Q601"]
QUESTION_TEXT = "How do plants turn sunlight into chemical energy?"
ARTICLE = f"article_title: >-\n    {QUESTION_TEXT}\n"
QUESTION = f"question: >-\n    {QUESTION_TEXT}\n"
TITLE = f"\ntitle: >-\n    {QUESTION_TEXT}\n"  # the newline: not article_title


def test_valid_record_is_clean(root):
    assert lint_text(root, VALID, select=SELECT) == []


def test_a_different_article_title_is_reported_with_both_texts(root):
    text = replace_once(VALID, ARTICLE, "article_title: >-\n    How do plants make sugar?\n")
    [found] = lint_text(root, text, select=SELECT)
    assert (found.code, found.field) == ("Q601", "article_title")
    assert (found.span.start_line, found.span.start_column) == (7, 16)
    assert found.message == f"article_title 'How do plants make sugar?' differs from title '{QUESTION_TEXT}'"


def test_question_is_reported_at_its_own_value(root):
    text = replace_once(VALID, QUESTION, "question: How do plants turn sunlight into chemical energy\n")
    [found] = lint_text(root, text, select=SELECT)
    assert found.field == "question"
    assert (found.span.start_line, found.span.start_column) == (18, 11)


def test_an_edited_title_is_reported_against_the_two_copies_that_agree(root):
    text = replace_once(VALID, TITLE, "\ntitle: >-\n    How do plants store energy?\n")
    [found] = lint_text(root, text, select=SELECT)
    assert found.field == "title" and (found.span.start_line, found.span.start_column) == (5, 8)
    assert found.message == f"title 'How do plants store energy?' differs from article_title '{QUESTION_TEXT}'"


def test_three_different_texts_are_reported_against_the_title(root):
    text = replace_once(VALID, ARTICLE, "article_title: >-\n    How do plants make sugar?\n")
    text = replace_once(text, QUESTION, "question: What is photosynthesis?\n")
    found = lint_text(root, text, select=SELECT)
    assert [d.field for d in found] == ["article_title", "question"]
    assert all(d.message.endswith(f"differs from title '{QUESTION_TEXT}'") for d in found)


def test_a_case_difference_counts(root):
    text = replace_once(VALID, ARTICLE, f"article_title: >-\n    {QUESTION_TEXT.lower()}\n")
    [found] = lint_text(root, text, select=SELECT)
    assert found.message.startswith("article_title 'how do plants")


@pytest.mark.parametrize(
    "written",
    [
        f"'{QUESTION_TEXT} '",  # a trailing space
        f'"{QUESTION_TEXT.replace(" into ", "  into ")}"',  # a double space
        ">-\n    How do plants turn sunlight\n    into chemical energy?",  # folded over two lines
        "|-\n    How do plants turn sunlight\n    into chemical energy?",  # a real line break
    ],
)
def test_whitespace_only_differences_do_not_count(root, written):
    text = replace_once(VALID, ARTICLE, f"article_title: {written}\n")
    assert lint_text(root, text, select=SELECT) == []


def test_long_texts_are_cut_around_the_first_difference(root):
    long_title = "Why " + "does the cell " * 12 + "divide?"
    text = replace_once(VALID, TITLE, f"\ntitle: {long_title}\n")
    text = replace_once(text, ARTICLE, f"article_title: {long_title[:-7]}split?\n")
    text = replace_once(text, QUESTION, f"question: {long_title}\n")
    [found] = lint_text(root, text, rel="biology/x.md", select=SELECT)
    shown, title = found.message.split("' differs from title '")
    assert shown.startswith("article_title '...") and shown.endswith("does the cell split?")
    assert title.startswith("...") and title.endswith("does the cell divide?'")
    assert len(shown) < 100 and len(title) < 100


@pytest.mark.parametrize("written", ['""', "42", "[a]"])
def test_a_title_that_is_not_text_is_not_compared(root, written):
    text = replace_once(VALID, TITLE, f"\ntitle: {written}\n")
    assert lint_text(root, text, select=SELECT) == []


# ----- the fix (unsafe: which text is right is a guess) ----------------------------------


def test_fix_is_unsafe_and_applies_only_when_asked(root):
    before = replace_once(VALID, ARTICLE, "article_title: >-\n    How do plants make sugar?\n")
    assert_unsafe_fix(root, before, VALID, SELECT)


def test_fix_sets_both_fields_in_one_run(root):
    before = replace_once(VALID, ARTICLE, "article_title: >-\n    How do plants make sugar?\n")
    before = replace_once(before, QUESTION, "question: >-\n    What is photosynthesis?\n")
    assert fix_text(root, before, select=SELECT, unsafe=True) == VALID


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ("question: What is photosynthesis?\n", f"question: {QUESTION_TEXT}\n"),
        ("question: 'What is photosynthesis?'\n", f"question: '{QUESTION_TEXT}'\n"),
        ('question: "What is photosynthesis?"\n', f'question: "{QUESTION_TEXT}"\n'),
        ("question: >-\n    What is photosynthesis?\n", QUESTION),
    ],
    ids=["plain", "single-quoted", "double-quoted", "folded-block"],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_fix_keeps_the_style_and_changes_only_the_value(root, written, fixed, newline):
    before = replace_once(VALID, QUESTION, written).replace("\n", newline)
    after = fix_text(root, before, select=SELECT, unsafe=True)
    assert after == replace_once(VALID, QUESTION, fixed).replace("\n", newline)


def test_a_title_a_plain_value_cannot_hold_is_quoted(root):
    # `Osmosis: what is it?` written plain would read as a mapping.
    before = replace_once(VALID, TITLE, "\ntitle: >-\n    Osmosis: what is it?\n")
    before = replace_once(before, QUESTION, "question: What is osmosis?\n")
    before = replace_once(before, ARTICLE, "article_title: >-\n    Osmosis: what is it?\n")
    after = fix_text(root, before, select=SELECT, unsafe=True)
    assert after == replace_once(before, "question: What is osmosis?\n", 'question: "Osmosis: what is it?"\n')


def test_fix_writes_the_reference_without_surrounding_whitespace(root):
    before = replace_once(VALID, TITLE, "\ntitle: |\n    What is osmosis?\n")
    before = replace_once(before, ARTICLE, "article_title: |\n    What is osmosis?\n")
    after = fix_text(root, before, select=SELECT, unsafe=True)
    assert after == replace_once(before, QUESTION, "question: >-\n    What is osmosis?\n")


# ----- a damaged copy never spreads ------------------------------------------------------

DAMAGED_TEXT = "How do plants turn sunlight into chemical energy? Itâ€™s COâ‚‚"
CLEAN_TEXT = "How do plants turn sunlight into chemical energy? It’s CO₂"


def with_copies(title: str, article: str, question: str) -> str:
    text = replace_once(VALID, TITLE, f"\ntitle: >-\n    {title}\n")
    text = replace_once(text, ARTICLE, f"article_title: >-\n    {article}\n")
    return replace_once(text, QUESTION, f"question: >-\n    {question}\n")


@pytest.mark.parametrize("damaged", ["title", "article_title", "question"])
def test_a_damaged_copy_is_reported_against_the_clean_ones_and_never_copied(root, damaged):
    texts = {name: DAMAGED_TEXT if name == damaged else CLEAN_TEXT for name in ("title", "article_title", "question")}
    text = with_copies(texts["title"], texts["article_title"], texts["question"])
    [found] = lint_text(root, text, select=SELECT)
    assert found.field == damaged and "(its own text has mojibake)" in found.message
    assert CLEAN_TEXT in found.fix.edits[0].content
    # The full unsafe fix, mojibake included, ends with the clean text in all three copies.
    expected = with_copies(CLEAN_TEXT, CLEAN_TEXT, CLEAN_TEXT)
    assert fix_text(root, text, select=["Q601", "Q201"], unsafe=True) == expected


def test_two_damaged_copies_that_agree_do_not_outvote_a_clean_one(root):
    text = with_copies(DAMAGED_TEXT, DAMAGED_TEXT, CLEAN_TEXT)
    found = lint_text(root, text, select=SELECT)
    assert [d.field for d in found] == ["title", "article_title"]
    assert all(" differs from question '" in d.message and d.fix.edits[0].content.endswith("It’s CO₂") for d in found)
    assert fix_text(root, text, select=["Q601", "Q201"], unsafe=True) == with_copies(CLEAN_TEXT, CLEAN_TEXT, CLEAN_TEXT)


def test_copies_that_are_all_damaged_get_no_fix(root):
    text = with_copies(DAMAGED_TEXT, "What is photosynthesis? cafÃ©", "What is light? naÃ¯ve")
    found = lint_text(root, text, select=SELECT)
    assert [d.field for d in found] == ["article_title", "question"] and all(d.fix is None for d in found)


def test_a_full_unsafe_fix_of_a_damaged_title_ends_without_a_loop(project, monkeypatch):
    path = project / "content/learn" / VALID_PATH
    path.write_text(VALID.replace(f"title: >-\n    {QUESTION_TEXT}\n", f"title: >-\n    {QUESTION_TEXT[:-1]}â€™s?\n", 1), encoding="utf-8")
    monkeypatch.chdir(project)
    result = run_cli("fix", "--no-cache", "--unsafe-fixes")
    assert "undoing each other" not in result.stdout + result.stderr
    assert path.read_text(encoding="utf-8") == VALID  # repaired, then set to what its clean copies say


def test_a_title_with_invisible_characters_is_not_the_reference(root):
    text = replace_once(VALID, TITLE, "\ntitle: >-\n    How do plants\u200b turn sunlight into chemical energy?\n")
    [found] = lint_text(root, text, select=SELECT)
    assert found.field == "title" and "(its own text has invisible characters)" in found.message
