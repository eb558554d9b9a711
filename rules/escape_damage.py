"""LaTeX lost a backslash escape to a JSON or C unescape (`ext{` for `\\text{`).

In JSON and C strings `\\t`, `\\b`, `\\f`, `\\r`, `\\v` and `\\a` are escapes, so an
unescape turns `\\text` into a tab and `ext`, `\\frac` into a form feed and `rac`, `\\beta`
into a backspace and `eta`. Every text field (titles, question, answer, subject, author,
the SEO texts, the titles and subjects of the related articles) is checked for:
- a tab, backspace, form feed, carriage return, vertical tab or bell character; when
  the letters after it complete a LaTeX command (`<tab>imes`), the command is named;
- in a field that holds math or braces (`$`, `{`, `\\(`, `\\[`), the visible leftover of
  such a command once the control character is gone: `ext{`, `extbf`, `imes`, `heta`,
  `ilde`, `riangle`, `herefore`, `egin{`, `inom`, `oldsymbol`, `ullet`, `igcup`, `igcap`,
  `rac{`, `orall`, `ight`, `ightarrow`, `arepsilon`, `arphi`, `artheta`, `lpha`,
  `pprox`, `leph`, `abla` (from `\\nabla`) and `otin`, not preceded by a letter or a
  backslash and not followed by a letter, so that `times`, `fraction`, `text` and
  `orally` are never reported; and, inside math (`$...$`, `$$...$$`, `\\(...\\)`,
  `\\[...\\]`) only, `eta`, `ar{` and `ec{`. A literal escape (`\\n`, the house
  style's line break, and `\\r`, `\\t`) counts as a space before a leftover:
  `$$\\next{Moles}$$` is a line break, then `ext{`. Where the escape's letter and the
  leftover spell a command (`\\nabla`, `\\notin`: newline-latex-collision's;
  `\\times`, `\\right`: right as they are) nothing is reported.

Why: the page shows `ext{R}^n` or `$orall$` instead of the formula, and a control
character may break the page or the search index.

Example:
    ```
    seo:
      page_keywords: >-
        finite automata, $orall$ strings
    ```
    reports `escape damage: 'orall' should be '\\forall' (an unescape read '\\f' as a
    form feed)`.

Options: none.

Fix: none: which command was meant, and whether its control character is still there,
needs a look at the source of the text.
"""

from __future__ import annotations

import re

from qlint.diagnostics import Severity
from qlint.rules._text import dotted, inside, math_spans
from qlint.rules.newline_latex_collision import COMMANDS as NEWLINE_COMMANDS

CODE = "Q203"
NAME = "escape-damage"
SEVERITY = Severity.ERROR
FIXABLE = False

# The control character each escape letter becomes.
_CONTROLS = {"\t": "t", "\b": "b", "\f": "f", "\r": "r", "\v": "v", "\a": "a"}
_CONTROL_NAMES = {
    "t": "tab", "b": "backspace", "f": "form feed", "r": "carriage return", "v": "vertical tab", "a": "bell",
}  # fmt: skip
# LaTeX commands that start with one of those letters, to name the one a control ate.
_COMMANDS = {
    "t": "text textbf textit textrm texttt times theta tau tan tanh tilde triangle therefore tfrac top to",
    "b": "beta bar begin binom boldsymbol bullet bigcup bigcap bigoplus big bot bf",
    "f": "frac forall flat",
    "r": "rightarrow rightleftharpoons right rho rangle rm",
    "v": "vec varepsilon varphi vartheta vee vdots vert",
    "a": "alpha approx aleph angle ast",
}
_CONTROL = re.compile(r"[\t\b\f\r\v\a]([A-Za-z]*)")

# Leftovers: letters no English word starts with after a non-letter. Those ending in `{`
# (`ext{`) are words otherwise (`ext.`, `rac`), the brace makes them LaTeX.
_LEFTOVERS = {
    "ext{": "\\text{", "extbf": "\\textbf", "extit": "\\textit", "extrm": "\\textrm", "imes": "\\times",
    "heta": "\\theta", "ilde": "\\tilde", "riangle": "\\triangle", "herefore": "\\therefore",
    "egin{": "\\begin{", "inom": "\\binom", "oldsymbol": "\\boldsymbol", "ullet": "\\bullet",
    "igcup": "\\bigcup", "igcap": "\\bigcap", "rac{": "\\frac{", "orall": "\\forall",
    "ightarrow": "\\rightarrow", "ight": "\\right", "arepsilon": "\\varepsilon", "arphi": "\\varphi",
    "artheta": "\\vartheta", "lpha": "\\alpha", "pprox": "\\approx", "leph": "\\aleph",
    "abla": "\\nabla", "otin": "\\notin",
}  # fmt: skip
# Real words or notation outside math (`eta` the letter's name, `ar`, `ec`): math only.
_MATH_LEFTOVERS = {"eta": "\\beta", "ar{": "\\bar{", "ec{": "\\vec{"}


_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_NOT_BEFORE = _LETTERS | {"\\"}
# The literal escapes text is written with (`\n` is the answer's line break in the house
# style; `\r\n` and `\t` come from the same serialisers): a leftover right after one is
# at the start of a word, unless the escape's letter and the leftover spell a LaTeX
# command (`\nabla`, `\notin` are newline-latex-collision's; `\times`, `\right` are fine).
_LITERAL_ESCAPES = {
    "n": frozenset(NEWLINE_COMMANDS),
    "r": frozenset(_COMMANDS["r"].split()),
    "t": frozenset(_COMMANDS["t"].split()),
}


def _occurrences(value: str, table: dict[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, leftover) of each leftover of `table` in `value` that is not preceded by
    a letter or a backslash (a literal escape such as `\\n` counts as a space) and, unless
    it ends in `{`, not followed by a letter; sorted.

    One `str.find` per leftover is several times faster than a regex of all of them, which
    tries every character. Occurrences that qualify never overlap: inside one there is only
    letters, and at most one leftover fits at a place (`ight` not where `ightarrow` does)."""
    found = []
    for leftover in table:
        index, braced = value.find(leftover), leftover.endswith("{")
        while index >= 0:
            end = index + len(leftover)
            before = value[index - 1] if index else " "
            if (before not in _NOT_BEFORE or (before in _LITERAL_ESCAPES and _after_escape(value, index, leftover))) and (
                braced or end == len(value) or value[end] not in _LETTERS
            ):
                found.append((index, end, leftover))
            index = value.find(leftover, index + 1)
    found.sort()
    return found


def _after_escape(value: str, index: int, leftover: str) -> bool:
    """True when a literal escape (`\\n`, `\\r`, `\\t`) ends at `index` and does not make a
    LaTeX command with the leftover."""
    letter = value[index - 1]
    if index < 2 or value[index - 2] != "\\":
        return False
    backslashes = 1
    while index - 2 - backslashes >= 0 and value[index - 2 - backslashes] == "\\":
        backslashes += 1
    # `\\next` is an escaped backslash, then the word `next`.
    return backslashes % 2 == 1 and letter + leftover.rstrip("{") not in _LITERAL_ESCAPES[letter]


def check(doc, ctx):
    # Most records have neither a control character nor math in any text field: asked once
    # of all fields together (see `joined_text`), that ends the check.
    joined = doc.facts.joined_text
    controls = not doc.facts.all_printable
    # A one-character `in` is a memchr; a two-character one is ten times slower, so `(`
    # and `[` (rare) come first.
    latex = "$" in joined or "{" in joined or ("(" in joined and "\\(" in joined) or ("[" in joined and "\\[" in joined)
    if not controls and not latex:
        return
    for path, value, field in doc.facts.text_fields:
        found = []
        if controls and not value.isprintable():  # a fast C check: most fields hold no control character
            for match in _CONTROL.finditer(value):
                found.append((match.start(), match.end(), _control_message(match)))
        # Leftovers come from LaTeX, which leaves `$`, braces or `\(`/`\[` behind; looking
        # only where those are skips 92% of the text (the searches cost per character).
        if latex and ("$" in value or "{" in value or "\\(" in value or "\\[" in value):
            found.extend(_leftovers(value))
        for start, end, message in sorted(found):
            yield ctx.diagnostic(doc, field.locate(start, end - start), message, field=dotted(path))


def _leftovers(value: str) -> list[tuple[int, int, str]]:
    found = []
    for start, end, leftover in _occurrences(value, _LEFTOVERS):
        if start and value[start - 1] in _CONTROLS:
            continue  # the control character before it is reported, naming the command
        found.append((start, end, _leftover_message(leftover, _LEFTOVERS)))
    spans = None
    for start, end, leftover in _occurrences(value, _MATH_LEFTOVERS):
        spans = math_spans(value) if spans is None else spans
        if inside(spans, start):
            found.append((start, end, _leftover_message(leftover, _MATH_LEFTOVERS)))
    return found


def _control_message(match: re.Match) -> str:
    letter = _CONTROLS[match.group()[0]]
    name, rest = _CONTROL_NAMES[letter], match.group(1)
    command = letter + rest
    if command in _COMMANDS[letter].split():
        return f"escape damage: {name} before '{rest}' where '\\{command}' was meant (an unescape read '\\{letter}')"
    return f"{name} character in text: expected none (often an escape '\\{letter}' that was unescaped)"


def _leftover_message(leftover: str, table: dict[str, str]) -> str:
    meant = table[leftover]
    letter = meant[1]
    how = "a line break" if letter == "n" else f"a {_CONTROL_NAMES[letter]}"
    return f"escape damage: '{leftover}' should be '{meant}' (an unescape read '\\{letter}' as {how})"
