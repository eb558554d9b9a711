"""`--format text`: one line per diagnostic, `path:line:col: CODE [name] message`, and a summary."""

from __future__ import annotations

from qlint.diagnostics import Diagnostic
from qlint.reporters.base import Reporter


class TextReporter(Reporter):
    def report(self, diagnostics: list[Diagnostic], files: int) -> None:
        for d in diagnostics:
            self.stream.write(f"{d.path}:{d.span.start_line}:{d.span.start_column}: {d.code} [{d.name}] {d.message}\n")
        self.stream.write(summary(diagnostics, files) + "\n")


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if not diagnostics:
        return f"All checks passed ({checked})."
    fixable = sum(1 for d in diagnostics if d.fix is not None)
    with_problems = len({d.path for d in diagnostics})
    text = (
        f"Found {len(diagnostics)} problem{'s' if len(diagnostics) != 1 else ''} "
        f"in {with_problems} file{'s' if with_problems != 1 else ''} ({checked})"
    )
    if fixable:
        text += f"; {fixable} fixable with `qlint fix`"
    return text + "."
