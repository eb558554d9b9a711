"""`--format json-lines`: one JSON object per line, with the same keys as `json`."""

from __future__ import annotations

import json

from qlint.diagnostics import Diagnostic
from qlint.reporters.base import Reporter


class JsonLinesReporter(Reporter):
    def report(self, diagnostics: list[Diagnostic], files: int) -> None:
        for d in diagnostics:
            self.stream.write(json.dumps(d.to_dict(), ensure_ascii=False) + "\n")
