"""Shared helpers of the related-article rules (Q4xx) and the score rules (Q30x).

Not a rule (the leading underscore keeps it out of discovery).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from qlint.diagnostics import Span
from qlint.record.document import Document
from qlint.record.schema import RELATED_KEY  # the same key syntax the schema accepts (1..999, no leading 0)


class Related(NamedTuple):
    number: int  # N of related_articleN
    key: str  # "related_articleN"
    entry: Any  # the value under the key; a dict for a well-formed entry
    # The fields several rules read, worked out once when the entry is listed.
    url: str | None  # the entry's `url` when it is a string
    subject: str | None  # its `subject` when it is a string
    ident: int | None  # its `id` when it is an int

    @classmethod
    def of(cls, number: int, key: str, entry: Any) -> "Related":
        if not isinstance(entry, dict):
            return cls(number, key, entry, None, None, None)
        url, subject, ident = entry.get("url"), entry.get("subject"), entry.get("id")
        # bool is an int in Python, but `id: true` is the schema's problem, not an id.
        return cls(
            number,
            key,
            entry,
            url if isinstance(url, str) else None,
            subject if isinstance(subject, str) else None,
            ident if isinstance(ident, int) and not isinstance(ident, bool) else None,
        )


def related_entries(doc: Document) -> list[Related]:
    """Every `related_articleN` of the record, in numeric order (not file order); computed
    once per record and shared by the rules that ask."""
    if "related" in doc.memo:
        return doc.memo["related"]
    found = []
    for key, entry in related_like(doc):
        match = RELATED_KEY.fullmatch(key)
        if match:
            found.append(Related.of(int(match.group(1)), key, entry))
    doc.memo["related"] = sorted(found, key=lambda related: related.number)
    return doc.memo["related"]


def related_like(doc: Document) -> list[tuple[str, Any]]:
    """(key, value) of every top-level key starting with `related_article`, in file order:
    the entries, and keys such as `related_article0` that only look like one. Found in one
    pass over the record's keys, shared by the rules and helpers that look for entries."""
    found = doc.memo.get("related_like")
    if found is None:
        found = doc.memo["related_like"] = [
            (key, value)
            for key, value in doc.data.items()
            if isinstance(key, str) and key.startswith("related_article")
        ]
    return found


def number(value: Any) -> bool:
    """True for a YAML int or float; bools are excluded (the schema reports them)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def source(doc: Document, span: Span) -> str:
    """The value as written in the file, for messages ('-1.0' rather than Python's -1.0)."""
    return doc.text[span.start_offset : span.end_offset]
