"""`--format text`: each problem's line, then the source line with a caret under the span.

Answers are often one line of thousands of characters, so the excerpt is a window around
the span; the line comes with the diagnostic (`Diagnostic.source`), no file is read here.
Colour only when writing to a terminal and NO_COLOR is not set.
"""

from __future__ import annotations

import os

from qlint.diagnostics import Diagnostic, Severity, SourceLine
from qlint.reporters.base import Reporter
from qlint.reporters.concise import summary

WINDOW = SourceLine.REACH  # characters of source shown around a span

_COLOURS = {"bold": "1", "red": "31", "yellow": "33", "blue": "34", "cyan": "36", "dim": "2"}


class TextReporter(Reporter):
    def report(self, diagnostics: list[Diagnostic], files: int) -> None:
        colour = _wants_colour(self.stream)
        for d in diagnostics:
            self.stream.write(self._headline(d, colour) + "\n")
            if d.source is not None:
                self.stream.write(_excerpt(d, d.source, colour))
            self.stream.write("\n")
        self.stream.write(summary(diagnostics, files) + "\n")

    @staticmethod
    def _headline(d: Diagnostic, colour: bool) -> str:
        tint = "red" if d.severity is Severity.ERROR else "yellow" if d.severity is Severity.WARNING else "blue"
        where = _paint(f"{d.path}:{d.span.start_line}:{d.span.start_column}:", "bold", colour)
        return f"{where} {_paint(d.code, tint, colour)} [{d.name}] {d.message}"


def _excerpt(d: Diagnostic, source: SourceLine, colour: bool) -> str:
    """The source line (a window of WINDOW characters of it) with carets under the span."""
    start = d.span.start_column - 1
    end = d.span.end_column - 1 if d.span.end_line == d.span.start_line else source.length
    end = max(end, start + 1)
    left = max(0, min(start - WINDOW // 3, source.length - WINDOW))
    shown = source.text[left - source.start : left - source.start + WINDOW]
    prefix = "…" if left > 0 else ""
    suffix = "…" if left + WINDOW < source.length else ""
    caret_at = len(prefix) + start - left
    carets = "^" * max(1, min(end, left + WINDOW) - start)
    gutter = " " * len(str(d.span.start_line))
    return (
        f"{gutter} {_paint('|', 'dim', colour)}\n"
        f"{d.span.start_line} {_paint('|', 'dim', colour)} {prefix}{shown.expandtabs(1)}{suffix}\n"
        f"{gutter} {_paint('|', 'dim', colour)} {' ' * caret_at}{_paint(carets, 'red', colour)}\n"
    )


def _wants_colour(stream) -> bool:
    return "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()


def _paint(text: str, style: str, colour: bool) -> str:
    return f"\033[{_COLOURS[style]}m{text}\033[0m" if colour else text
