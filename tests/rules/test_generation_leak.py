"""Q208 generation-leak: the answer talks about the material it was generated from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from qlint.diagnostics import Severity
from qlint.record.config import Config
from qlint.rules.generation_leak import leaks
from qlint.rules.refusal_answer import refusal_span
from tests.conftest import ANSWER_AT, VALID, assert_unsafe_fix, fix_text, lint_text, replace_once, with_answer

SELECT = ["Q208"]
LINE, FIRST = ANSWER_AT
DATA = Path(__file__).resolve().parents[1] / "data"
_MARKED = re.compile(r"\[\[(.+?)\]\]")


def _rows(name: str) -> list[tuple[str, str]]:
    """(text, question) of each line of an evaluation set; ` || ` puts the question after."""
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, _, question = line.partition(" || ")
            rows.append((text, question))
    return rows


LEAKING = _rows("generation_leak_leaks.txt")
SUBJECT = _rows("generation_leak_subject.txt")
# Written after the rule, to measure it on wordings it was not designed around.
LATER_LEAKING = _rows("generation_leak_heldout_leaks.txt")
LATER_SUBJECT = _rows("generation_leak_heldout_subject.txt")
# A subject sentence the rule reports: a bare "in" cites the material as often as it
# locates something in it, and nothing else in the sentence tells the two apart.
ON_THEIR_OWN = [row for row in SUBJECT if not row[1]]  # about the subject without their question
KNOWN_FALSE_POSITIVE = "In data mining, patterns in the gathered information reveal customer habits."


def _unmarked(text: str) -> tuple[str, tuple[int, int]]:
    """The sentence without its [[ ]] marks, and where the marked phrase is in it."""
    marked = _MARKED.search(text)
    assert marked, text
    start = marked.start()
    return text.replace("[[", "").replace("]]", ""), (start, start + len(marked.group(1)))


def _expected(plain: str, wanted: tuple[int, int]) -> list[tuple[int, int]]:
    """The phrase's span, unless refusal-answer reports the sentence (one that admits its
    material lacks something): then that rule reports it, and this one nothing."""
    return [] if refusal_span(plain) else [wanted]


def test_evaluation_sets_are_large_enough():
    assert min(len(LEAKING), len(SUBJECT), len(LATER_LEAKING), len(LATER_SUBJECT)) >= 60


@pytest.mark.parametrize("rows", [LEAKING, LATER_LEAKING], ids=["first", "later"])
def test_leaking_sentences_are_found_at_their_phrase(rows):
    missed = []
    for text, question in rows:
        plain, wanted = _unmarked(text)
        if [(leak.start, leak.end) for leak in leaks(plain, question)] != _expected(plain, wanted):
            missed.append(plain)
    assert len(missed) <= len(rows) * 0.05, missed


@pytest.mark.parametrize(
    ("text", "question"),
    [
        pytest.param(*row, marks=pytest.mark.xfail(strict=True)) if row[0] == KNOWN_FALSE_POSITIVE else row
        for row in SUBJECT + LATER_SUBJECT
    ],
)
def test_the_same_words_about_the_subject_are_not_reported(text, question):
    assert leaks(text, question) == []


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(LEAKING), st.lists(st.sampled_from(ON_THEIR_OWN), max_size=3), st.sampled_from([" ", "\\n\\n", "\\n- "]))
def test_a_leak_is_found_among_sentences_about_the_subject(leaking, followers, joint):
    plain, wanted = _unmarked(leaking[0])
    text = joint.join([plain, *(sentence for sentence, _ in followers)])
    assert [(leak.start, leak.end) for leak in leaks(text, leaking[1])] == _expected(plain, wanted)


def test_valid_record_is_clean(root):
    assert lint_text(root, VALID, select=SELECT) == []


def test_reported_at_the_phrase_with_its_words(root):
    sentence = "Plants, as noted in the gathered information, store sugar. The retrieved passages also mention starch."
    first, second = lint_text(root, with_answer(sentence), select=SELECT)
    assert (first.code, first.name, first.field, first.severity) == ("Q208", "generation-leak", "answer", Severity.WARNING)
    assert first.message == "answer refers to the material it was generated from: 'the gathered information'"
    column = FIRST + sentence.index("the gathered")
    assert (first.span.start_line, first.span.start_column, first.span.end_column) == (LINE, column, column + 24)
    assert second.message.endswith("'The retrieved passages'")
    assert second.fix is None  # the phrase is the sentence's subject


def test_the_seo_description_is_checked(root):
    text = replace_once(VALID, "    Photosynthesis captures", "    Based on the gathered information, photosynthesis captures")
    [found] = lint_text(root, text, select=SELECT)
    assert (found.field, found.span.start_line) == ("seo.page_description", 14)
    assert found.message.startswith("seo.page_description refers to")


@pytest.mark.parametrize(
    ("sentence", "fixed"),
    [
        ("Based on the gathered information, the pump is active.", "The pump is active."),
        ("Here are some best practices based on the gathered information:", "Here are some best practices:"),
        ("The trial, as noted in the retrieved documents, lasted a year.", "The trial lasted a year."),
        ("The lab has three microscopes, as highlighted in the gathered information, each for one task.",
         "The lab has three microscopes, each for one task."),
        ("The pump moves three ions (as indicated in the first piece of information).", "The pump moves three ions."),
        ("The festival is in August, according to the retrieved context.", "The festival is in August."),
        ("Intro.\\n\\n1. **Cost**: According to the gathered information, fees are low.",
         "Intro.\\n\\n1. **Cost**: Fees are low."),
        ("Trust in leaders fell (gathered information points 1 and 3). Turnout fell too.",
         "Trust in leaders fell. Turnout fell too."),
        ("Trust in leaders fell (Gathered Information, 4).", "Trust in leaders fell."),
        ("Intro.\\n\\n4. **Links**: The study of theories, as mentioned in the gathered information, suggests a link.",
         "Intro.\\n\\n4. **Links**: The study of theories suggests a link."),
        ("If postings rose by 8 percent, as mentioned in the gathered information, this suggests growth.",
         "If postings rose by 8 percent, this suggests growth."),
        ("Here are some key findings from the gathered information:\\n\\n1. Sleep helps.",
         "Here are some key findings:\\n\\n1. Sleep helps."),
    ],
)  # fmt: skip
def test_a_removable_frame_has_an_unsafe_fix(root, sentence, fixed):
    assert_unsafe_fix(root, with_answer(sentence), with_answer(fixed), SELECT)


@pytest.mark.parametrize(
    "sentence",
    [
        "The gathered information highlights the fee.",  # the phrase carries the sentence
        "The fee is not detailed in the gathered information.",  # removing it would change the claim
        "The plan is based on the gathered information.",  # the frame completes the verb
        "Several strategies based on the gathered information exist.",  # the sentence goes on
        "The lack of data in the gathered information limits the analysis.",
        "Temperament predicts self-control (Table 2, gathered information).",  # the table stays
    ],
)
def test_no_fix_where_the_frame_cannot_go(root, sentence):
    [found] = lint_text(root, with_answer(sentence), select=SELECT)
    assert found.fix is None
    assert fix_text(root, with_answer(sentence), select=SELECT, unsafe=True) == with_answer(sentence)


def test_no_fix_in_a_value_written_with_escapes(root):
    answer_line = next(line for line in VALID.splitlines() if line.startswith("    Plants capture"))
    quoted = '"Based on the gathered information, \\u00e9clairs are French."'  # the letter to capitalise is an escape
    text = replace_once(VALID, "answer: >-\n" + answer_line, "answer: " + quoted)
    [found] = lint_text(root, text, select=SELECT)
    assert found.fix is None


def test_the_refusal_sentence_is_left_to_refusal_answer(root):
    sentence = "I cannot answer this question based on the available information. The gathered information does not mention the fee."
    both = lint_text(root, with_answer(sentence), select=["Q206", "Q208"])
    assert sorted((d.code, d.span.start_column) for d in both) == [
        ("Q206", FIRST),
        ("Q208", FIRST + sentence.index("The gathered")),
    ]
    assert lint_text(root, with_answer("The provided context does not contain the date."), select=SELECT) == []


def test_the_question_can_make_the_words_its_own(root):
    sentence = "According to the provided excerpt, the speaker is a soldier."
    assert len(lint_text(root, with_answer(sentence), select=SELECT)) == 1
    question = "Read the excerpt provided below. Who is the speaker?"
    text = with_answer(sentence).replace("How do plants turn sunlight into chemical energy?", question)
    assert lint_text(root, text, select=SELECT) == []


def test_word_families_can_be_extended_and_replaced(root):
    uploaded = "According to the uploaded files, the fee is low."
    assert lint_text(root, with_answer(uploaded), select=SELECT) == []
    extended = Config(root=root, rules={"generation-leak": {"extend_qualifiers": ["uploaded"], "extend_materials": ["file"]}})
    [found] = lint_text(root, with_answer(uploaded), select=SELECT, config=extended)
    assert found.message.endswith("'the uploaded files'")

    verb = "The gathered documents recount the siege."  # a base-form verb: only `reporting` knows it
    assert lint_text(root, with_answer(verb), select=SELECT) == []
    config = Config(root=root, rules={"generation-leak": {"extend_reporting": ["recount"]}})
    assert len(lint_text(root, with_answer(verb), select=SELECT, config=config)) == 1

    framed = "Piecing together the gathered information, the fee is low."
    assert lint_text(root, with_answer(framed), select=SELECT) == []
    config = Config(root=root, rules={"generation-leak": {"extend_citing": [r"piecing\s+together"]}})
    assert len(lint_text(root, with_answer(framed), select=SELECT, config=config)) == 1

    replaced = Config(root=root, rules={"generation-leak": {"qualifiers": ["harvested"]}})
    assert lint_text(root, with_answer("Based on the gathered information, the fee is low."), select=SELECT, config=replaced) == []


def test_blank_entries_in_the_config_match_nothing(root):
    config = Config(root=root, rules={"generation-leak": {"extend_qualifiers": ["", " "], "extend_citing": [" "]}})
    assert lint_text(root, VALID, select=SELECT, config=config) == []
