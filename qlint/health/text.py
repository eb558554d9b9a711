"""How the report writes numbers and record text: thousands separated, shares that never
round to a false 0 % or 100 %, record text escaped with what would not show written out,
and a problem's source line around its span.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from markupsafe import Markup, escape

from qlint.diagnostics import Diagnostic


@dataclass(frozen=True)
class Excerpt:
    """A diagnostic's source line around its span: before, the span itself, after."""

    before: str
    marked: str
    after: str
    clipped_left: bool
    clipped_right: bool


def excerpt(diagnostic: Diagnostic) -> Excerpt | None:
    source, span = diagnostic.source, diagnostic.span
    if source is None:
        return None
    text = source.text
    start = min(max(span.start_column - 1 - source.start, 0), len(text))
    end = span.end_column - 1 - source.start if span.end_line == span.start_line else len(text)
    end = min(max(end, start), len(text))
    return Excerpt(
        text[:start], text[start:end], text[end:], source.start > 0, source.start + len(text) < source.length
    )


def shown(text: str | None) -> Markup:
    """`text` escaped for HTML, with each character that would not show (controls, format
    characters such as zero-width spaces and direction overrides, separators other than
    the space) written as a visible `U+XXXX` mark."""
    if text is None:
        return Markup("")
    if text.isprintable():
        return escape(text)
    parts = []
    for char in text:
        if char.isprintable():
            parts.append(escape(char))
        else:
            name = unicodedata.name(char, "")
            title = f' title="{escape(name)}"' if name else ""
            parts.append(Markup(f'<span class="char"{title}>U+{ord(char):04X}</span>'))
    return Markup("").join(parts)


_CODE_SPAN = re.compile(r"`([^`]+)`")


def code_spans(text: str) -> Markup:
    """`text` (a rule's own summary) escaped, with its `backquoted` parts as code."""
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", str(escape(text))))


def number(value: int) -> str:
    return f"{value:,}"


def percent(part: int, whole: int) -> str:
    """`part` of `whole` in percent, never rounded to 0 % or 100 % when it is not that."""
    if whole == 0 or part == 0:
        return "0%"
    if part == whole:
        return "100%"
    share = 100 * part / whole
    return f"{min(max(share, 0.1), 99.9):.1f}%"
