"""`--format github`: GitHub Actions workflow commands, shown as annotations on the diff.

`::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=T::message`; warnings use
`::warning`, info `::notice`. The path and message are made printable (`qlint.printable`:
no control character reaches the log, no line break can start a command of its own),
then escaped as the runner expects (%, CR, LF, and in properties also `:` and `,`).
"""

from __future__ import annotations

from qlint.diagnostics import Diagnostic, Severity
from qlint.printable import printable
from qlint.reporters.base import Reporter

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    def report(self, diagnostics: list[Diagnostic], files: int) -> None:
        for d in diagnostics:
            span = d.span
            properties = ",".join(
                [
                    f"file={_property(printable(d.path))}",
                    f"line={span.start_line}",
                    f"col={span.start_column}",
                    f"endLine={span.end_line}",
                    f"endColumn={span.end_column}",
                    f"title={_property(f'{d.code} {d.name}')}",
                ]
            )
            self.stream.write(f"::{_COMMAND[d.severity]} {properties}::{_data(printable(d.message))}\n")
