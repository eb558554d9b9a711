"""`seo.page_keywords` is not a clean comma-separated list of distinct keywords.

Reported in `seo.page_keywords`, each at the place it concerns:
- a list that mixes separators (commas with semicolons, pipes or line breaks), or uses
  another separator than commas, at the first separator that is not a comma;
- a list of many words with no separator at all (more than ten words);
- an empty keyword (`a,, b`, `a, , b`, a comma at the start or end), at the extra comma,
  or the whole value when it holds only separators;
- a keyword listed twice, at the second one;
- spaces before or after the whole list.
A comma between two digits (`1,4-glycosidic`, `15,000`) and separators inside brackets
(`(x, y)`, `P(A | B)`) are part of a keyword; a pipe counts as a separator only with spaces
on both sides (`|x|` is notation). The space after a comma is not checked: both `a, b`
and `a,b` are in use.

Why: the keywords go into the page's keywords meta tag, which is read as a comma-separated
list. Other separators glue keywords together, empty ones and repeats are noise, and an
empty keyword often marks a symbol that was lost (`alpha, , beta` once had a Greek letter).

Example:
    ```
    seo:
      page_keywords: osmosis, diffusion, osmosis,
    ```
    reports `duplicate keyword 'osmosis'` and `keyword list ends with ','`.

Options:
    `ignore_case` (default true): when looking for duplicates, compare keywords ignoring
    letter case (`Realism` repeats `realism`), as search engines do. Keywords of three
    characters or fewer are always compared exactly, since their case usually carries
    meaning (genotypes `TT`, `Tt` and `tt`). Set it to false to report only exact repeats.

Fix: none.
"""

from pydantic import BaseModel, ConfigDict

from qlint.diagnostics import Severity
from qlint.rules._identity import squash, text_field

CODE = "Q604"
NAME = "keywords-format"
SEVERITY = Severity.WARNING
FIXABLE = False

_MAX_UNSEPARATED_WORDS = 10  # one long keyword (a book title) is fine; a list run together is not
_SHORT = 3  # keywords this short are compared with their case even when ignoring case
_OPEN, _CLOSE = "([{", ")]}"


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ignore_case: bool = True


def _separators(text):
    """(index, character) of every separator in `text`, by the rules in the docstring."""
    balanced = sum(text.count(c) for c in _OPEN) == sum(text.count(c) for c in _CLOSE)
    depth, found = 0, []
    for i, char in enumerate(text):
        if char in _OPEN or char in _CLOSE:
            depth = max(0, depth + (1 if char in _OPEN else -1)) if balanced else 0
        elif char in "\r\n":
            if not (char == "\n" and i and text[i - 1] == "\r"):  # \r\n is one line break
                found.append((i, char))  # a line break separates whatever the depth
        elif depth:
            continue
        elif char == ";":
            found.append((i, char))
        elif char == "," and not (0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()):
            found.append((i, char))
        elif char == "|" and (i == 0 or text[i - 1].isspace()) and (i == len(text) - 1 or text[i + 1].isspace()):
            found.append((i, char))
    return found


def _name(separator):
    return "a line break" if separator in "\r\n" else f"'{separator}'"


def check(doc, ctx):
    found = text_field(doc, "seo", "page_keywords")
    if found is None:
        return
    value, field = found
    text = value.rstrip("\r\n")  # the final line break a `|` or `>` block keeps is not content

    def report(index, length, message):
        return ctx.diagnostic(doc, field.locate(index, length), message, field="seo.page_keywords")

    if text != text.lstrip():
        yield report(0, len(text) - len(text.lstrip()), "keyword list starts with spaces")
    if text != text.rstrip():
        yield report(len(text.rstrip()), len(text) - len(text.rstrip()), "keyword list ends with spaces")

    separators = _separators(text)
    others = [(i, c) for i, c in separators if c != ","]
    if others:
        also = "commas and " if len(others) < len(separators) else ""
        yield report(others[0][0], 1, f"keywords are separated by {also}{_name(others[0][1])}: use commas only")
    elif not separators and len(text.split()) > _MAX_UNSEPARATED_WORDS:
        yield report(0, len(text), "keywords are not separated: expected a comma-separated list")

    # The keywords between separators, with the separator before each (None for the first).
    bounds = [(-1, None)] + separators + [(len(text), None)]
    if not any(text[start + 1 : end].strip() for (start, _), (end, _) in zip(bounds, bounds[1:])):
        message = "keyword list holds no keywords, only separators"
        yield ctx.diagnostic(doc, field.value, message, field="seo.page_keywords")
        return
    seen = {}
    for (start, before), (end, after) in zip(bounds, bounds[1:]):
        piece = text[start + 1 : end]
        if not piece.strip():
            where = start if before is not None else end
            if after is None:
                message = f"keyword list ends with {_name(before)}"
            elif before is None:
                message = f"keyword list starts with {_name(after)}"
            else:
                message = f"empty keyword between {_name(before)} and {_name(after)}"
            yield report(where, 1, message)
            continue
        keyword = squash(piece)
        # Short keywords keep their case: they are symbols and genotypes (`TT`, `Tt`, `tt`).
        fold = ctx.options.ignore_case and len(keyword) > _SHORT
        key = keyword.casefold() if fold else keyword
        if key in seen:
            lead = len(piece) - len(piece.lstrip())
            same = "" if seen[key] == keyword else f" (same as '{seen[key]}' apart from case)"
            yield report(start + 1 + lead, len(piece.strip()), f"duplicate keyword '{keyword}'{same}")
        else:
            seen[key] = keyword
