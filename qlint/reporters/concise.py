"""`--format concise`: one line per problem, `path:line:col: CODE [name] message`, and a summary."""

from __future__ import annotations

from qlint.diagnostics import Applicability, Diagnostic
from qlint.reporters.base import Reporter


class ConciseReporter(Reporter):
    def report(self, diagnostics: list[Diagnostic], files: int) -> None:
        for d in diagnostics:
            self.stream.write(headline(d) + "\n")
        self.stream.write(summary(diagnostics, files) + "\n")


def headline(d: Diagnostic) -> str:
    return f"{d.path}:{d.span.start_line}:{d.span.start_column}: {d.code} [{d.name}] {d.message}"


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if not diagnostics:
        return f"All checks passed ({checked})."
    with_problems = len({d.path for d in diagnostics})
    text = (
        f"Found {len(diagnostics)} problem{'s' if len(diagnostics) != 1 else ''} "
        f"in {with_problems} file{'s' if with_problems != 1 else ''} ({checked})"
    )
    safe = sum(1 for d in diagnostics if d.fix is not None and d.fix.applicability is Applicability.SAFE)
    unsafe = sum(1 for d in diagnostics if d.fix is not None and d.fix.applicability is Applicability.UNSAFE)
    if safe:
        text += f"; {safe} fixable with `qlint fix`"
    if unsafe:
        text += f"; {unsafe} more with `qlint fix --unsafe-fixes`"
    return text + "."
