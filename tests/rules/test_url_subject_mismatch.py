"""Q503 url-subject-mismatch: the url's subject segment disagrees with the folder or `subject`."""

from __future__ import annotations

import pytest

from tests.conftest import assert_unsafe_fix, fix_text, lint_text, replace_once, VALID

SELECT = ["Q503"]
URL = "url: /learn/biology/questions/how-do-plants-turn-sunlight-into-chemical-energy"
SUBJECT = "subject: Biology\nfile_name"  # the record's own subject, not the related one
LINE, KEY_COLUMN = 24, 13  # where the subject segment starts inside the url in VALID
SLUG = "how-do-plants-turn-sunlight-into-chemical-energy"


def with_url_subject(key: str, text: str = VALID) -> str:
    return replace_once(text, URL, URL.replace("/biology/", f"/{key}/"))


def test_valid_record_is_clean(root):
    assert lint_text(root, VALID, select=SELECT) == []


def test_url_under_another_subject_disagrees_with_both(root):
    [found] = lint_text(root, with_url_subject("chemistry"), select=SELECT)
    assert (found.code, found.field) == ("Q503", "url")
    assert (found.span.start_line, found.span.start_column, found.span.end_column) == (LINE, KEY_COLUMN, KEY_COLUMN + 9)
    assert found.message == (
        "url subject 'chemistry' differs from the folder 'biology' and from the key 'biology' of subject 'Biology'"
    )


def test_file_in_another_folder_disagrees_with_the_folder_only(root):
    [found] = lint_text(root, VALID, rel=f"science/{SLUG}.md", select=SELECT)
    assert found.message == "url subject 'biology' differs from the folder 'science'"


def test_subject_changed_disagrees_with_the_subject_only(root):
    text = replace_once(VALID, SUBJECT, "subject: Marine biology\nfile_name")
    [found] = lint_text(root, text, select=SELECT)
    assert found.message == "url subject 'biology' differs from the key 'marine-biology' of subject 'Marine biology'"


def test_moved_file_with_matching_url_disagrees_with_the_subject_only(root):
    text = with_url_subject("chemistry")
    [found] = lint_text(root, text, rel=f"chemistry/{SLUG}.md", select=SELECT)
    assert found.message == "url subject 'chemistry' differs from the key 'biology' of subject 'Biology'"


@pytest.mark.parametrize(
    ("subject", "key"),
    [
        ("Computer science", "computer-science"),
        ("Computer Science", "computer-science"),
        ("Art History and Literature", "art-history-and-literature"),
    ],
)
def test_the_subject_key_ignores_case_and_joins_words_with_hyphens(root, subject, key):
    text = replace_once(with_url_subject(key), SUBJECT, f"subject: {subject}\nfile_name")
    assert lint_text(root, text, rel=f"{key}/{SLUG}.md", select=SELECT) == []


@pytest.mark.parametrize("subject", ['""', "42", "[Biology]"])
def test_a_subject_that_is_not_text_is_not_compared(root, subject):
    text = replace_once(VALID, SUBJECT, f"subject: {subject}\nfile_name")
    assert lint_text(root, text, select=SELECT) == []


def test_urls_off_the_pattern_are_left_to_invalid_format(root):
    text = replace_once(VALID, URL, "url: /learn/chemistry/how-do-plants")
    assert lint_text(root, text, select=SELECT) == []


# ----- the fix (unsafe: it changes a public url) -----------------------------------------


def test_fix_is_unsafe_and_applies_only_when_asked(root):
    before = with_url_subject("chemistry")
    assert_unsafe_fix(root, before, VALID, SELECT)


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        (f"'/learn/chemistry/questions/{SLUG}'", f"'/learn/biology/questions/{SLUG}'"),
        (f'"/learn/chemistry/questions/{SLUG}"', f'"/learn/biology/questions/{SLUG}"'),
        (f">-\n    /learn/chemistry/questions/{SLUG}", f">-\n    /learn/biology/questions/{SLUG}"),
    ],
    ids=["single-quoted", "double-quoted", "folded-block"],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_fix_keeps_the_style_and_changes_only_the_value(root, written, fixed, newline):
    before = replace_once(VALID, URL, f"url: {written}").replace("\n", newline)
    after = fix_text(root, before, select=SELECT, unsafe=True)
    assert after == replace_once(VALID, URL, f"url: {fixed}").replace("\n", newline)


def test_fix_points_the_url_at_the_folder_even_against_the_subject(root):
    # Served from chemistry/: the url follows the folder; the subject is left for a person.
    rel = f"chemistry/{SLUG}.md"
    after = fix_text(root, VALID, select=SELECT, unsafe=True, rel=rel)
    assert after == with_url_subject("chemistry")
    [left] = lint_text(root, after, rel=rel, select=SELECT)
    assert left.fix is None and "subject 'Biology'" in left.message


def test_no_fix_when_only_the_subject_disagrees(root):
    before = replace_once(VALID, SUBJECT, "subject: Chemistry\nfile_name")
    [found] = lint_text(root, before, select=SELECT)
    assert found.fix is None
    assert fix_text(root, before, select=SELECT, unsafe=True) == before
