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

Fix: unsafe: the differing field is set to the text of `title` (without surrounding
whitespace), keeping the value's YAML style. Unsafe because which of the three texts is the
right one is a guess: `title` is taken as the reference only because it is the page heading.
"""

from qlint.diagnostics import Applicability, Fix, Severity
from qlint.fixing.value_edits import replace_value
from qlint.rules._identity import quote_pair, squash, text_field

CODE = "Q601"
NAME = "title-mismatch"
SEVERITY = Severity.ERROR
FIXABLE = True


def check(doc, ctx):
    found = text_field(doc, "title")
    if found is None:
        return
    title = None  # squashed when first needed: most records repeat the title exactly
    for name in ("article_title", "question"):
        if doc.data.get(name) == found[0]:
            continue  # the same text: the same once squashed
        other = text_field(doc, name)
        if other is None:
            continue
        title = squash(found[0]) if title is None else title
        text, field = squash(other[0]), other[1]
        if text != title:
            shown, expected = quote_pair(text, title)
            edit = replace_value(doc, (name,), found[0].strip())
            fix = Fix(Applicability.UNSAFE, (edit,)) if edit is not None else None
            message = f"{name} '{shown}' differs from title '{expected}'"
            yield ctx.diagnostic(doc, field.value, message, field=name, fix=fix)
