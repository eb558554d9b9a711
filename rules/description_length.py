"""`seo.page_description` is too short or too long for a search-result snippet.

The description is measured in characters as a browser reads it (runs of whitespace count
as one space, none at the ends). Reported at the value when it is shorter than `min_length`
or longer than `max_length`. Empty descriptions are left to `empty-field`.

Why: search engines show the description under the page title. One of a few words says
nothing and is usually the remains of a broken value (the text around an eaten LaTeX
escape, say); one far over the usual length is cut off mid-sentence, or replaced by a
snippet the engine picks itself. Common SEO guidance is about 50 to 160
characters, which is what engines show on a desktop screen. QuickTakes descriptions are
longer by house style (half of them are over 220 characters, nine in ten under 280), so the
default upper limit is twice the shown length: it flags the descriptions far over the usual
length rather than nearly every page. Set `max_length = 160` for the strict guidance.

Example:
    ```
    seo:
      page_description: Osmosis.
    ```
    reports `page description is 8 characters long, expected at least 50`.

Options:
    `min_length` (default 50): the fewest characters allowed.
    `max_length` (default 320): the most characters allowed.

Fix: none; a description has to be rewritten by a person.
"""

from pydantic import BaseModel, ConfigDict, Field, model_validator

from qlint.diagnostics import Severity
from qlint.rules._identity import squash, text_field

CODE = "Q603"
NAME = "description-length"
SEVERITY = Severity.WARNING
FIXABLE = False


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min_length: int = Field(50, ge=0)
    max_length: int = Field(320, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> "Options":
        if self.min_length > self.max_length:
            raise ValueError("min_length must not be greater than max_length")
        return self


def check(doc, ctx):
    found = text_field(doc, "seo", "page_description")
    if found is None:
        return
    value, field = found
    length = len(squash(value))
    if length < ctx.options.min_length:
        message = f"page description is {length} characters long, expected at least {ctx.options.min_length}"
    elif length > ctx.options.max_length:
        message = f"page description is {length} characters long, expected at most {ctx.options.max_length}"
    else:
        return
    yield ctx.diagnostic(doc, field.value, message, field="seo.page_description")
