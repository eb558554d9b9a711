"""Q206 refusal-answer: the answer gives up instead of answering."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qlint.diagnostics import Severity
from qlint.record.config import Config
from qlint.rules.refusal_answer import DEFAULT_PHRASES, Options, refusal_span
from tests.conftest import ANSWER_AT, lint_text, VALID, with_answer

SELECT = ["Q206"]
LINE, FIRST = ANSWER_AT  # the answer's line in VALID and the column of its first character
DATA = Path(__file__).resolve().parents[1] / "data"


def _answers(name: str) -> list[str]:
    """The answers of an evaluation set, one a line (`#` lines are comments)."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


# Written for these tests, apart from the rule's vocabulary and its phrase list: refusals
# in many wordings, and answers that mention sources, limits or doubt while answering.
REFUSALS = _answers("refusals.txt")
ANSWERING = _answers("answering.txt")


def test_valid_record_is_clean(root):
    assert lint_text(root, VALID, select=SELECT) == []


def test_the_evaluation_sets_are_large_and_apart_from_the_phrase_list():
    assert len(REFUSALS) >= 60 and len(ANSWERING) >= 60
    phrases = [phrase.lower() for phrase in DEFAULT_PHRASES]
    assert not [answer for answer in REFUSALS if any(phrase in answer.lower() for phrase in phrases)]


def test_refusals_in_new_words_are_reported(root):
    missed = [answer for answer in REFUSALS if not lint_text(root, with_answer(answer), select=SELECT)]
    assert len(missed) <= len(REFUSALS) * 0.05, missed  # recall of 95% at least


def test_answers_that_mention_sources_or_limits_are_not_reported(root):
    reported = [answer for answer in ANSWERING if lint_text(root, with_answer(answer), select=SELECT)]
    assert reported == []


@pytest.mark.parametrize(
    ("sentence", "refusal"),
    [
        ("I cannot answer this question based on the available information.", "I cannot answer this question"),
        ("i CANNOT answer this question from the notes.", "i CANNOT answer this question"),
        ("Based on the available information, there is no specific mention of the fee.",
         "there is no specific mention"),
        ("The lab runs weekly. I can\u2019t answer this question in more detail.", "I can\u2019t answer this question"),
        ("I'm sorry, but I can't help with that.", "I'm sorry, but I can"),
        ("As an AI language model, I have no opinion.", "As an AI language model"),
        ("The provided context does not contain the date.", "The provided context does not contain the date"),
        ("The excerpts shared with me say nothing about the fee.", "The excerpts shared with me say nothing"),
        ("Sadly, I was unable to find any details on the fee.", "I was unable to find any details"),
    ],
)  # fmt: skip
def test_refusals_are_reported_at_the_refusal(root, sentence, refusal):
    [found] = lint_text(root, with_answer(sentence), select=SELECT)
    assert (found.code, found.field, found.severity) == ("Q206", "answer", Severity.ERROR)
    start = FIRST + sentence.index(refusal)
    assert (found.span.start_line, found.span.start_column, found.span.end_column) == (LINE, start, start + len(refusal))
    assert found.message == f"answer is a non-answer: '{refusal}'"


def test_one_report_at_the_first_refusal(root):
    sentence = "The lab opens at nine. The documents I was given do not mention who runs it. I cannot answer this."
    [found] = lint_text(root, with_answer(sentence), select=SELECT)
    assert found.span.start_column == FIRST + sentence.index("The documents")


def test_a_long_refusal_is_shortened_in_the_message(root):
    sentence = "I was unfortunately not able to locate any reliable information on the branch."
    refusal = "I was unfortunately not able to locate any reliable information"
    [found] = lint_text(root, with_answer(sentence), select=SELECT)
    assert (found.span.start_column, found.span.end_column) == (FIRST, FIRST + len(refusal))
    assert found.message == "answer is a non-answer: 'I was unfortunately not able t...ocate any reliable information'"


@pytest.mark.parametrize(
    "sentence",
    [
        "Experts decide based on the available information and the budget.",
        "The Bible has no specific mention of dinosaurs, so there is no specific mention of them.",
        "Universities act as an AI powerhouse for startups.",
        "Large language models answer questions; I cannot stress this enough.",
        "Unfortunately, the law did not last long.",
        # A refusal inside a quotation, a concession that goes on to answer, a hedge with "but".
        'The witness said "I cannot answer that question" and left the court.',
        "While the supplied documents do not give the exact date, the fair began in 1851.",
        "I cannot give exact figures, but estimates suggest about 40% of voters took part.",
        "If the provided sources do not mention a fee, entry is free.",
        # Sources that are not the answer's own, and not information they lack.
        "The documents provided to the court do not cover the ceremony itself, which was private.\\nIt lasted an hour.",
    ],
)
def test_answers_that_answer_are_not_reported(root, sentence):
    assert lint_text(root, with_answer(sentence), select=SELECT) == []


def test_sources_that_do_not_cover_a_thing_open_a_refusal_only_at_the_start(root):
    # "do not cover the ceremony" is a refusal when the answer opens with it; later in an
    # answer it is a limit the answer mentions.
    refusal = "The documents provided do not cover the ceremony."
    assert len(lint_text(root, with_answer(refusal), select=SELECT)) == 1
    assert lint_text(root, with_answer("The fair began in 1851. " + refusal), select=SELECT) == []


def test_phrases_can_be_extended_and_replaced(root):
    hedge = "While the gathered information does not list the fees, they are usually low."
    extended = Config(root=root, rules={"refusal-answer": {"extend_phrases": ["the gathered information does not"]}})
    [found] = lint_text(root, with_answer(hedge), select=SELECT, config=extended)
    assert found.message == "answer is a non-answer: 'the gathered information does not'"
    assert lint_text(root, with_answer(hedge), select=SELECT) == []

    replaced = Config(root=root, rules={"refusal-answer": {"phrases": ["no idea"], "structure": False}})
    assert lint_text(root, with_answer("I cannot answer this question."), select=SELECT, config=replaced) == []
    assert lint_text(root, with_answer("As an AI language model, I agree."), select=SELECT, config=replaced) == []
    assert len(lint_text(root, with_answer("No idea, sorry."), select=SELECT, config=replaced)) == 1


def test_the_structure_can_be_turned_off(root):
    off = Config(root=root, rules={"refusal-answer": {"structure": False}})
    assert lint_text(root, with_answer("I cannot answer this question."), select=SELECT, config=off) == []
    assert len(lint_text(root, with_answer("I'm sorry, but I can't."), select=SELECT, config=off)) == 1


def test_blank_phrases_in_the_config_match_nothing(root):
    config = Config(root=root, rules={"refusal-answer": {"extend_phrases": ["", "  "]}})
    assert lint_text(root, VALID, select=SELECT, config=config) == []


def test_refusal_span_is_the_public_search():
    answer = "Intro.\\n\\nI am unable to provide an answer because the sources do not cover it."
    start, end = refusal_span(answer)
    assert answer[start:end] == "I am unable to provide an answer"
    assert refusal_span(answer, Options(structure=False)) is None
    assert refusal_span("The sky is blue.", None) is None


def test_positions_hold_where_lower_case_is_longer():
    # `İ` lower-cased is two characters: the span must still point into the answer.
    answer = "İstanbul. The retrieved passages say nothing about the İnönü stadium."
    start, end = refusal_span(answer)
    assert answer[start:end] == "The retrieved passages say nothing"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.sampled_from(ANSWERING), min_size=1, max_size=5),
    st.sampled_from(REFUSALS),
    st.integers(min_value=0, max_value=5),
)
def test_a_refusal_is_found_among_answering_sentences(answering, refusal, place):
    # Answers made of answering sentences are never reported; with one refusal put among
    # them, the report is on that refusal, wherever it stands (a refusal that counts only
    # when it opens the answer may go unreported after other sentences).
    assert refusal_span("\\n\\n".join(answering)) is None
    place = min(place, len(answering))
    answer = "\\n\\n".join([*answering[:place], refusal, *answering[place:]])
    at = answer.index(refusal)
    found = refusal_span(answer)
    if refusal_span(refusal) is None or (found is None and place and refusal_span("Intro.\\n\\n" + refusal) is None):
        return  # one of the few the rule misses (the recall test counts them), or an opening one
    assert found is not None
    start, end = found
    assert at <= start < end <= at + len(refusal), (answer[start:end], refusal)
