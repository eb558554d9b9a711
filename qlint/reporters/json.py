"""`--format json`: a JSON array of diagnostics with exactly the contract keys.

Keys: code, name, severity, message, path, line, column, end_line, end_column, field, fix.
Lines and columns are 1-based; fix is null or {applicability, edits: [{start, end, content}]}
with character offsets into the file's text. Values are exact (see `qlint.printable.json_text`).
"""

from __future__ import annotations

from qlint.diagnostics import Diagnostic
from qlint.printable import json_text
from qlint.reporters.base import Reporter


class JsonReporter(Reporter):
    def report(self, diagnostics: list[Diagnostic], files: int) -> None:
        self.stream.write(json_text([d.to_dict() for d in diagnostics], indent=2) + "\n")
