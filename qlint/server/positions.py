"""Positions in a text as the Language Server Protocol counts them.

LSP lines are split at `\\n`, `\\r\\n` and `\\r` only: not at U+2028, U+2029 or NEL, which
`str.splitlines` and YAML also count (and records may hold them: the invisible-characters
rule is about them). A column counts the line's characters in the unit the client and the
server agreed on: UTF-16 code units (the default), UTF-8 bytes, or code points (UTF-32).
qlint's offsets count code points, so an emoji before a problem is one character to qlint
and two UTF-16 units to the client.
"""

from __future__ import annotations

import re
from bisect import bisect_right

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
ENCODINGS = (UTF8, UTF16, UTF32)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def units(text: str, encoding: str) -> int:
    """How long `text` is in `encoding`'s units."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF16:
        return len(text.encode("utf-16-le", "surrogatepass")) // 2
    return len(text.encode("utf-8", "surrogatepass"))


class Lines:
    """A text's line starts, to turn offsets into LSP positions and back."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]

    def _end(self, line: int) -> int:
        """Where `line`'s content ends (its line break excluded)."""
        if line + 1 >= len(self.starts):
            return len(self.text)
        end = self.starts[line + 1] - 1
        return end - 1 if self.text.startswith("\r\n", end - 1) else end

    def position(self, offset: int, encoding: str) -> tuple[int, int]:
        """(line, column) of a character offset, both 0-based, the column in `encoding`."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        return line, units(self.text[start : min(offset, self._end(line))], encoding)

    def offset(self, line: int, column: int, encoding: str) -> int:
        """The character offset of an LSP position. Past the end of its line: the line's end;
        past the last line: the end of the text; inside a character (half of a surrogate
        pair, a byte of a multi-byte character): that character's start."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[line], self._end(line)
        content = self.text[start:end]
        if encoding == UTF32 or content.isascii():
            return start + max(0, min(column, len(content)))
        counted = 0
        for index, char in enumerate(content):
            counted += units(char, encoding)
            if counted > column:
                return start + index
        return end
