"""`--format json`: a JSON array of diagnostics with exactly the contract keys.

Keys: code, name, severity, message, path, line, column, end_line, end_column, field, fix.
Lines and columns are 1-based; fix is null or {applicability, edits: [{start, end, content}]}
with character offsets into the file's text.
"""

from __future__ import annotations

import json
from qlint.diagnostics import Diagnostic
from qlint.reporters.base import Reporter


class JsonReporter(Reporter):
    def report(self, diagnostics: list[Diagnostic], files: int) -> None:
        json.dump([d.to_dict() for d in diagnostics], self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")
