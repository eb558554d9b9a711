"""Shared helpers of the related-article rules (Q4xx) and the score rules (Q30x).

Not a rule (the leading underscore keeps it out of discovery).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qlint.diagnostics import Span
from qlint.document import Document
from qlint.schema import RELATED_KEY  # the same key syntax the schema accepts (1..999, no leading 0)


@dataclass(frozen=True)
class Related:
    number: int  # N of related_articleN
    key: str  # "related_articleN"
    entry: Any  # the value under the key; a dict for a well-formed entry

    def text(self, name: str) -> str | None:
        """The entry's string field `name`, or None when absent or not a string."""
        value = self.entry.get(name) if isinstance(self.entry, dict) else None
        return value if isinstance(value, str) else None

    def int_id(self) -> int | None:
        value = self.entry.get("id") if isinstance(self.entry, dict) else None
        # bool is an int in Python, but `id: true` is the schema's problem, not an id.
        return value if isinstance(value, int) and not isinstance(value, bool) else None


def related_entries(doc: Document) -> list[Related]:
    """Every `related_articleN` of the record, in numeric order (not file order); computed
    once per record and shared by the rules that ask."""
    if "related" in doc.memo:
        return doc.memo["related"]
    found = []
    for key, entry in doc.data.items():
        match = RELATED_KEY.fullmatch(key) if isinstance(key, str) else None
        if match:
            found.append(Related(int(match.group(1)), key, entry))
    doc.memo["related"] = sorted(found, key=lambda related: related.number)
    return doc.memo["related"]


def number(value: Any) -> bool:
    """True for a YAML int or float; bools are excluded (the schema reports them)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def source(doc: Document, span: Span) -> str:
    """The value as written in the file, for messages ('-1.0' rather than Python's -1.0)."""
    return doc.text[span.start_offset : span.end_offset]
