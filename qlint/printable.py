"""Text from a record (values in messages, source lines, file names) made safe to print.

A record, or a file's name, can hold anything: an escape sequence that retitles the
terminal or paints the rest of the screen, a BEL, a NUL, a line break that starts a line
of its own in a CI log (a forged diagnostic), a direction override that shows text in
another order than it is. Every human and CI format writes such characters as visible
escapes instead, here and only here:

- `printable`: for terminals and CI logs (text, concise, github, statistics, fix
  summaries, lines on stderr). Controls (C0, DEL, C1), format characters (Unicode
  category Cf: direction overrides and isolates, zero-width characters, soft hyphens),
  line and paragraph separators (U+2028, U+2029) and lone surrogates (from a file name
  that is not UTF-8) become `\\t`, `\\n`, `\\r`, `\\x1b`, `\\u202e` or `\\U000e0001`; a
  lone surrogate that stands for a byte of a file name is shown as that byte (`\\xe9`).
- `json_text`: JSON with exact values; the same characters written as JSON's `\\u`
  escapes, so that the output shown on a terminal is as safe and its values unchanged.
- `xml_text`: for JUnit XML, shown by CI servers: what `printable` escapes, and the
  characters XML 1.0 forbids (U+FFFE, U+FFFF), so the document is always well-formed.

Backslashes are left as they are (answers hold literal `\\n` breaks by the thousand).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from typing import Any

_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNSHOWN = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))  # controls, format, surrogates, separators
# Where such characters are: planes 0, 1 and 14 (no other plane has any, nor leaves room
# for one: they are ideographs and private use), looked up once, on first need.
_PLANES = (range(0x20000), range(0xE0000, 0xE1000))


@cache
def _unshown(least: int = 0) -> re.Pattern:
    """A character class of every character `printable` escapes, from U+`least` on."""
    category, ranges = unicodedata.category, []
    for plane in _PLANES:
        for code in plane:
            if code >= least and category(chr(code)) in _UNSHOWN:
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1][1] = code
                else:
                    ranges.append([code, code])
    return re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]")


def _escape(match: re.Match) -> str:
    char = match.group()
    short = _SHORT.get(char)
    if short is not None:
        return short
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def printable(text: str) -> str:
    """`text` with every control, format character, line or paragraph separator and lone
    surrogate written as a visible escape; everything else as it is."""
    if text.isprintable():  # (the usual case, in C: every character that needs an escape is unprintable)
        return text
    return _unshown().sub(_escape, text)


_NONCHARACTERS = re.compile("[\ufffe\uffff]")  # not allowed in XML 1.0


def xml_text(text: str) -> str:
    """`printable(text)`, with the noncharacters XML 1.0 forbids escaped as well."""
    if text.isprintable():
        return text
    return _NONCHARACTERS.sub(_escape, _unshown().sub(_escape, text))


def _json_escape(match: re.Match) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # as a surrogate pair, which is how JSON writes it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_text(value: Any, **dumps) -> str:
    """`value` as JSON (`json.dumps` with `dumps`), exact, its non-ASCII text as it is
    except what `printable` would escape, written as JSON's `\\uXXXX` escapes: every string
    reads back as it was, and the output prints safely. (Those characters occur only inside
    strings, and json.dumps has escaped those below U+0020 already: the rest is ASCII.)"""
    return json_escaped(json.dumps(value, ensure_ascii=False, **dumps))


def json_escaped(text: str) -> str:
    """JSON text (of json.dumps with ensure_ascii=False) with what `printable` would escape
    written as JSON's `\\uXXXX` escapes: the same values."""
    # Its own line breaks aside, usually all printable: said in C, fast (a regular
    # expression scanning a report of 60 MB takes seconds; these take a tenth of that).
    if (text.isascii() and "\x7f" not in text) or text.replace("\n", "").isprintable():
        return text
    escape = _unshown(0x20).sub
    return "\n".join(line if line.isprintable() else escape(_json_escape, line) for line in text.split("\n"))
