"""A LaTeX command starting with `n` in the answer, which the page breaks at its `\\n`.

The page turns every `\\n` (backslash, n) in `answer` into a line break; that is how the
house style writes line breaks. So `\\neq`, `\\neg`, `\\nabla`, `\\notin` and every other
command starting with `n` lose their first two characters: `$a \\neq b$` shows a line
break and `eq`. Reported in `answer` only, at the command, when the letters after the
backslash are exactly a LaTeX command. `\\ne`, `\\ni`, `\\nu`, `\\nmid` and `\\nexists`
could also be a line break before a line that starts with `e`, `i`, `u`, `mid` or
`exists` (`\\ne) Silicon` in a list), so they are reported only inside math (`$...$`,
`$$...$$`, `\\(...\\)`, `\\[...\\]`) and not right after a `$$` or `\\[` that opens a
display formula, where the house style puts a line break (`$$\\nu(t) = ...`).

Why: the formula renders wrong (`a eq b`, `abla f`) and the text after it is split
across lines.

Example:
    ```
    answer: >-
        For any $b \\neq 0$, divide by $b$.
    ```
    reports `'\\neq' breaks on the page: its '\\n' becomes a line break; write '≠'
    instead`.

Options: none.

Fix: none: the replacement is usually the Unicode symbol (`≠`, `¬`, `∇`, `ν`), which is a
matter of taste in a formula, and the ambiguous cases need a reader.
"""

from __future__ import annotations

import re

from qlint.diagnostics import Severity
from qlint.rules._text import inside, math_spans

CODE = "Q204"
NAME = "newline-latex-collision"
SEVERITY = Severity.ERROR
FIXABLE = False

# Each command starting with n, with what to write instead ("" where there is no symbol).
# escape-damage asks it too: a leftover after `\n` that spells one of these is this rule's.
COMMANDS = {
    "neg": "¬", "neq": "≠", "ne": "≠", "nabla": "∇", "nu": "ν", "notin": "∉", "nmid": "∤", "ni": "∋",
    "not": "", "nleq": "≰", "ngeq": "≱", "nless": "≮", "ngtr": "≯", "nsubseteq": "⊈", "nsupseteq": "⊉",
    "nsubset": "⊄", "nsupset": "⊅", "nparallel": "∦", "nexists": "∄", "natural": "♮", "nearrow": "↗",
    "nwarrow": "↖", "ncong": "≇", "nsim": "≁", "nleftarrow": "↚", "nrightarrow": "↛", "nLeftarrow": "⇍",
    "nRightarrow": "⇏", "nleftrightarrow": "↮", "nLeftrightarrow": "⇎", "nvdash": "⊬", "nVdash": "⊮",
    "nprec": "⊀", "nsucc": "⊁", "newline": "", "nolimits": "", "nonumber": "", "noindent": "",
    "normalsize": "", "newcommand": "",
}  # fmt: skip
# A line break followed by a line starting with these letters is as likely as the command.
_AMBIGUOUS = {"ne", "ni", "nu", "nmid", "nexists"}


def _alternation(words) -> str:
    """A regex matching any of `words` (taken literally, none empty), their common
    prefixes factored out: `e(?:g|q)?` rather than `eg|eq|e`. At each `\\n` the regex
    engine tries the alternatives of a group one after the other; sharing their first
    letters makes the search over an answer twice as fast. Where several words start at
    one place the longest is tried first, as in `|`.join(words sorted longest first)."""
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[:1], []).append(word[1:])
    ends_here = rests.pop("", None) is not None  # a word ends here: the rest is optional
    branches = [re.escape(first) + _alternation(rest) for first, rest in sorted(rests.items())]
    if not branches:
        return ""
    group = branches[0] if len(branches) == 1 and not ends_here else "(?:" + "|".join(branches) + ")"
    return group + "?" if ends_here else group


# `\n` and the letters after it, when they spell one of the commands: every answer has
# dozens of `\n` line breaks, and matching only commands spares a Python step for each.
_CANDIDATE = re.compile(r"\\(n" + _alternation(name[1:] for name in COMMANDS) + r")(?![A-Za-z])")
_DISPLAY_OPENER = re.compile(r"(?:\$\$|\\\[)[ \t]*$")


def check(doc, ctx):
    found = doc.facts.answer
    if found is None or "\\n" not in found[0]:
        return
    answer, field = found
    spans = None
    for match in _CANDIDATE.finditer(answer):
        command, start = match.group(1), match.start()
        if _escaped(answer, start):
            continue
        if command in _AMBIGUOUS:
            spans = math_spans(answer) if spans is None else spans
            if not inside(spans, start) or _DISPLAY_OPENER.search(answer, max(0, start - 8), start):
                continue
        symbol = COMMANDS[command]
        advice = f"write '{symbol}' instead" if symbol else "rewrite it without '\\n'"
        message = f"'\\{command}' breaks on the page: its '\\n' becomes a line break; {advice}"
        yield ctx.diagnostic(doc, field.locate(start, match.end() - start), message, field="answer")


def _escaped(text: str, index: int) -> bool:
    """True when the backslash at `index` is itself escaped (`\\\\neq` is `\\\\` then `neq`)."""
    count = 0
    while index - count > 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1
