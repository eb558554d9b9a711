"""The answer is a refusal, or says that it has no information to answer with.

Reported at the first phrase of the `phrases` list (plus `extend_phrases`) found in
`answer`, ignoring case; curly and straight apostrophes count as the same. The default
phrases are the ones the generator writes when it gives up ("I cannot answer this
question based on the available information", "Based on the available information, there
is no specific mention of ...") and the usual assistant refusals ("I'm sorry, but I
can't", "As an AI language model", "The provided context does not contain").
One report per answer.

Why: a page whose answer says it cannot answer is an empty page for the reader and a thin
page for search engines; the record should be answered properly or not published.

Example:
    ```
    answer: >-
        I cannot answer this question based on the available information.
    ```
    reports `answer is a non-answer: 'I cannot answer this question'`.

Options:
    `phrases`: the phrases that mark a refusal (replacing the defaults).
    `extend_phrases`: more phrases, added to `phrases`. For instance
    `extend_phrases = ["the gathered information does not"]` also reports hedged answers
    that admit a gap and then fill it with generic text.

Fix: none: the record needs a real answer.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from qlint.diagnostics import Severity

CODE = "Q206"
NAME = "refusal-answer"
SEVERITY = Severity.ERROR
FIXABLE = False

# Read off the real corpus (the first two groups) and the usual assistant refusals. Each
# phrase is specific enough not to occur in an answer that answers: "based on the
# available information" alone is common in real answers, "there is no specific mention
# of" is a real answer about a text, "as an AI" matches "as an AI powerhouse".
DEFAULT_PHRASES = [
    "I cannot answer this question",
    "I can't answer this question",
    "I cannot provide a definitive answer",
    "based on the available information, there is no",
    "based on the gathered information, there is no",
    "I am unable to answer",
    "I'm unable to answer",
    "I'm sorry, but I can",
    "I am sorry, but I can",
    "As an AI language model",
    "As a language model",
    "I do not have access to",
    "I don't have access to",
    "the provided context does not",
    "the provided text does not",
    "the provided documents do not",
]


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phrases: list[str] = DEFAULT_PHRASES
    extend_phrases: list[str] = []


def _fold(text: str) -> str:
    # Same length as `text`, so positions found in the folded text hold in the answer.
    return text.replace("\u2019", "'").replace("\u2018", "'").lower()


@lru_cache(maxsize=16)
def _search_plan(phrases: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The folded phrases in groups, each under an anchor: a word every phrase of the group
    contains. A phrase can only be in the answer if its anchor is, and most answers hold
    none of the few anchors, so a handful of searches replace one per phrase."""
    uncovered = [wanted for wanted in dict.fromkeys(_fold(phrase.strip()) for phrase in phrases) if wanted]
    plan = []
    while uncovered:
        candidates = sorted({word for wanted in uncovered for word in _anchor_words(wanted)})
        # The word in the most phrases; among those the longest, as long words are rare.
        anchor = max(candidates, key=lambda word: (sum(word in wanted for wanted in uncovered), len(word)))
        plan.append((anchor, tuple(wanted for wanted in uncovered if anchor in wanted)))
        uncovered = [wanted for wanted in uncovered if anchor not in wanted]
    return tuple(plan)


def _anchor_words(phrase: str) -> list[str]:
    """The words of a phrase long enough to be rare in answers (`a`, `the` are everywhere)."""
    words = phrase.split()
    shortest = min(5, max(len(word) for word in words))
    return [word for word in words if len(word) >= shortest]


def refusal_span(answer: str, options: Options | None = None) -> tuple[int, int] | None:
    """(start, end) in `answer` of the refusal this rule reports, or None. Other rules
    (generation-leak) ask it so as not to report the same words twice."""
    options = options or Options()
    folded = _fold(answer)
    hits = []
    for anchor, group in _search_plan((*options.phrases, *options.extend_phrases)):
        if anchor not in folded:
            continue
        for wanted in group:
            index = folded.find(wanted)
            if index >= 0:
                hits.append((index, -len(wanted)))
    if not hits:
        return None
    index, length = min(hits)
    return index, index - length


def check(doc, ctx):
    found = doc.facts.answer
    if found is None:
        return
    answer, field = found
    span = refusal_span(answer, ctx.options)
    if span is None:
        return
    start, end = span
    message = f"answer is a non-answer: '{answer[start:end]}'"
    yield ctx.diagnostic(doc, field.locate(start, end - start), message, field="answer")
