"""`--format text`: each problem's line, then the source line with a caret under the span.

Answers are often one line of thousands of characters, so the excerpt is a window around
the span; the line comes with the diagnostic (`Diagnostic.source`), no file is read here.
Coloured when the reporter is told to (the CLI decides: see `qlint.cli.output`). The path,
the message and the source line are made printable (`qlint.printable`); the carets stay
under the span, escapes and all.
"""

from __future__ import annotations

import click

from qlint.diagnostics import Diagnostic, Severity, SourceLine
from qlint.printable import printable
from qlint.reporters.base import Reporter
from qlint.reporters.concise import summary

WINDOW = SourceLine.REACH  # characters of source shown around a span

_STYLES = {
    "bold": {"bold": True},
    "red": {"fg": "red"},
    "yellow": {"fg": "yellow"},
    "blue": {"fg": "blue"},
    "dim": {"dim": True},
}


class TextReporter(Reporter):
    def report(self, diagnostics: list[Diagnostic], files: int) -> None:
        colour = self.colour
        for d in diagnostics:
            self.stream.write(self._headline(d, colour) + "\n")
            if d.source is not None:
                self.stream.write(_excerpt(d, d.source, colour))
            self.stream.write("\n")
        self.stream.write(summary(diagnostics, files) + "\n")

    @staticmethod
    def _headline(d: Diagnostic, colour: bool) -> str:
        tint = "red" if d.severity is Severity.ERROR else "yellow" if d.severity is Severity.WARNING else "blue"
        where = _paint(f"{printable(d.path)}:{d.span.start_line}:{d.span.start_column}:", "bold", colour)
        return f"{where} {_paint(d.code, tint, colour)} [{d.name}] {printable(d.message)}"


def _excerpt(d: Diagnostic, source: SourceLine, colour: bool) -> str:
    """The source line (a window of WINDOW characters of it) with carets under the span."""
    start = d.span.start_column - 1
    end = d.span.end_column - 1 if d.span.end_line == d.span.start_line else source.length
    end = max(end, start + 1)
    left = max(0, min(start - WINDOW // 3, source.length - WINDOW))
    shown = source.text[left - source.start : left - source.start + WINDOW]
    # Before the span, the span, after it: each as printed (an escape is wider than its character).
    before = printable(shown[: start - left])
    marked = printable(shown[start - left : min(end, left + WINDOW) - left])
    after = printable(shown[min(end, left + WINDOW) - left :])
    prefix = "…" if left > 0 else ""
    suffix = "…" if left + WINDOW < source.length else ""
    caret_at = len(prefix) + len(before)
    carets = "^" * max(1, len(marked))
    gutter = " " * len(str(d.span.start_line))
    return (
        f"{gutter} {_paint('|', 'dim', colour)}\n"
        f"{d.span.start_line} {_paint('|', 'dim', colour)} {prefix}{before}{marked}{after}{suffix}\n"
        f"{gutter} {_paint('|', 'dim', colour)} {' ' * caret_at}{_paint(carets, 'red', colour)}\n"
    )


def _paint(text: str, style: str, colour: bool) -> str:
    return click.style(text, **_STYLES[style]) if colour else text
