"""Q207 truncated-answer: the answer stops mid-sentence or leaves a marker open."""

from __future__ import annotations

import pytest

from qlint.diagnostics import Severity
from tests.conftest import VALID, lint_text, replace_once

SELECT = ["Q207"]
WHOLE_ANSWER = VALID[VALID.index("answer: >-") : VALID.index("subject: Biology")]
LINE, FIRST = 21, 5  # the answer's line and the column of its first character


def with_answer(answer: str) -> str:
    return replace_once(VALID, WHOLE_ANSWER, f"answer: >-\n    {answer}\n")


def test_valid_record_is_clean(root):
    assert lint_text(root, VALID, select=SELECT) == []


@pytest.mark.parametrize(
    ("answer", "last_word", "shown"),
    [
        ("Pumps need care.\\n\\n6. **Upkeep**: Check that the tips and the", "the",
         "6. **Upkeep**: Check that the tips and the"),
        ("Cells divide. In summary, DNA mainly serves", "serves", "Cells divide. In summary, DNA mainly serves"),
        ("Here are the steps:", "steps:", "Here are the steps:"),
        ("The list goes on,\\n\\n", "on,", "The list goes on,"),
        ("Intro.\\n\\n### Conclusion", "Conclusion", "### Conclusion"),
        ("Intro.\\n- **Reply**: The device that", "that", "- **Reply**: The device that"),
        ("Intro.\\n1. **Trusts**: A trust joins rival firms under one board. Despite this, the initial",
         "initial", "...firms under one board. Despite this, the initial"),
    ],
)  # fmt: skip
def test_an_answer_that_stops_mid_sentence_is_reported_at_its_last_word(root, answer, last_word, shown):
    [found] = lint_text(root, with_answer(answer), select=SELECT)
    assert (found.code, found.field, found.severity) == ("Q207", "answer", Severity.WARNING)
    start = FIRST + answer.rindex(last_word)
    assert (found.span.start_line, found.span.start_column, found.span.end_column) == (LINE, start, start + len(last_word))
    assert found.message == f"answer ends mid-sentence: '{shown}'"


@pytest.mark.parametrize(
    ("answer", "marker", "occurrence", "message"),
    [
        ("Steps:\\n- **Kruskal sorts", "**", 1, "bold is never closed: expected a closing '**' in the same paragraph"),
        ("**Bold spans\\n\\ntwo paragraphs** here.", "**", 1,
         "bold is never closed: expected a closing '**' in the same paragraph"),
        ("Code:\\n```python\\nx = 1\\n", "```", 1, "code block is never closed: expected a closing '```'"),
        ("Mass:\\n\\n$$\\nE = mc^2\\n", "$$", 1, "display formula is never closed: expected a closing '$$'"),
    ],
)  # fmt: skip
def test_open_markers_are_reported_where_they_open(root, answer, marker, occurrence, message):
    found = lint_text(root, with_answer(answer), select=SELECT)
    assert found[0].message == message
    assert found[0].span.start_column == FIRST + answer.index(marker)
    assert not any("mid-sentence" in d.message for d in found)  # the end is code or a formula


@pytest.mark.parametrize(
    "answer",
    [
        "A full sentence.",
        "Wow!\\n\\n",
        "Is it?",
        "See the table:\\n| a | b |",
        "The formula:\\n\\n$$\\n9:3:3:1\\n$$",
        "Bases:\\n- **Deoxyribose** (in DNA)\\n- **Ribose** (in RNA)",
        "Facts:\\n- Bits in each octet: **8 bits**",
        "Facts:\\n- **Usable hosts**: 254 per network",
        "A credit line follows.\\nOSCARS",
        "Run it:\\n```bash\\nls -l\\n```",
        "She said \u201cgo\u201d",
        "Closing with a quote: 'Letter from Birmingham Jail.'",
        "Ellipsis at the end\u2026",
        'In "D*** in a Box" the joke is plain. A *single* star and 2 ** 3 are fine.',
        "Shell `echo $HOME` and **Echo (`echo $x`)**: prints it. The `$` sign is fine.",
        "Math $a**b$ and `x**2` are not bold.",
        "- **\\( f(R) \\) theories**: generalize gravity.",
    ],
)
def test_complete_answers_are_not_reported(root, answer):
    assert lint_text(root, with_answer(answer), select=SELECT) == []


# Endings beyond the ones the rule was read off, written for this test: other scripts'
# full stops, closing brackets and quotes, emoji, markup, tables in both layouts, lists.
@pytest.mark.parametrize(
    "answer",
    [
        "答案是水。",
        "水です。",
        "他说「好」",
        "ما هو الماء؟",
        "الجواب هو الماء۔",
        "उत्तर पानी है।",
        "Ответ: вода.",
        "Նա ասաց։",
        "Great job 🎉",
        "Done ✓",
        "Line one<br>Line two<br>",
        "<table><tr><td>1</td></tr></table>",
        "Compare:\\n\\nMetal | Density\\n--- | ---\\nIron | 7.87\\nGold | 19.3",
        "Compare:\\n\\n| Metal | Density |\\n| :-- | --: |\\n| Iron | 7.87 |  \\n",
        "Steps:\\n\\n1. Mix the flour\\n2. Add water\\n3. Bake for 20 minutes",
        "Points:\\n\\n- Fruits\\n  - Apple\\n  - Banana",
        "Todo:\\n\\n- [x] Mix\\n- [ ] Bake",
        "Run:\\n\\n```bash\\nls -la\\n```\\n",
    ],
)
def test_endings_of_other_scripts_and_layouts_are_complete(root, answer):
    assert lint_text(root, with_answer(answer), select=SELECT) == []


@pytest.mark.parametrize(
    ("answer", "shown"),
    [
        ("Compare:\\n\\n| Metal | Density |\\n|---|---|\\n| Iron | 7.8", "| Iron | 7.8"),  # the row lost its end
        ("Compare:\\n\\nMetal | Density\\n--- | ---\\nIron | 7.87\\nGold", "Gold"),  # a cell is missing
        ("答案是水，因为", "答案是水，因为"),
        ("Line one<br>Line two<b", "Line one<br>Line two<b"),
        ("The water boils at 100 °", "The water boils at 100 °"),
    ],
)
def test_cut_tables_scripts_and_markup_are_reported(root, answer, shown):
    [found] = lint_text(root, with_answer(answer), select=SELECT)
    assert found.message == f"answer ends mid-sentence: '{shown}'"
