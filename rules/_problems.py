"""Small helpers shared by rule modules, so each module stays a few lines of intent."""

from __future__ import annotations

from typing import Iterator

from qlint.diagnostics import Diagnostic
from qlint.record.document import Document
from qlint.pipeline.registry import Context


def problem_diagnostics(doc: Document, ctx: Context, kind: str) -> Iterator[Diagnostic]:
    """Report the parse problem of the document if it is of `kind`."""
    if doc.problem is not None and doc.problem.kind == kind:
        yield ctx.diagnostic(doc, doc.span(doc.problem.start, doc.problem.end), doc.problem.message)


def schema_diagnostics(doc: Document, ctx: Context, kind: str) -> Iterator[Diagnostic]:
    """Report the schema issues of `kind`, each at its field."""
    for issue in doc.facts.schema_issues:
        if issue.kind == kind:
            yield ctx.diagnostic(doc, issue.span, issue.message, field=issue.field)
