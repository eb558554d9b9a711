"""`--format json-lines`: one JSON object per line, with the same keys as `json`."""

from __future__ import annotations

import json

from qlint.diagnostics import Diagnostic
from qlint.printable import json_escaped
from qlint.reporters.base import Reporter


class JsonLinesReporter(Reporter):
    def report(self, diagnostics: list[Diagnostic], files: int) -> None:
        lines = [json.dumps(d.to_dict(), ensure_ascii=False) for d in diagnostics]
        self.stream.write(json_escaped("".join(line + "\n" for line in lines)))
