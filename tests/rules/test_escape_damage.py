"""Q203 escape-damage: LaTeX whose backslash escapes were eaten by an unescape."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ANSWER_AT, lint_text, replace_once, VALID, with_answer

SELECT = ["Q203"]
LINE, FIRST = ANSWER_AT  # the answer's line in VALID and the column of its first character
DESCRIPTION = "    Photosynthesis captures light energy in chloroplasts and stores it in sugar"


def test_valid_record_is_clean(root):
    assert lint_text(root, VALID, select=SELECT) == []


@pytest.mark.parametrize(
    ("sentence", "leftover", "meant", "how"),
    [
        ("The set $orall x$ holds.", "orall", "\\forall", "'\\f' as a form feed"),
        ("Write ext{mol} per litre.", "ext{", "\\text{", "'\\t' as a tab"),
        ("Use $rac{1}{2}$ of it.", "rac{", "\\frac{", "'\\f' as a form feed"),
        ("Area is $a imes b$.", "imes", "\\times", "'\\t' as a tab"),
        ("The angle $heta$ grows.", "heta", "\\theta", "'\\t' as a tab"),
        ("The gradient $(abla f)$ points up.", "abla", "\\nabla", "'\\n' as a line break"),
        ("Here $eta = 2$ in the model.", "eta", "\\beta", "'\\b' as a backspace"),
        ("The mean $ar{x}$ is 4.", "ar{", "\\bar{", "'\\b' as a backspace"),
    ],
)
def test_visible_leftovers_are_reported(root, sentence, leftover, meant, how):
    [found] = lint_text(root, with_answer(sentence), select=SELECT)
    assert (found.code, found.field) == ("Q203", "answer")
    start = FIRST + sentence.index(leftover)
    assert (found.span.start_line, found.span.start_column, found.span.end_column) == (LINE, start, start + len(leftover))
    assert found.message == f"escape damage: '{leftover}' should be '{meant}' (an unescape read {how})"
    assert found.fix is None


def test_a_tab_that_ate_a_command_is_named(root):
    sentence = "Multiply: $3\times 4$."  # a real tab where `\t` was
    [found] = lint_text(root, with_answer(sentence), select=SELECT)
    start = FIRST + sentence.index("\t")
    assert (found.span.start_column, found.span.end_column) == (start, start + len("\times"))
    assert found.message == "escape damage: tab before 'imes' where '\\times' was meant (an unescape read '\\t')"


def test_other_control_characters_are_reported(root):
    whole_answer = VALID[VALID.index("answer: >-") : VALID.index("subject: Biology")]
    text = replace_once(VALID, whole_answer, 'answer: "Half is \\frac12 and \\beta is 2, \\rm done\\ttoo."\n')
    found = lint_text(root, text, select=SELECT)
    assert [d.message for d in found] == [
        "escape damage: form feed before 'rac' where '\\frac' was meant (an unescape read '\\f')",
        "escape damage: backspace before 'eta' where '\\beta' was meant (an unescape read '\\b')",
        "escape damage: carriage return before 'm' where '\\rm' was meant (an unescape read '\\r')",
        "tab character in text: expected none (often an escape '\\t' that was unescaped)",
    ]


def test_leftovers_are_looked_for_only_where_latex_left_a_trace(root):
    # No `$`, brace or `\(` in the field: `orall` alone is not enough evidence.
    assert lint_text(root, with_answer("Passed down orall and in writing."), select=SELECT) == []


def test_seo_fields_are_checked(root):
    # The shape the real corpus shows: a description that starts with the leftover.
    text = replace_once(VALID, DESCRIPTION, "    ext{R}^n$, linear combination, row reduction")
    [found] = lint_text(root, text, select=SELECT)
    assert (found.field, found.span.start_line, found.span.start_column) == ("seo.page_description", 14, 5)


@pytest.mark.parametrize(
    "sentence",
    [
        "It is taken orally three times a day, as the fraction of the text says.",
        "Call ext. 4262 or read the ext4 docs; the eta is 5 pm.",  # words, outside math
        "The beta particle and the theta rhythm are not damaged.",
        "Equilibrium: $[A]_{eq} = 2$ and $x_{eq}$ stay.",  # `eq` is a subscript, not `\neq`
        "Proper LaTeX: $\\forall x$, $\\frac{1}{2}$, $\\text{mol}$, $\\beta$, $\\bar{x}$.",
        "A Latin word: et cetera, and a bar{x} outside math.",
        "The variable eta = 2 outside math is a word here.",
    ],
)
def test_clean_text_is_not_reported(root, sentence):
    assert lint_text(root, with_answer(sentence), select=SELECT) == []


# Leftovers right after a literal line break (`\n`, `\r\n`) in the house style, written for
# this test: `$$\next{Moles}$$` is a line break, then `ext{` where `\text{` was.
AFTER_LINE_BREAK = [
    line.split(" | ", 1)
    for line in (Path(__file__).resolve().parents[1] / "data" / "escape_after_newline.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


def test_there_are_many_leftovers_after_a_line_break():
    assert len(AFTER_LINE_BREAK) >= 20


@pytest.mark.parametrize(("leftover", "sentence"), AFTER_LINE_BREAK)
def test_leftovers_after_a_literal_line_break_are_reported(root, leftover, sentence):
    [found] = lint_text(root, with_answer(sentence), select=SELECT)
    start = FIRST + sentence.index(leftover)
    assert (found.span.start_line, found.span.start_column, found.span.end_column) == (LINE, start, start + len(leftover))
    assert found.message.startswith(f"escape damage: '{leftover}' should be '\\")


@pytest.mark.parametrize(
    "sentence",
    [
        # `\n` then the rest of a LaTeX command starting with n: newline-latex-collision's.
        "The gradient $\\nabla f$ and $x \\notin A$ hold.",
        # `\t` and `\r` then the rest of a command: the command itself, written right.
        "Here $$\\n\\text{Rate} = a \\times b \\right)$$ holds.",
        # An escaped backslash, then a word: `\\next` is `\\` and `next`.
        "A row break $a \\\\next{b}$ in a table.",
        "Next:\\n\\nThe items are {a, b}.",
    ],
)
def test_line_breaks_before_commands_and_words_are_not_leftovers(root, sentence):
    assert lint_text(root, with_answer(sentence), select=SELECT) == []
