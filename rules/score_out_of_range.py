"""The score is a number outside the allowed range (by default 0 to 1).

Reported at the `score` value when it is below `minimum`, above `maximum`, or not a number
at all (`.nan`; `.inf` counts as above the maximum). The `-1` placeholder is left to
`placeholder-score`, a missing or null score to `missing-score`, and a score that is not a
number (a string, a boolean) to the schema rules.

Why: scores are fractions between 0 and 1 (0.82 means 82%); a value outside that range is a
typo or a score on another scale (a percentage such as `82`), and it would sort the record
above or below every correctly scored one.

Example:
    ```
    score: 82
    ```
    reports `score '82' is outside the range 0..1`.

Options:
    `minimum` (number, default 0.0): the lowest allowed score.
    `maximum` (number, default 1.0): the highest allowed score; must not be below `minimum`.
    Both bounds are inclusive.

Fix: none; whether `82` meant 0.82 or something else is for a person to decide.
"""

import math

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from qlint.diagnostics import Severity
from qlint.rules._related import number, source
from qlint.rules.placeholder_score import SENTINEL

CODE = "Q303"
NAME = "score-out-of-range"
SEVERITY = Severity.ERROR


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The real corpus holds no scores other than the -1.0 placeholder to learn a range from;
    # 0..1 is the scale the records were designed for (a fraction, e.g. 0.82).
    minimum: float = 0.0
    maximum: float = 1.0

    @field_validator("maximum")
    @classmethod
    def _not_below_minimum(cls, maximum: float, info: ValidationInfo) -> float:
        # A field validator (not a model one) so the config error names `maximum`.
        minimum = info.data.get("minimum")
        if minimum is not None and maximum < minimum:
            raise ValueError(f"must not be below minimum ({minimum:g})")
        return maximum


def _bound(value: float) -> str:
    return f"{value:g}"  # 0.0 -> '0', 1.0 -> '1', 0.5 -> '0.5'


def check(doc, ctx):
    score = doc.data.get("score")
    field = doc.fields.get(("score",))
    if not number(score) or score == SENTINEL or field is None:
        return
    written = source(doc, field.value)
    if isinstance(score, float) and math.isnan(score):
        yield ctx.diagnostic(doc, field.value, f"score '{written}' is not a number", field="score")
    elif not ctx.options.minimum <= score <= ctx.options.maximum:
        limits = f"{_bound(ctx.options.minimum)}..{_bound(ctx.options.maximum)}"
        yield ctx.diagnostic(doc, field.value, f"score '{written}' is outside the range {limits}", field="score")
