"""`article_title` or `question` is not the same text as `title`.

The three fields hold the same question on every QuickTakes page (the page heading, the
article's title and the question as asked). Each of `article_title` and `question` whose
text differs from `title` is reported at its value, with both texts in the message.
Differences of letter case or wording count; differences only in whitespace (a double space,
a trailing space, a line break in a block value) do not, since a browser shows them alike.

Why: when one of them was edited and the others were not, the page shows two different
questions, and search engines and the page disagree about what it answers.

Example:
    ```
    title: What is osmosis?
    article_title: What is diffusion?
    ```
    reports `article_title 'What is diffusion?' differs from title 'What is osmosis?'`.

Options: none.

Fix: none; which of the texts is right needs a person.
"""

from qlint.diagnostics import Severity
from qlint.rules._identity import quote_pair, squash, text_field

CODE = "Q601"
NAME = "title-mismatch"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(doc, ctx):
    found = text_field(doc, "title")
    if found is None:
        return
    title = squash(found[0])
    for name in ("article_title", "question"):
        other = text_field(doc, name)
        if other is None:
            continue
        text, field = squash(other[0]), other[1]
        if text != title:
            shown, expected = quote_pair(text, title)
            yield ctx.diagnostic(doc, field.value, f"{name} '{shown}' differs from title '{expected}'", field=name)
