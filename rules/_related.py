"""Shared helpers of the related-article rules (Q4xx) and the score rules (Q30x).

Not a rule (the leading underscore keeps it out of discovery).
"""

from __future__ import annotations

from typing import Any

from qlint.diagnostics import Span
from qlint.record.document import Document


def number(value: Any) -> bool:
    """True for a YAML int or float; bools are excluded (the schema reports them)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def source(doc: Document, span: Span) -> str:
    """The value as written in the file, for messages ('-1.0' rather than Python's -1.0)."""
    return doc.text[span.start_offset : span.end_offset]
