"""What every reporter is: built on an output stream, handed the whole run at once."""

from __future__ import annotations

from typing import TextIO

from qlint.diagnostics import Diagnostic


class Reporter:
    def __init__(self, stream: TextIO, colour: bool = False) -> None:
        """`colour`: style the output with ANSI colours (only the text format has any)."""
        self.stream, self.colour = stream, colour

    def report(self, diagnostics: list[Diagnostic], files: int) -> None:
        """Write the diagnostics (sorted by path, line, column) of a run over `files` files."""
        raise NotImplementedError
