"""Q206 refusal-answer: the answer gives up instead of answering."""

from __future__ import annotations

import pytest

from qlint.record.config import Config
from qlint.diagnostics import Severity
from tests.conftest import ANSWER_AT, lint_text, VALID, with_answer

SELECT = ["Q206"]
LINE, FIRST = ANSWER_AT  # the answer's line in VALID and the column of its first character


def test_valid_record_is_clean(root):
    assert lint_text(root, VALID, select=SELECT) == []


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("I cannot answer this question based on the available information.", "I cannot answer this question"),
        ("i CANNOT answer this question from the notes.", "i CANNOT answer this question"),
        ("Based on the available information, there is no specific mention of the fee.",
         "Based on the available information, there is no"),
        ("The lab runs weekly. I can\u2019t answer this question in more detail.", "I can\u2019t answer this question"),
        ("I'm sorry, but I can't help with that.", "I'm sorry, but I can"),
        ("As an AI language model, I have no opinion.", "As an AI language model"),
        ("The provided context does not contain the date.", "The provided context does not"),
    ],
)  # fmt: skip
def test_refusals_are_reported_at_the_phrase(root, sentence, phrase):
    [found] = lint_text(root, with_answer(sentence), select=SELECT)
    assert (found.code, found.field, found.severity) == ("Q206", "answer", Severity.ERROR)
    start = FIRST + sentence.index(phrase)
    assert (found.span.start_line, found.span.start_column, found.span.end_column) == (LINE, start, start + len(phrase))
    assert found.message == f"answer is a non-answer: '{phrase}'"


def test_one_report_at_the_first_phrase(root):
    sentence = "I cannot answer this question. As an AI language model I lack the data."
    [found] = lint_text(root, with_answer(sentence), select=SELECT)
    assert found.span.start_column == FIRST


@pytest.mark.parametrize(
    "sentence",
    [
        "Experts decide based on the available information and the budget.",
        "The Bible has no specific mention of dinosaurs, so there is no specific mention of them.",
        "Universities act as an AI powerhouse for startups.",
        "Large language models answer questions; I cannot stress this enough.",
        "Unfortunately, the law did not last long.",
    ],
)
def test_answers_that_answer_are_not_reported(root, sentence):
    assert lint_text(root, with_answer(sentence), select=SELECT) == []


def test_phrases_can_be_extended_and_replaced(root):
    hedge = "While the gathered information does not list the fees, they are usually low."
    extended = Config(root=root, rules={"refusal-answer": {"extend_phrases": ["the gathered information does not"]}})
    [found] = lint_text(root, with_answer(hedge), select=SELECT, config=extended)
    assert found.message == "answer is a non-answer: 'the gathered information does not'"
    assert lint_text(root, with_answer(hedge), select=SELECT) == []

    replaced = Config(root=root, rules={"refusal-answer": {"phrases": ["no idea"]}})
    assert lint_text(root, with_answer("I cannot answer this question."), select=SELECT, config=replaced) == []
    assert len(lint_text(root, with_answer("No idea, sorry."), select=SELECT, config=replaced)) == 1


def test_blank_phrases_in_the_config_match_nothing(root):
    config = Config(root=root, rules={"refusal-answer": {"extend_phrases": ["", "  "]}})
    assert lint_text(root, VALID, select=SELECT, config=config) == []
