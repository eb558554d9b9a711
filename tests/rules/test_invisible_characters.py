"""Q202 invisible-characters: zero-width, control, replacement and no-break characters."""

from __future__ import annotations

import pytest
import yaml

from qlint.diagnostics import Applicability, Severity
from tests.conftest import ANSWER_AT, apply_fixes, lint_text, replace_once, VALID, with_answer

SELECT = ["Q202"]
LINE, FIRST = ANSWER_AT  # the answer's line in VALID and the column of its first character



def test_valid_record_is_clean(root):
    assert lint_text(root, VALID, select=SELECT) == []


@pytest.mark.parametrize(
    ("sentence", "char", "message"),
    [
        ("Photo\u200bsynthesis needs light.", "\u200b", "zero width space (U+200B) in text: remove it"),
        ("Photo\u2060synthesis needs light.", "\u2060", "word joiner (U+2060) in text: remove it"),
        ("Photo\ufeffsynthesis needs light.", "\ufeff", "byte order mark (U+FEFF) in text: remove it"),
        ("Photo\u00adsynthesis needs light.", "\u00ad", "soft hyphen (U+00AD) in text: remove it"),
        ("Light\u200dand water.", "\u200d", "zero width joiner (U+200D) in text: remove it"),
        ("Light and\u00a0water.", "\u00a0", "no-break space (U+00A0) in text: expected a plain space"),
    ],
)
def test_invisible_characters_are_reported_and_fixed_safely(root, sentence, char, message):
    text = with_answer(sentence)
    [found] = lint_text(root, text, select=SELECT)
    assert (found.code, found.field, found.severity) == ("Q202", "answer", Severity.WARNING)
    assert (found.span.start_line, found.span.start_column) == (LINE, FIRST + sentence.index(char))
    assert found.message == message
    assert found.fix.applicability == Applicability.SAFE
    fixed = apply_fixes(text, found)
    expected = sentence.replace(char, " " if char == "\u00a0" else "")
    assert yaml.safe_load(fixed.split("---\n")[1])["answer"].startswith(expected)
    assert lint_text(root, fixed, select=SELECT) == []


def test_the_replacement_character_is_reported_without_a_fix(root):
    sentence = "The caf\ufffd serves tea."
    [found] = lint_text(root, with_answer(sentence), select=SELECT)
    assert found.span.start_column == FIRST + sentence.index("\ufffd")
    assert found.message == "replacement character (U+FFFD): a character was lost in a conversion; restore it"
    assert found.fix is None


def test_a_run_of_the_same_character_is_reported_once(root):
    sentence = "Light\u200b\u200b\u200band water."
    [found] = lint_text(root, with_answer(sentence), select=SELECT)
    assert found.message.startswith("3 x zero width space (U+200B)")
    assert found.span.end_column - found.span.start_column == 3


def test_control_characters_in_escaped_values_are_reported_without_a_fix(root):
    whole_answer = VALID[VALID.index("answer: >-") : VALID.index("subject: Biology")]
    text = replace_once(VALID, whole_answer, 'answer: "Ring the bell\\x1b now."\n')
    [found] = lint_text(root, text, select=SELECT)
    assert found.message == "control character (U+001B) in text: remove it"
    assert found.fix is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Bonjour\u00a0: la lumière\u00a0; «\u00a0photosynthèse\u00a0» !",  # French spacing
        "می\u200cخواهم",  # Persian needs the zero width non-joiner
        "family \U0001F468\u200d\U0001F469\u200d\U0001F467 emoji",  # emoji sequences need the joiner
        "Tabs and breaks belong to escape-damage.",
        "Plain ASCII text with a thin\u2009space and an em dash — fine.",
    ],
)
def test_legitimate_uses_are_not_reported(root, sentence):
    assert lint_text(root, with_answer(sentence), select=SELECT) == []


def test_c1_characters_inside_mojibake_are_left_to_the_mojibake_rule(root):
    whole_answer = VALID[VALID.index("answer: >-") : VALID.index("subject: Biology")]
    text = replace_once(VALID, whole_answer, 'answer: "Here\\u00e2\\u0080\\u0099s a \\u0093quote\\u0094."\n')
    found = lint_text(root, text, select=SELECT)
    # `â\x80\x99` is UTF-8 read as Latin-1 (mojibake); the lone U+0093 and U+0094 are not.
    assert [d.message for d in found] == [
        "control character (U+0093) in text: a Windows-1252 '“' read as Latin-1; write '“'",
        "control character (U+0094) in text: a Windows-1252 '”' read as Latin-1; write '”'",
    ]
    assert [d.fix for d in found] == [None, None]


def test_no_fix_where_a_plain_space_would_touch_another_space(root):
    sentence = "Light \u00a0and water."
    [found] = lint_text(root, with_answer(sentence), select=SELECT)
    assert found.fix is None


def test_other_text_fields_are_checked(root):
    text = replace_once(VALID, "        What is the role of chlorophyll", "        What is the\u200b role of chlorophyll")
    [found] = lint_text(root, text, select=SELECT)
    assert (found.field, found.span.start_line, found.span.start_column) == ("related_article1.title", 29, 20)


def test_no_fix_where_removal_would_indent_a_folded_line(root):
    # `>-` block: removing the character would start the line with a space, which YAML
    # reads as a more-indented line and keeps as a line break.
    whole_answer = VALID[VALID.index("answer: >-") : VALID.index("subject: Biology")]
    text = replace_once(VALID, whole_answer, "answer: >-\n    Light and water.\n    \u200b and air.\n")
    [found] = lint_text(root, text, select=SELECT)
    assert (found.span.start_line, found.span.start_column) == (22, 5)  # the block's second line
    assert found.fix is None
