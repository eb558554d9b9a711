"""The score is the `-1.0` placeholder, meaning the record was never scored.

Reported when `score` is a number equal to -1 (`-1.0`, `-1`, `-1.00`...), at the value. Other
negative or too large scores are reported by `score-out-of-range`; a missing score by
`missing-score`.

Why: the content pipeline writes `-1.0` when it has no score yet. The value looks like a
real number, so sorting and filtering by score silently treat these records as the worst
ones instead of as unscored.

Example:
    ```
    score: -1.0
    ```
    reports `score '-1.0' is the placeholder for 'not scored': expected a real score`.

Options: none.

Fix: none; the real score has to come from the scoring process.
"""

from qlint.diagnostics import Severity
from qlint.rules._related import number, source

CODE = "Q302"
NAME = "placeholder-score"
SEVERITY = Severity.ERROR

SENTINEL = -1  # also imported by score-out-of-range, so the two rules never both report a value


def check(doc, ctx):
    score = doc.data.get("score")
    field = doc.fields.get(("score",))
    if not number(score) or score != SENTINEL or field is None:
        return
    message = f"score '{source(doc, field.value)}' is the placeholder for 'not scored': expected a real score"
    yield ctx.diagnostic(doc, field.value, message, field="score")
