"""Q205 doubled-quotes: CSV escaping leaked into a record."""

from __future__ import annotations

import pytest
import yaml

from qlint.diagnostics import Applicability, Severity
from tests.conftest import ANSWER_AT, apply_fixes, lint_text, replace_once, VALID, with_answer

SELECT = ["Q205"]
WHOLE_ANSWER = VALID[VALID.index("answer: >-") : VALID.index("subject: Biology")]
LINE, FIRST = ANSWER_AT  # the answer's line in VALID and the column of its first character


def with_whole_answer(answer: str) -> str:
    return replace_once(VALID, WHOLE_ANSWER, f"answer: >-\n    {answer}\n")



def answer_of(text: str) -> str:
    return yaml.safe_load(text.split("---\n")[1])["answer"]


def test_valid_record_is_clean(root):
    assert lint_text(root, VALID, select=SELECT) == []


def test_each_doubled_quote_is_reported_where_it_is(root):
    sentence = 'Her song ""Skyline"" was a hit.'
    found = lint_text(root, with_answer(sentence), select=SELECT)
    assert [(d.code, d.field, d.severity) for d in found] == [("Q205", "answer", Severity.WARNING)] * 2
    first, second = sentence.index('""'), sentence.rindex('""')
    assert [(d.span.start_line, d.span.start_column, d.span.end_column) for d in found] == [
        (LINE, FIRST + first, FIRST + first + 2),
        (LINE, FIRST + second, FIRST + second + 2),
    ]
    assert found[0].message == "doubled quote '\"\"' (CSV escaping): expected '\"'"
    assert all(d.fix.applicability == Applicability.SAFE for d in found)


def test_a_csv_wrapped_answer_is_reported_and_fixed_whole(root):
    answer = '"""Night Owl"" opens the show, and its motto ""keep going."""'
    text = with_whole_answer(answer)
    found = lint_text(root, text, select=SELECT)
    assert found[0].message == "answer is wrapped in CSV quotes: remove the outer '\"'"
    assert (found[0].span.start_line, found[0].span.start_column) == (LINE, FIRST)
    assert len(found) == 5  # the wrapper and four doubled quotes
    fixed = apply_fixes(text, found)
    assert answer_of(fixed) == '"Night Owl" opens the show, and its motto "keep going."'
    assert lint_text(root, fixed, select=SELECT) == []


@pytest.mark.parametrize(
    "answer",
    [
        '"An answer that quotes nothing is not CSV-escaped."',  # a quotation, no doubling
        'Python docs:\\n```python\\ndef f():\\n    """Return one."""\\n    return ""\\n```',
        "An empty string `\"\"` in inline code, and `a*` matches `\"\"`.",
        'In prose the empty string "" stands alone, as in x = "".',
        'A docstring """like this""" outside code is not CSV.',
        "Plain text with 'single' quotes and \u201ccurly\u201d ones.",
    ],
)
def test_legitimate_quotes_are_not_reported(root, answer):
    assert lint_text(root, with_whole_answer(answer), select=SELECT) == []


def test_a_value_that_starts_and_ends_with_doubled_quotes_is_not_wrapped(root):
    found = lint_text(root, with_whole_answer('""Alpha"" and ""Omega""'), select=SELECT)
    assert len(found) == 4 and not any("wrapped" in d.message for d in found)


def test_double_quoted_scalars_get_no_fix(root):
    text = replace_once(VALID, WHOLE_ANSWER, 'answer: "The show \\"\\"Night Owl\\"\\" aired."\n')
    found = lint_text(root, text, select=SELECT)
    assert len(found) == 2 and all(d.fix is None for d in found)


def test_titles_are_checked_too(root):
    text = replace_once(VALID, "        What is the role", '        What is ""the"" role')
    found = lint_text(root, text, select=SELECT)
    assert {d.field for d in found} == {"related_article1.title"}


# Quotations doubled in titles and keywords, around words that start or end with more
# than a letter, written for this test: (field, its value with doubled quotes, fixed).
@pytest.mark.parametrize(
    ("field", "value", "fixed"),
    [
        ("title", 'How does ""¿Qué tal?"" greet?', 'How does "¿Qué tal?" greet?'),
        ("article_title", 'Why is ""*Hamlet*"" a tragedy?', 'Why is "*Hamlet*" a tragedy?'),
        ("question", 'What does ""$E=mc^2$"" mean?', 'What does "$E=mc^2$" mean?'),
        ("seo.page_keywords", '""Ne me quitte pas"", ""«chanson»"", Brel', '"Ne me quitte pas", "«chanson»", Brel'),
        ("seo.page_keywords", '""50%"" off, ""…and then"", sales', '"50%" off, "…and then", sales'),
        ("seo.page_keywords", '""Erlkönig"", ""日本語"", ""Ελληνικά""', '"Erlkönig", "日本語", "Ελληνικά"'),
    ],
)  # fmt: skip
def test_quotes_doubled_in_titles_and_keywords_are_reported_and_fixed(root, field, value, fixed):
    key = field.split(".")[-1]
    start = VALID.index(f"\n{key}:") if key != "page_keywords" else VALID.index("  page_keywords:")
    line = VALID.index("\n", VALID.index("\n", start + 1) + 1)  # the value's line ends here
    text = VALID[: VALID.index("\n", start + 1) + 1] + "    " + value + VALID[line:]
    found = lint_text(root, text, select=SELECT)
    assert found and {d.field for d in found} == {field}
    assert len(found) == value.count('""')
    data = yaml.safe_load(apply_fixes(text, found).split("---\n")[1])
    assert (data["seo"]["page_keywords"] if key == "page_keywords" else data[field]) == fixed


@pytest.mark.parametrize(
    "answer",
    ['Call f("") or ("", "") in prose.', 'The empty string **""** is falsy.', "A list [\"\"] of one empty string."],
)
def test_empty_strings_next_to_brackets_and_markers_are_not_reported(root, answer):
    assert lint_text(root, with_whole_answer(answer), select=SELECT) == []
