"""The record has no score: the `score` field is absent or null.

Reported when the front matter has no `score` key, or has one with no value (`score:`,
`score: null`, `score: ~`). An absent score is reported at the closing `---` of the front
matter, where the field would be added; a null one at its value (or at the key when the
value is left empty). A score that is present but wrong is another rule's concern:
`placeholder-score` for the `-1.0` sentinel, `score-out-of-range` for other bad numbers.

Why: the score ranks and filters questions; a record without one cannot be ranked. This
is a warning, not an error: in the real corpus about one record in five has no score at
all (every record added from January 2025 on lacks it), the schema treats the field as
optional, and the page still renders. The warning tells the team how many records still
need scoring without drowning the errors that break pages.

Example:
    ```
    url: /learn/biology/questions/what-is-osmosis
    score:
    ```
    reports `field 'score' is null: expected the record's score (a number)` at `score`.

Options: none.

Fix: none; the score has to come from the scoring process, not from qlint.
"""

from qlint.diagnostics import Severity, Span

CODE = "Q301"
NAME = "missing-score"
SEVERITY = Severity.WARNING

_FENCE = 3  # length of the closing '---'


def _fence_span(doc):
    """The span of the closing `---`, which starts a line: its line is one more than the
    line breaks before it (`\r\n`, `\r` and `\n` each count once). Counted here because
    `doc.span` first builds a table of every line start of the file, which costs more than
    the rest of this rule, and an absent score is reported in one record in five."""
    text, end = doc.text, doc.front_matter_end
    line = 1 + text.count("\n", 0, end) + text.count("\r", 0, end) - text.count("\r\n", 0, end)
    return Span(line, 1, line, 1 + _FENCE, end, end + _FENCE)


def check(doc, ctx):
    if "score" not in doc.data:
        span = _fence_span(doc)
        yield ctx.diagnostic(doc, span, "field 'score' is missing: expected the record's score (a number)", field="score")
        return
    if doc.data["score"] is not None:
        return
    field = doc.fields.get(("score",))
    if field is None:  # a key spelled unusually (e.g. a tagged key): no span was recorded
        span = doc.span(doc.front_matter_start)
    elif field.value.start_offset == field.value.end_offset and field.key is not None:
        span = field.key  # `score:` with nothing after it: the key is what the reader sees
    else:
        span = field.value
    yield ctx.diagnostic(doc, span, "field 'score' is null: expected the record's score (a number)", field="score")
