"""A text field holds a character that is invisible or stands for a lost one.

Every text field (titles, question, answer, subject, author, the SEO texts and the titles
and subjects of the related articles) is checked for:
- control characters (U+0001..U+001F, U+007F, U+0080..U+009F), except the tab, form feed,
  backspace, carriage return, vertical tab and bell, which `escape-damage` reports, and
  line feeds;
- zero-width characters: zero width space U+200B, word joiner U+2060 and the invisible
  math operators U+2061..U+2064, a byte order mark U+FEFF inside the text, and the zero
  width (non-)joiners U+200C and U+200D unless they sit between two non-ASCII characters
  (where Persian, Indic scripts and emoji sequences need them);
- the soft hyphen U+00AD;
- the replacement character U+FFFD;
- the no-break space U+00A0, except before `:`, `;`, `!`, `?`, `»` and after `«`, where
  French typography puts one.
A run of the same character is reported once, at its position in the file. A C1 control
character that stands for a Windows-1252 character (U+0093 for `“`) is reported with that
character; C1 controls inside mojibake (`â\\x80\\x99`) are left to `mojibake`.

Why: these characters do not show on the page, or show as `�`, but they are in the text:
they split words for search (`photo\\u200bsynthesis` is not `photosynthesis`), make two
titles that look equal differ, and survive copy and paste. A replacement character marks a
character that was lost when the text was converted.

Example:
    ```
    question: "What is photo\\u200bsynthesis?"
    ```
    reports `zero width space (U+200B) in text: remove it`.

Options: none.

Fix: removes the character, or turns a no-break space into a plain space; safe, since
the page looks the same. No fix for the replacement character (what was lost cannot be
known), for a C1 control that stands for a Windows-1252 character (write that character),
where the value is written with escapes (as in the example: edit the escape by hand),
where the value would become blank, or where a no-break space sits next to a space.
"""

from __future__ import annotations

import re
import unicodedata

from qlint.diagnostics import Applicability, Fix, Severity
from qlint.fixing.value_edits import replace_in_value
from qlint.rules._text import CONTINUATION, MOJIBAKE_PAIR, dotted, keeps_lines

CODE = "Q202"
NAME = "invisible-characters"
SEVERITY = Severity.WARNING
FIXABLE = True

# \t \b \f \r \v \a are escape-damage's (the letter after a backslash became a control).
_FOUND = re.compile(
    "([\x01-\x06\x0e-\x1f\x7f-\x9f\u00a0\u00ad\u200b-\u200d\u2060-\u2064\ufeff\ufffd])\\1*"
)
_NAMES = {
    "\u00a0": "no-break space",
    "\u00ad": "soft hyphen",
    "\ufeff": "byte order mark",
    "\ufffd": "replacement character",
}
_FRENCH_BEFORE, _FRENCH_AFTER = ":;!?»", "«"


def check(doc, ctx):
    if doc.facts.all_printable and "\ufffd" not in doc.facts.joined_text:
        return  # the hot path, asked once of all text fields together
    for path, value, field in doc.facts.text_fields:
        if value.isprintable() and "\ufffd" not in value:
            continue  # the hot path (C speed): all the others are unprintable to Python
        content = len(value.strip())  # once per field: the value can be a megabyte long
        for match in _FOUND.finditer(value):
            start, end, char = match.start(), match.end(), match.group(1)
            if _allowed(value, start, end, char):
                continue
            count = f"{end - start} x " if end - start > 1 else ""
            name = _NAMES.get(char) or unicodedata.name(char, "control character").lower()
            label = f"{count}{name} (U+{ord(char):04X})"
            meant = _windows_1252(char)
            if char == "\ufffd":
                message = f"{label}: a character was lost in a conversion; restore it"
            elif meant:
                message = f"{label} in text: a Windows-1252 '{meant}' read as Latin-1; write '{meant}'"
            elif char == "\u00a0":
                message = f"{label} in text: expected a plain space"
            else:
                message = f"{label} in text: remove it"
            fix = _fix(doc, path, value, content, start, end, char)
            yield ctx.diagnostic(doc, field.locate(start, end - start), message, field=dotted(path), fix=fix)


def _allowed(value: str, start: int, end: int, char: str) -> bool:
    before = value[start - 1] if start else ""
    after = value[end] if end < len(value) else ""
    if char in "\u200c\u200d":
        return bool(before) and bool(after) and not before.isascii() and not after.isascii()
    if char == "\u00a0":
        return (after != "" and after in _FRENCH_BEFORE) or (before != "" and before in _FRENCH_AFTER)
    if "\x80" <= char <= "\x9f":
        # Part of a UTF-8 sequence read as Latin-1: walk back to the lead byte's character.
        lead = start
        while lead > 0 and CONTINUATION.match(value, lead - 1) and not MOJIBAKE_PAIR.match(value, lead - 1):
            lead -= 1
        return lead > 0 and MOJIBAKE_PAIR.match(value, lead - 1) is not None
    return False


def _windows_1252(char: str) -> str:
    """The character a C1 control stands for in Windows-1252 (U+0093 is `“`), or ""."""
    if "\x80" <= char <= "\x9f":
        return char.encode("latin-1").decode("cp1252", "ignore")
    return ""


def _fix(doc, path, value: str, content: int, start: int, end: int, char: str) -> Fix | None:
    if char == "\ufffd" or _windows_1252(char):
        return None  # what was lost, or which character was meant, needs a reader
    new = " " * (end - start) if char == "\u00a0" else ""
    if content <= end - start:
        return None  # the value would become blank: a schema problem, not a cosmetic one
    if char == "\u00a0" and (not value[start - 1 : start].strip() or not value[end : end + 1].strip()):
        return None  # next to a space or an edge: a plain space could change the folding
    edit = keeps_lines(doc, replace_in_value(doc, path, start, end - start, new))
    return Fix(Applicability.SAFE, (edit,)) if edit else None
