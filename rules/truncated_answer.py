"""The answer is cut off: it ends mid-sentence, or leaves bold, code or a formula open.

Reported in `answer`:
- an answer whose last character (trailing spaces and `\\n` line breaks left out) is not
  terminal punctuation (`.`, `!`, `?`, `…`, and other scripts' `。`, `！`, `।`, `؟`, `۔`,
  `։`...), a closing bracket or quote of any script (`)`, `」`, `»`), an emoji, the end of
  an HTML tag (`<br>`), or the end of bold, code, a formula or a table row (`*`,
  `` ` ``, `$`, `|`), at its last word. A last line that is a row of a table written
  without outer pipes (`Gold | 19.3`) is complete when it has as many cells as the
  header; a row of a table with outer pipes that lacks its closing `|` was cut. A last
  line that is a short list item (`- `, `* `, `1. `, `a) `; at most eight words after its
  bold label and no full stop inside) may end without punctuation (`- **Range**: 0 to
  255`) unless it ends on a word like `the`, `of` or `and` that cannot end a phrase; a
  last line in capitals only (`OSCARS`, a source credit) is not a cut;
- a `**` that opens bold and is not closed in its paragraph, at the `**`;
- a code fence (```` ``` ````) that is never closed, at the fence;
- a `$$` that opens a display formula and is never closed, at the `$$`.
Code blocks and inline code are skipped when looking for `**` and `$$`; `$...$` math is
skipped when looking for `**`. A `***` right after a letter (`D*** in a Box`) is a
censored word, not bold.

Why: the generator was stopped by a length limit, so the answer breaks off mid-word or
mid-list, and open markers make the rest of the page render as bold or as code.

Example:
    ```
    answer: >-
        Both pumps need care.\\n\\n6. **Maintenance**: Check that the tips and the
    ```
    reports `answer ends mid-sentence: '6. **Maintenance**: Check that the tips and the'`
    at the last word.

Severity: warning. On the real corpus most answers without final punctuation are cut
off, but a few are complete sentences that only miss their full stop: a reader decides.

Options: none.

Fix: none: the missing text has to be written.
"""

from __future__ import annotations

import re
import unicodedata

from qlint.diagnostics import Severity
from qlint.rules._text import code_spans, inside, math_spans

CODE = "Q207"
NAME = "truncated-answer"
SEVERITY = Severity.WARNING
FIXABLE = False

_ENDINGS = set(".!?…)]}\"'”’»*`$|_")
# How other scripts end a sentence: the CJK full stop and full-width marks, the Devanagari
# danda, the Arabic and Urdu marks, the Armenian, Ethiopic, Syriac, Mongolian ones and the
# doubled marks. Any closing bracket or final quote (categories Pe, Pf: `）`, `」`, `›`)
# and a symbol (So: an emoji, `✓`) also end an answer.
_TERMINALS = set("。．｡！？।॥۔؟؛։።፧፨܀܁܂᙮᠃᠉‼‽⁇⁈⁉꓿꘎꘏︒﹒﹖﹗")
_ENDING_CATEGORIES = {"Pe", "Pf", "So"}
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>\Z")  # `<br>`, `</table>`
# A Markdown table's separator row (`---|---`, `| :-- | --: |`), and the line breaks of
# the house style and of a real text.
_TABLE_SEPARATOR = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*|\s*\|\s*:?-{3,}:?\s*\|\s*")
_LINE_BREAK = re.compile(r"\\n|\n")
_LIST_ITEM = re.compile(r"\s*(?:[-*+•]|\d{1,3}[.)]|[a-z][.)])\s")
_LABEL = re.compile(r"\A\s*\*\*[^*]+\*\*:?")  # the bold label that starts many list items
_FRAGMENT_WORDS = 8
_CREDIT = re.compile(r"[A-Z][A-Z0-9 &.'-]{1,40}")
# Words that cannot end a phrase: an item ending on one was cut.
_OPEN_WORDS = set(
    "a an the of and or nor but to in on at by for from with into onto about as than that which who whom"
    " whose this these those is are was were be been being its their his her our your my if because while"
    " when where such including like can could would should will may might must also both either each"
    " every some any not very more most less between through during".split()
)
_SHOWN = 50  # characters of the answer's end quoted in the message
_STARS = re.compile(r"\*\*\**")  # runs of two or more stars (a literal prefix: fast)
_BLANK_LINE = "\\n\\n"  # a blank line in the house style; more `\\n` may follow
# A `**` that opens bold (no star next to it, followed by text), the text up to the next
# star, within the paragraph, and a `**` that closes it (no star next to it, after text).
# When removing all such pairs leaves no `**`, every run of stars is one of these `**`
# and they alternate opening and closing, so no bold is left open. (It starts with the
# `**` and looks behind afterwards, so the regex engine can skip to each `**`; the text
# between is written as runs between backslashes, which cannot backtrack badly.)
_BOLD_PAIR = re.compile(r"\*\*(?<!\*\*\*)(?![\s*]|\\n)[^*\\]*(?:\\(?!n\\n)[^*\\]*)*(?<![\s*])\*\*(?!\*)")


def check(doc, ctx):
    found = doc.facts.answer
    if found is None:
        return
    answer, field = found

    def report(start, end, message):
        return ctx.diagnostic(doc, field.locate(start, end - start), message, field="answer")

    code = code_spans(answer)
    # One-character `in` tests first: they are a memchr, and most answers have no ` or $.
    fences = [m.start() for m in re.finditer("```", answer)] if "`" in answer else []
    if len(fences) % 2:
        yield report(fences[-1], fences[-1] + 3, "code block is never closed: expected a closing '```'")
    displays = [m.start() for m in re.finditer(r"\$\$", answer) if not inside(code, m.start())] if "$" in answer else []
    if len(displays) % 2:
        yield report(displays[-1], displays[-1] + 2, "display formula is never closed: expected a closing '$$'")
    for start in _open_bold(answer, code):
        yield report(start, start + 2, "bold is never closed: expected a closing '**' in the same paragraph")
    if len(fences) % 2 == 0 and len(displays) % 2 == 0:  # else the end is code or a formula
        end = _content_end(answer)
        if end and _cut(answer[:end]):
            space, line_break = answer.rfind(" ", 0, end), answer.rfind("\\n", 0, end)
            word = max(space + 1 if space >= 0 else 0, line_break + 2 if line_break >= 0 else 0)
            yield report(word, end, f"answer ends mid-sentence: '{_tail(answer[:end])}'")


def _content_end(answer: str) -> int:
    """Where the answer ends once trailing spaces and `\\n` line breaks are left out."""
    end = len(answer)
    while end > 0:
        if answer[end - 1].isspace():
            end -= 1
        elif end >= 2 and answer.startswith("\\n", end - 2):
            end -= 2
        else:
            break
    return end


def _tail(text: str) -> str:
    """The end of the last line, cut at a space, for the message."""
    line = _last_line(text)
    if len(line) <= _SHOWN:
        return line
    cut = line.find(" ", len(line) - _SHOWN)
    return "..." + line[cut + 1 if cut >= 0 else len(line) - _SHOWN :]


def _last_line(text: str) -> str:
    """The text after the last line break, a house-style `\\n` or a real one."""
    escaped, real = text.rfind("\\n"), text.rfind("\n")
    return text[max(escaped + 2 if escaped >= 0 else 0, real + 1) :]


def _cut(text: str) -> bool:
    """True when `text` (the answer without trailing breaks) stops mid-sentence."""
    last = text[-1]
    if last in _ENDINGS or (not last.isascii() and (last in _TERMINALS or _ends_by_category(last))):
        return False
    if last == ">" and _HTML_TAG.search(text):
        return False  # `<br>`, `</table>`: markup ends the answer
    last_line = _last_line(text)
    if "|" in last_line and _complete_row(text, last_line):
        return False
    if _CREDIT.fullmatch(last_line.strip()):
        return False  # "OSCARS": a source credit, not a cut
    item = _LIST_ITEM.match(last_line)
    if item and text[-1].isalnum():
        # A short list item may be a fragment ("- **Range**: 0 to 255"); a long one, or one
        # holding sentences, is prose that stopped.
        body = _LABEL.sub("", last_line[item.end() :])
        words = re.findall(r"\w+", body.lower())
        return len(words) > _FRAGMENT_WORDS or ". " in body or not words or words[-1] in _OPEN_WORDS
    return True


def _ends_by_category(char: str) -> bool:
    category = unicodedata.category(char)
    # Symbols from the arrows on (emoji, dingbats), not `°` or `©`, which units and names end with.
    return category in _ENDING_CATEGORIES and (category != "So" or char >= "\u2190")


def _complete_row(text: str, last_line: str) -> bool:
    """True when the last line is a whole row of a table written without outer pipes
    (`Gold | 19.3`): as many cells as the header above the separator row. A row of a
    table with outer pipes that lacks its closing `|` was cut."""
    if last_line.lstrip().startswith("|"):
        return False
    lines = _LINE_BREAK.split(text[-4000:])  # a table's rows are a few lines up
    for index in range(len(lines) - 2, 0, -1):
        if "|" not in lines[index]:
            return False  # left the table without meeting its separator
        if _TABLE_SEPARATOR.fullmatch(lines[index]):
            return _cells(last_line) == _cells(lines[index - 1])
    return False


def _cells(row: str) -> int:
    return len(row.strip().strip("|").split("|"))


def _no_double_star(text: str) -> bool:
    return "*" not in text or "**" not in text  # the one-character test is a memchr


def _open_bold(answer: str, code: list[tuple[int, int]]) -> list[int]:
    """Positions of `**` that open bold and are not closed in the same paragraph."""
    if "**" not in answer:
        return []
    skip = sorted(code + math_spans(answer))  # math is found outside code: no overlap
    if not skip and _no_double_star(_BOLD_PAIR.sub("", answer)):
        # Every `**` is in a pair the loop below would open and close (see _BOLD_PAIR);
        # the common case, found without a Python step per `**`.
        return []
    unclosed, opened, size = [], None, len(answer)
    for star in _STARS.finditer(answer):
        start, end = star.span()
        if end - start > 3:
            continue  # a rule of stars, not bold
        # Bold cannot go on past a blank line. Only an open bold needs to know: it is left
        # open when a blank line lies between its `**` and this one.
        if opened is not None and answer.find(_BLANK_LINE, opened, start) >= 0:
            unclosed.append(opened)
            opened = None
        if skip and inside(skip, start):
            continue
        before = answer[start - 1] if start else " "
        after = answer[end] if end < size else " "
        if end - start == 3 and before.isalpha() and after.isspace():
            continue  # `D*** in a Box`: a censored word
        if opened is not None and not before.isspace():
            opened = None  # closes the open bold
        elif not after.isspace() and not answer.startswith("\\n", end):
            opened = start  # followed by text: opens bold
    if opened is not None:
        unclosed.append(opened)
    return unclosed
