"""`--format concise`: one line per problem, `path:line:col: CODE [name] message`, and a summary."""

from __future__ import annotations

from qlint.diagnostics import Diagnostic, Tally
from qlint.printable import printable
from qlint.reporters.base import Reporter


class ConciseReporter(Reporter):
    def report(self, diagnostics: list[Diagnostic], files: int) -> None:
        for d in diagnostics:
            self.stream.write(headline(d) + "\n")
        self.stream.write(summary(diagnostics, files) + "\n")


def headline(d: Diagnostic) -> str:
    """The problem on one line, its path and message made printable (a line break in either
    cannot start a line of its own)."""
    return f"{printable(d.path)}:{d.span.start_line}:{d.span.start_column}: {d.code} [{d.name}] {printable(d.message)}"


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    tally = Tally.of(diagnostics, files)
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if not tally.problems:
        return f"All checks passed ({checked})."
    text = (
        f"Found {tally.problems} problem{'s' if tally.problems != 1 else ''} "
        f"in {tally.files_with_problems} file{'s' if tally.files_with_problems != 1 else ''} ({checked})"
    )
    if tally.safe_fixes:
        text += f"; {tally.safe_fixes} fixable with `qlint fix`"
    if tally.unsafe_fixes:
        text += f"; {tally.unsafe_fixes} more with `qlint fix --unsafe-fixes`"
    return text + "."
