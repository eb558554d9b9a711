"""`--format sarif`: a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.

The log names every qlint rule (with its documentation), and each result has its rule,
level, message, a location with a region, and the fix as replacements when there is one.
Columns count Unicode code points (`columnKind`), as qlint's do.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import quote

from qlint import HOMEPAGE, __version__
from qlint.diagnostics import Diagnostic, Severity
from qlint.pipeline.registry import all_rules
from qlint.printable import json_text
from qlint.reporters.base import Reporter

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    return "file://" + quote(path) if PurePosixPath(path).is_absolute() else quote(path)


def _rule(rule) -> dict:
    lines = rule.doc.strip().split("\n\n", 1)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": lines[1].strip() if len(lines) > 1 else rule.summary},
        "help": {"text": rule.doc.strip()},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"fixable": rule.fixable},
    }


def _result(d: Diagnostic, rule_index: dict[str, int]) -> dict:
    span = d.span
    region = {
        "startLine": span.start_line,
        "startColumn": span.start_column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
        "charOffset": span.start_offset,
        "charLength": span.end_offset - span.start_offset,
    }
    result = {
        "ruleId": d.code,
        "ruleIndex": rule_index[d.code],
        "level": _LEVEL[d.severity],
        "message": {"text": d.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(d.path)}, "region": region}}],
    }
    if d.field:
        result["properties"] = {"field": d.field}
    if d.fix is not None:
        replacements = [
            {
                "deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start},
                "insertedContent": {"text": e.content},
            }
            for e in d.fix.edits
        ]
        result["fixes"] = [
            {
                "description": {"text": f"{d.fix.applicability.value} fix for {d.name}"},
                "artifactChanges": [{"artifactLocation": {"uri": _uri(d.path)}, "replacements": replacements}],
            }
        ]
    return result


class SarifReporter(Reporter):
    def report(self, diagnostics: list[Diagnostic], files: int) -> None:
        rules = list(all_rules())
        rule_index = {rule.code: i for i, rule in enumerate(rules)}
        log = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "qlint",
                            "version": __version__,
                            "informationUri": HOMEPAGE,
                            "rules": [_rule(rule) for rule in rules],
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "results": [_result(d, rule_index) for d in diagnostics],
                }
            ],
        }
        self.stream.write(json_text(log, indent=2) + "\n")
