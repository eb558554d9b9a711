"""A text field has doubled quotes from CSV escaping (`""Rolling in the Deep""`).

CSV writes a field that holds quotes as `"` + the text with every `"` doubled + `"`. When
such a field is pasted into a record without being unquoted, the record shows `""` for
every quote, and often the whole value sits between two stray quotes. Every text field
(titles, question, answer, subject, author, the SEO texts and the titles and subjects of
the related articles) is checked; reported:
- each run of doubled quotes that opens or closes a quotation: `""` (or two such pairs)
  touching a letter, a digit or closing punctuation (`.`, `,`, `!`, `?`, `;`, `:`, `)`);
- the pair of stray quotes around the whole value, when the value starts and ends with
  `"` and holds doubled quotes.
Not reported: anything inside code (fenced blocks and inline code), where `""` is an
empty string and three quotes open a Python docstring, and a lone `""` between spaces,
which is how prose writes an empty string.

Why: the page shows the doubled quotes as they are, and the outer quotes make the whole
answer look like a quotation.

Example:
    ```
    answer: >-
        "Her performance of ""Rolling in the Deep"" was a turning point."
    ```
    reports `answer is wrapped in CSV quotes: remove the outer '"'` at the first `"`, and
    `doubled quote '""' (CSV escaping): expected '"'` at each `""`.

Options: none.

Fix: turns each `""` into `"` and removes the two outer quotes; safe. No fix where the
value is written with escapes (a double-quoted scalar), where the quote would need
escaping in that scalar style, or where removing an outer quote would leave a line of a
block scalar starting with a space.
"""

from __future__ import annotations

import re
import unicodedata

from qlint.diagnostics import Applicability, Fix, Severity
from qlint.fixing.value_edits import replace_in_value
from qlint.rules._text import code_spans, dotted, inside, keeps_lines

CODE = "Q205"
NAME = "doubled-quotes"
SEVERITY = Severity.WARNING
FIXABLE = True

_RUN = re.compile(r'"{2,}')
_CLOSING = ".,!?;:)%…"
_OPENING = "¿¡…"
# Emphasis, math and code markers stand between a quote and the word it quotes
# (`""*Hamlet*""`, `""$E=mc^2$""`); an empty string in bold (`**""**`) quotes nothing.
_MARKERS = "*_$`"


def check(doc, ctx):
    joined = doc.facts.joined_text
    if '"' not in joined or '""' not in joined:  # the one-character test is much faster
        return  # most records: asked once of all text fields together
    for path, value, field in doc.facts.text_fields:
        if '""' not in value:
            continue
        code = code_spans(value)
        # CSV's wrapper adds one quote at each end: odd runs of quotes at both ends.
        lead, trail = len(value) - len(value.lstrip('"')), len(value) - len(value.rstrip('"'))
        wrapped = lead % 2 == 1 and trail % 2 == 1 and bool(value.strip('"'))
        doubled = []  # (start, end) of each run of doubled quotes, the wrapper's quote left out
        for match in _RUN.finditer(value):
            start, end = match.span()
            if inside(code, start):
                continue
            if wrapped and start == 0:
                start += 1  # the first quote is the CSV wrapper's
            if wrapped and end == len(value):
                end -= 1
            if (end - start) % 2 or start == end:
                continue  # `"""` in prose: not CSV's doubling
            if _quotes_something(value, start, end):
                doubled.append((start, end))
        if not doubled:
            continue
        name = dotted(path)
        if wrapped:
            edits = tuple(keeps_lines(doc, replace_in_value(doc, path, i, 1, "")) for i in (0, len(value) - 1))
            fix = Fix(Applicability.SAFE, edits) if all(edits) else None
            message = f"{name} is wrapped in CSV quotes: remove the outer '\"'"
            yield ctx.diagnostic(doc, field.locate(0, 1), message, field=name, fix=fix)
        for start, end in doubled:
            edit = replace_in_value(doc, path, start, end - start, '"' * ((end - start) // 2))
            fix = Fix(Applicability.SAFE, (edit,)) if edit else None
            message = f"doubled quote '{value[start:end]}' (CSV escaping): expected '{value[start:(start + end) // 2]}'"
            yield ctx.diagnostic(doc, field.locate(start, end - start), message, field=name, fix=fix)


def _quotes_something(value: str, start: int, end: int) -> bool:
    """True when the run opens or closes a quotation, not when it stands for an empty string:
    it opens a word (a letter or digit of any script, `¿`, an opening bracket or quote
    `(`, `«`, `“`) or closes one (a letter or digit, closing punctuation `.`, `?`, `%`, a
    closing bracket or quote `)`, `»`, `”`), with emphasis or math markers between."""
    size, after_at, before_at = len(value), end, start - 1
    while after_at < size and value[after_at] in _MARKERS:
        after_at += 1
    while before_at >= 0 and value[before_at] in _MARKERS:
        before_at -= 1
    after = value[after_at] if after_at < size else " "
    before = value[before_at] if before_at >= 0 else " "
    if after.isalnum() or before.isalnum():
        return True
    if after_at == end and (after in _OPENING or unicodedata.category(after) in ("Ps", "Pi")):
        return True
    return before_at == start - 1 and (before in _CLOSING or unicodedata.category(before) in ("Pe", "Pf"))
