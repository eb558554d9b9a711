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

Fix: safe: the list is rewritten as one line of keywords: each keyword without surrounding
spaces, empty ones at the start or end dropped, exact repeats dropped (the first is kept),
all joined by `, ` (or by `,` when the list already uses commas with no space after them).
Only keywords and separators change, so the tag says the same; the value keeps its YAML
style. A repeat that differs only in case is kept and its report has no fix: it is often
a title beside the common noun (`nature` and Emerson's essay `Nature`), for a person to
judge. No fix is offered when the keywords cannot be told apart for sure: commas mixed
with `;` or `|` (`Smith, J.; Doe, A.`), a keyword that is only a number (`Constitution
Act, 1867`: the comma belongs to the keyword), a list run together without separators, or
one with only separators. None either for the signs of a lost symbol (an empty keyword
between two separators, a keyword starting with `-`, as in `, , e` for `π, e` or
`-hydroxy acids` for `α-hydroxy acids`): dropping them would hide what a person has to
restore.
"""

import re

from pydantic import BaseModel, ConfigDict

from qlint.diagnostics import Applicability, Fix, Severity
from qlint.fixing.value_edits import replace_value
from qlint.rules._identity import squash, text_field

CODE = "Q604"
NAME = "keywords-format"
SEVERITY = Severity.WARNING
FIXABLE = True

_MAX_UNSEPARATED_WORDS = 10  # one long keyword (a book title) is fine; a list run together is not
_SHORT = 3  # keywords this short are compared with their case even when ignoring case
_OPEN, _CLOSE = "([{", ")]}"
_BREAKS = "\r\n"


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ignore_case: bool = True


# The only characters `_separators` acts on: looking at just these is faster than a step
# for every character of the list.
_SPECIAL = re.compile(r"[()\[\]{}\r\n;,|]")
_NOT_COMMA = re.compile(r"[()\[\]{}\r\n;|]")  # `_SPECIAL` but the comma: one regex pass, not a step per character
_COMMA_DIGIT = re.compile(r",[0-9]")  # in ASCII text, the only digits `str.isdigit` knows


def _separators(text):
    """(index, character) of every separator in `text`, by the rules in the docstring."""
    last = len(text) - 1
    balanced = sum(text.count(c) for c in _OPEN) == sum(text.count(c) for c in _CLOSE)
    depth, found = 0, []
    for match in _SPECIAL.finditer(text):
        i, char = match.start(), match.group()
        if char in _OPEN or char in _CLOSE:
            depth = max(0, depth + (1 if char in _OPEN else -1)) if balanced else 0
        elif char in "\r\n":
            if not (char == "\n" and i and text[i - 1] == "\r"):  # \r\n is one line break
                found.append((i, char))  # a line break separates whatever the depth
        elif depth:
            continue
        elif char == ";":
            found.append((i, char))
        elif char == "," and not (0 < i < last and text[i - 1].isdigit() and text[i + 1].isdigit()):
            found.append((i, char))
        elif char == "|" and (i == 0 or text[i - 1].isspace()) and (i == last or text[i + 1].isspace()):
            found.append((i, char))
    return found


def _clean(text):
    """True for a list none of the checks below reports, recognised by C-speed string
    tests (most lists are clean): no spaces around it; commas as the only separators, none
    of them between two digits (each is followed by a space, or by no ASCII digit in an
    ASCII list), or no comma and at most ten words; and the keywords all non-empty and
    distinct."""
    commas = text.count(",")
    return (
        text == text.strip()
        and not _NOT_COMMA.search(text)
        and (commas == text.count(", ") or (text.isascii() and not _COMMA_DIGIT.search(text)))
        and (commas > 0 or len(text.split()) <= _MAX_UNSEPARATED_WORDS)
        and _distinct(text)
    )


def _distinct(text):
    """True when the comma-separated keywords of `text` are all non-empty and differ even
    ignoring case and spacing: then none is reported as empty or repeated. Done in bulk at
    C speed; squashing and case folding the whole text equals doing it keyword by keyword,
    since both map each character on its own and never produce a comma or a space."""
    keywords = squash(text).casefold().split(",")
    distinct = set(map(str.strip, keywords))
    return len(distinct) == len(keywords) and "" not in distinct


def _name(separator):
    return "a line break" if separator in "\r\n" else f"'{separator}'"


def _key(keyword, options):
    # Short keywords keep their case: they are symbols and genotypes (`TT`, `Tt`, `tt`).
    fold = options.ignore_case and len(keyword) > _SHORT
    return keyword.casefold() if fold else keyword


def _normalised(text, separators):
    """`text` as a clean list, or None when the keywords cannot be told apart for sure."""
    if len({c for _, c in separators} - set(_BREAKS)) > 1:
        return None  # commas with ';' or '|': which one separates and which is in a keyword?
    bounds = [(-1, None)] + separators + [(len(text), None)]
    keywords, seen = [], set()
    for (start, before), (end, after) in zip(bounds, bounds[1:]):
        keyword = text[start + 1 : end].strip()
        if not keyword:
            if before is not None and after is not None and before not in _BREAKS and after not in _BREAKS:
                return None  # `a, , b`: most likely a symbol was lost here (π, α)
            continue
        if keyword.isdigit() or keyword.startswith("-"):
            return None  # `Constitution Act, 1867` is one keyword; `-hydroxy` lost its `α`
        if squash(keyword) not in seen:  # exact repeats only: see the docstring
            seen.add(squash(keyword))
            keywords.append(keyword)
    # Keep a list's own `a,b` style; anything else gets the common `a, b`.
    tight = separators and all(c == "," and not text[i + 1 : i + 2].isspace() for i, c in separators)
    return ("," if tight else ", ").join(keywords) or None


def _fix(doc, value, text, separators):
    new = _normalised(text, separators)
    if new is None or new + value[len(text) :] == value:
        return None
    # The final line break a `|` block keeps stays, so the block style can hold the value.
    edit = replace_value(doc, ("seo", "page_keywords"), new + value[len(text) :])
    return Fix(Applicability.SAFE, (edit,)) if edit is not None else None


def check(doc, ctx):
    found = text_field(doc, "seo", "page_keywords")
    if found is None:
        return
    value, field = found
    text = value.rstrip("\r\n")  # the final line break a `|` or `>` block keeps is not content
    if _clean(text):
        return
    separators = _separators(text)
    fixes = []  # one fix for the whole list, built at the first report (most lists are clean)

    def report(index, length, message, fixable=True):
        if not fixes:
            fixes.append(_fix(doc, value, text, separators))
        fix = fixes[0] if fixable else None
        return ctx.diagnostic(doc, field.locate(index, length), message, field="seo.page_keywords", fix=fix)

    if text != text.lstrip():
        yield report(0, len(text) - len(text.lstrip()), "keyword list starts with spaces")
    if text != text.rstrip():
        yield report(len(text.rstrip()), len(text) - len(text.rstrip()), "keyword list ends with spaces")

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
        key = _key(keyword, ctx.options)
        if key in seen:
            lead = len(piece) - len(piece.lstrip())
            same = "" if seen[key] == keyword else f" (same as '{seen[key]}' apart from case)"
            message = f"duplicate keyword '{keyword}'{same}"
            yield report(start + 1 + lead, len(piece.strip()), message, fixable=not same)
        else:
            seen[key] = keyword
