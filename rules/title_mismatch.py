"""`title`, `article_title` and `question` are not the same text.

The three fields hold the same question on every QuickTakes page (the page heading, the
article's title and the question as asked). The copy that differs from the text the others
agree on is reported at its value, with both texts in the message. Differences of letter
case or wording count; differences only in whitespace (a double space, a trailing space, a
line break in a block value) do not, since a browser shows them alike.

Which text is the reference: the copies without a text problem of their own (mojibake,
invisible or control characters) come first; among them the text most copies agree on; on a
tie, `title`, then `article_title`. So a damaged title is reported against its two clean
copies, and never copied over them.

Why: when one of them was edited and the others were not, the page shows two different
questions, and search engines and the page disagree about what it answers.

Example:
    ```
    title: What is osmosis?
    article_title: What is diffusion?
    ```
    reports `article_title 'What is diffusion?' differs from title 'What is osmosis?'`.

Options: none.

Fix: unsafe: the differing field is set to the reference text (without surrounding
whitespace), keeping the value's YAML style. Unsafe because which text is the right one is
a guess. A damaged copy is never the reference while a clean one exists, and when every
copy is damaged no fix is offered: the text rules repair them first.
"""

from qlint.diagnostics import Applicability, Fix, Severity
from qlint.fixing.value_edits import replace_value
from qlint.rules._encoding import text_damage
from qlint.rules._identity import quote_pair, squash, text_field

CODE = "Q601"
NAME = "title-mismatch"
SEVERITY = Severity.ERROR
FIXABLE = True
_NAMES = ("title", "article_title", "question")


def check(doc, ctx):
    data = doc.data
    title = data.get("title")
    if isinstance(title, str) and data.get("article_title") == title and data.get("question") == title:
        return  # the usual record: three identical copies
    copies = [(name, found) for name in _NAMES if (found := text_field(doc, name)) is not None]
    texts = {name: squash(found[0]) for name, found in copies}
    if len(set(texts.values())) < 2:
        return
    damage = {name: text_damage(found[0]) for name, found in copies}
    votes = list(texts.values())
    # Clean copies first, then the most agreed text, then the order of _NAMES.
    reference = min(texts, key=lambda name: (bool(damage[name]), -votes.count(texts[name]), _NAMES.index(name)))
    wanted, value = texts[reference], dict(copies)[reference][0]
    for name, (_, field) in copies:
        if texts[name] == wanted:
            continue
        shown, expected = quote_pair(texts[name], wanted)
        fix = None
        if not damage[reference]:
            edit = replace_value(doc, (name,), value.strip())
            fix = Fix(Applicability.UNSAFE, (edit,)) if edit is not None else None
        message = f"{name} '{shown}' differs from {reference} '{expected}'"
        if damage[name]:
            message += f" (its own text has {damage[name]})"
        yield ctx.diagnostic(doc, field.value, message, field=name, fix=fix)
