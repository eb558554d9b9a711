"""`--format json-lines`: one JSON object per line, with the same keys as `json`."""

from __future__ import annotations

from qlint.diagnostics import Diagnostic
from qlint.printable import json_text
from qlint.reporters.base import Reporter


class JsonLinesReporter(Reporter):
    def report(self, diagnostics: list[Diagnostic], files: int) -> None:
        for d in diagnostics:
            self.stream.write(json_text(d.to_dict()) + "\n")
