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

from pydantic import BaseModel, ConfigDict

from qlint.diagnostics import Severity
from qlint.rules._text import answer_field

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


def check(doc, ctx):
    found = answer_field(doc)
    if found is None:
        return
    answer, field = found
    folded = _fold(answer)
    hits = []
    for phrase in [*ctx.options.phrases, *ctx.options.extend_phrases]:
        wanted = _fold(phrase.strip())
        index = folded.find(wanted) if wanted else -1
        if index >= 0:
            hits.append((index, -len(wanted)))
    if not hits:
        return
    index, length = min(hits)
    length = -length
    message = f"answer is a non-answer: '{answer[index:index + length]}'"
    yield ctx.diagnostic(doc, field.locate(index, length), message, field="answer")
