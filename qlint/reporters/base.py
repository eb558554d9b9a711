"""What every reporter is: built on an output stream, handed the whole run at once."""

from __future__ import annotations

from typing import TextIO

from qlint.diagnostics import Diagnostic


class Reporter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def report(self, diagnostics: list[Diagnostic], files: int) -> None:
        """Write the diagnostics (sorted by path, line, column) of a run over `files` files."""
        raise NotImplementedError
