"""Q204 newline-latex-collision: `\\n...` LaTeX commands that the page breaks at `\\n`."""

from __future__ import annotations

import pytest

from tests.conftest import ANSWER_AT, lint_text, replace_once, VALID, with_answer

SELECT = ["Q204"]
LINE, FIRST = ANSWER_AT  # the answer's line in VALID and the column of its first character


def test_valid_record_is_clean(root):
    # VALID's answer is full of house-style `\n` line breaks: none is a command.
    assert lint_text(root, VALID, select=SELECT) == []


@pytest.mark.parametrize(
    ("sentence", "command", "advice"),
    [
        ("For any $b \\neq 0$, divide by $b$.", "\\neq", "write '≠' instead"),
        ("Assume $\\neg P$ and derive a contradiction.", "\\neg", "write '¬' instead"),
        ("The step is $-\\eta \\nabla J$.", "\\nabla", "write '∇' instead"),
        ("Then \\(x \\notin A\\) holds.", "\\notin", "write '∉' instead"),
        ("So $P \\not\\equiv Q$ here.", "\\not", "rewrite it without '\\n'"),
        ("A neutrino $\\nu_e$ escapes.", "\\nu", "write 'ν' instead"),
        ("Energy is $E = h\\nu$ per photon.", "\\nu", "write 'ν' instead"),
        ("We write $a \\nmid b$ then.", "\\nmid", "write '∤' instead"),
        ("Tensor $T^{\\mu\\nu}$ is symmetric.", "\\nu", "write 'ν' instead"),
        ("Poisson's ratio:\\n\\n$$\\n\\nu = 0.3\\n$$", "\\nu", "write 'ν' instead"),
    ],
)
def test_n_commands_are_reported(root, sentence, command, advice):
    [found] = lint_text(root, with_answer(sentence), select=SELECT)
    assert (found.code, found.field) == ("Q204", "answer")
    index = sentence.rindex(command)
    start = FIRST + index
    assert (found.span.start_line, found.span.start_column, found.span.end_column) == (LINE, start, start + len(command))
    assert found.message == f"'{command}' breaks on the page: its '\\n' becomes a line break; {advice}"


def test_every_occurrence_is_reported(root):
    sentence = "De Morgan: $\\neg(p \\land q) \\equiv \\neg p \\lor \\neg q$."
    found = lint_text(root, with_answer(sentence), select=SELECT)
    assert len(found) == 3


@pytest.mark.parametrize(
    "sentence",
    [
        "Steps:\\n1. Heat.\\nThe end.\\nnot a command, \\nneither this.",  # line breaks before words
        "List:\\nd) Graphite\\ne) Silicon\\ni) first\\nu) last",  # `\ne)` etc. outside math: breaks
        "The output is:\\n\\n$$\\nu(t) = K_p e(t)\\n$$\\n\\nwhere $u$ is the signal.",  # `$$` then a break
        "Recurrence:\\n\\n$$\\nu_{n+1} = 2u_n\\n$$",
        "Code: ```python\\nnumber = 1\\nnext_value = 2\\n```",
        "A literal backslash pair \\\\neq is not a command.",
        "Nothing special here \\newt and \\nebula.",  # not commands
    ],
)
def test_house_style_line_breaks_are_not_reported(root, sentence):
    assert lint_text(root, with_answer(sentence), select=SELECT) == []


def test_only_the_answer_is_checked(root):
    text = replace_once(VALID, "    photosynthesis, chloroplast,", "    photosynthesis, $\\neq$, chloroplast,")
    assert lint_text(root, text, select=SELECT) == []
