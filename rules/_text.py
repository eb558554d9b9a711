"""Shared helpers of the text and encoding rules (Q201-Q208).

Not a rule (the leading underscore keeps it out of discovery).
"""

from __future__ import annotations

import bisect
import re

from qlint.diagnostics import Edit
from qlint.record.document import Document


_EXCERPT = 60  # characters of a value quoted in a message


def dotted(path: tuple) -> str:
    return ".".join(str(part) for part in path)


def excerpt(text: str, start: int, end: int) -> str:
    """text[start:end], cut in the middle when long, for quoting in a message."""
    piece = text[start:end]
    if len(piece) > _EXCERPT:
        piece = piece[: _EXCERPT // 2] + "..." + piece[-_EXCERPT // 2 :]
    return piece


# Math in the house style: `$$...$$`, `\(...\)`, `\[...\]` and `$...$`. A single `$` is
# also a currency sign ("$10 billion"), so an inline span may not start with a digit, nor
# run across a line break (`\n` in the answer's house style; `\neq` is not one).
#
# Written as `$` then the `$$` or `$` forms, or `\` then the `\(` or `\[` forms, so that the
# pattern starts with one of two characters: the regex engine then skips straight to them
# instead of trying every position (three times faster). The inline form's "no `\` or `$`
# before the opening `$`" is checked once that `$` is consumed, by a two-character look-behind.
_MATH = re.compile(
    r"\$(?:\$.+?\$\$|(?<![\\$]\$)(?!\s*\d)(?:[^$\\]|\\(?!n(?![a-z])))+?(?<!\\)\$(?!\d))"
    r"|\\(?:\(.+?\\\)|\[.+?\\\])",
    re.S,
)


def math_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each math span of `text`, delimiters included, outside code
    (`echo $HOME` in inline code does not start a formula)."""
    # `(` and `[` first: a one-character `in` is a memchr, a two-character one much slower.
    if "$" not in text and not ("(" in text and "\\(" in text) and not ("[" in text and "\\[" in text):
        return []
    code = code_spans(text)
    if code:
        pieces, last = [], 0
        for start, end in code:
            pieces += [text[last:start], " " * (end - start)]
            last = end
        text = "".join(pieces) + text[last:]
    return [match.span() for match in _MATH.finditer(text)]


def inside(spans: list[tuple[int, int]], index: int) -> bool:
    """True when `index` is strictly inside one of `spans` (sorted, not overlapping)."""
    found = bisect.bisect_left(spans, (index,)) - 1
    return found >= 0 and spans[found][0] < index < spans[found][1]


# How UTF-8 text looks when decoded as Windows-1252 or Latin-1: a lead byte (shown as
# U+00C2..U+00F4) followed by a continuation byte (0x80..0xBF, shown as U+0080..U+00BF or
# as the Windows-1252 punctuation those bytes stand for). Real text rarely has one of
# these pairs; every mojibake string has one. `str.isascii()` first skips most fields.
_BYTES = range(0x80, 0xC0)
_CONTINUATION = "".join(sorted({chr(b) for b in _BYTES} | {bytes([b]).decode("cp1252", "ignore") for b in _BYTES}))
MOJIBAKE_PAIR = re.compile(f"[\u00c2-\u00f4][{re.escape(_CONTINUATION)}]")
CONTINUATION = re.compile(f"[{re.escape(_CONTINUATION)}]")


# Code in Markdown: fenced blocks (to the end of the text when never closed) and inline
# code spans, whose delimiters are runs of the same number of backticks.
_CODE = re.compile(r"```.*?(?:```|\Z)|(`+)(?!`).+?(?<!`)\1(?!`)", re.S)


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each code block and inline code span of `text`."""
    return [match.span() for match in _CODE.finditer(text)] if "`" in text else []


def keeps_lines(doc: Document, edit: Edit | None) -> Edit | None:
    """`edit`, unless it would leave a source line blank or starting with a space or tab.

    In a block scalar that changes the value: a blank line folds into a line break, and a
    line starting with whitespace is "more indented" (or, with a tab, invalid YAML). Only
    the characters next to the edit are looked at: lines can be a megabyte long."""
    if edit is None:
        return None
    text, start = doc.text, edit.start
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    if start > 0 and text[start - 1] not in "\r\n":
        return edit  # text before the edit on its line: the line start does not move
    after = edit.content[:1] or text[edit.end : edit.end + 1]
    return edit if after and after not in " \t\r\n" else None
