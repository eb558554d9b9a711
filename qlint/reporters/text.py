"""`--format text`: each problem's line, then the source line with a caret under the span.

Answers are often one line of thousands of characters, so the excerpt is a window around
the span. Colour only when writing to a terminal and NO_COLOR is not set.
"""

from __future__ import annotations

import os

from qlint.diagnostics import Diagnostic, Severity
from qlint.record.document import split_lines
from qlint.reporters.base import Reporter
from qlint.reporters.concise import summary

WINDOW = 72  # characters of source shown around a span

_COLOURS = {"bold": "1", "red": "31", "yellow": "33", "blue": "34", "cyan": "36", "dim": "2"}


class TextReporter(Reporter):
    def report(self, diagnostics: list[Diagnostic], files: int) -> None:
        colour = _wants_colour(self.stream)
        # Diagnostics come grouped by file: only the current file's lines are held (all of
        # them at once would be the whole corpus in memory).
        shown, source = None, None
        for d in diagnostics:
            if d.path != shown:
                shown, source = d.path, _read_lines(d.path)
            self.stream.write(self._headline(d, colour) + "\n")
            if source and 0 < d.span.start_line <= len(source):
                self.stream.write(_excerpt(d, source[d.span.start_line - 1], colour))
            self.stream.write("\n")
        self.stream.write(summary(diagnostics, files) + "\n")

    @staticmethod
    def _headline(d: Diagnostic, colour: bool) -> str:
        tint = "red" if d.severity is Severity.ERROR else "yellow" if d.severity is Severity.WARNING else "blue"
        where = _paint(f"{d.path}:{d.span.start_line}:{d.span.start_column}:", "bold", colour)
        return f"{where} {_paint(d.code, tint, colour)} [{d.name}] {d.message}"


def _excerpt(d: Diagnostic, line: str, colour: bool) -> str:
    start = d.span.start_column - 1
    end = d.span.end_column - 1 if d.span.end_line == d.span.start_line else len(line)
    end = max(end, start + 1)
    left = max(0, min(start - WINDOW // 3, len(line) - WINDOW))
    shown = line[left : left + WINDOW]
    prefix = "…" if left > 0 else ""
    suffix = "…" if left + WINDOW < len(line) else ""
    caret_at = len(prefix) + start - left
    carets = "^" * max(1, min(end, left + WINDOW) - start)
    gutter = " " * len(str(d.span.start_line))
    return (
        f"{gutter} {_paint('|', 'dim', colour)}\n"
        f"{d.span.start_line} {_paint('|', 'dim', colour)} {prefix}{shown.expandtabs(1)}{suffix}\n"
        f"{gutter} {_paint('|', 'dim', colour)} {' ' * caret_at}{_paint(carets, 'red', colour)}\n"
    )


def _read_lines(path: str) -> list[str] | None:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:  # newline="": lines as qlint counts them
            return split_lines(handle.read())
    except (OSError, UnicodeDecodeError):
        return None


def _wants_colour(stream) -> bool:
    return "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()


def _paint(text: str, style: str, colour: bool) -> str:
    return f"\033[{_COLOURS[style]}m{text}\033[0m" if colour else text
