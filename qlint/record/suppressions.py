"""Suppression comments in the front matter.

    score: -1.0  # qlint: ignore[Q302] scores are filled in by the next import

silences the named rules (codes, prefixes or names) for the field whose key is on that
line (and anything reported on that line). As the first comment of the front matter,

    # qlint: ignore-file[Q505] this subject is new and not yet in the site's list

silences them for the whole file. Without `[...]` every rule is silenced. A suppression
that silences nothing is itself reported (unused-suppression), with a fix removing it.
This module finds the comments; `qlint.pipeline.decisions` applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


from qlint.diagnostics import SourceLine, Span
from qlint.record.document import Document
from qlint.record.nodes import ScalarSpans

_COMMENT = re.compile(r"(?:(?<=\s)|^)#[ \t]*qlint:[ \t]*(ignore-file|ignore)\b(?:\[([^\]]*)\])?([^\r\n]*)", re.M)
_ANY_COMMENT = re.compile(r"(?:(?<=\s)|^)#", re.M)


@dataclass
class Suppression:
    line: int
    selectors: tuple[str, ...] | None  # None: every rule
    whole_file: bool
    field: str | None  # the field whose key is on the comment's line
    span: Span  # the comment itself
    remove: tuple[int, int]  # what deleting the comment deletes (with its spaces, or its line)
    kind: str = "ignore"  # as written: "ignore" or "ignore-file"
    reason: str = ""  # the text after the brackets
    source: SourceLine | None = None  # the comment's line, for a report of it
    used: set[str] = field(default_factory=set)  # selectors that silenced something (see pipeline.decisions)

    def to_wire(self) -> tuple:
        source = tuple(self.source) if self.source is not None else None
        return (self.line, self.selectors, self.whole_file, self.field, tuple(self.span), self.remove, self.kind, self.reason, source)

    @classmethod
    def from_wire(cls, data: tuple) -> "Suppression":
        line, selectors, whole_file, field_path, span, remove, kind, reason, source = data
        selectors = tuple(selectors) if selectors is not None else None
        source = SourceLine(*source) if source is not None else None
        return cls(line, selectors, whole_file, field_path, Span(*span), tuple(remove), kind, reason, source)


def find_suppressions(doc: Document) -> list[Suppression]:
    """The suppression comments of a parsed document (comments inside values do not count)."""
    if doc.node is None or doc.text.find("qlint:", doc.front_matter_start, doc.front_matter_end) < 0:  # (no copy)
        return []
    start, end = doc.front_matter_start, doc.front_matter_end
    scalars = ScalarSpans(doc.node, doc.text, start)
    first_comment = next((m.start() + start for m in _ANY_COMMENT.finditer(doc.text[start:end]) if not _in_value(doc, scalars, m.start() + start)), None)
    keys_on_line = {f.key.start_line: path for path, f in doc.fields.items() if f.key is not None}
    found = []
    for match in _COMMENT.finditer(doc.text, start, end):
        if _in_value(doc, scalars, match.start()):
            continue
        whole_file = match.group(1) == "ignore-file"
        if whole_file and match.start() != first_comment:
            whole_file = False  # only the front matter's first comment can speak for the file
        selectors = tuple(s.strip() for s in match.group(2).split(",") if s.strip()) if match.group(2) is not None else None
        span = doc.span(match.start(), match.end())
        path = keys_on_line.get(span.start_line)
        found.append(
            Suppression(
                line=span.start_line,
                selectors=selectors,
                whole_file=whole_file,
                field=".".join(str(p) for p in path) if path else None,
                span=span,
                remove=_removal(doc, match.start(), match.end()),
                kind=match.group(1),
                reason=match.group(3),
                source=SourceLine.of(doc.text, span),
            )
        )
    return found


def _in_value(doc: Document, scalars: ScalarSpans, offset: int) -> bool:
    """True when `offset` is inside a scalar's text, at any depth (a `#` there is not a comment)."""
    found = scalars.holding(offset)
    if found is None:
        return False
    start, _, style = found
    if style in ("|", ">") and doc.position(offset)[0] == doc.position(start)[0]:
        return False  # a comment after a block scalar's header is a comment
    return True


def _removal(doc: Document, start: int, end: int) -> tuple[int, int]:
    line_start = max(doc.text.rfind("\n", 0, start), doc.text.rfind("\r", 0, start)) + 1
    if not doc.text[line_start:start].strip():
        # A comment alone on its line: remove the line and its line break.
        after = end + (2 if doc.text.startswith("\r\n", end) else 1 if doc.text[end : end + 1] in "\r\n" else 0)
        return line_start, after
    while start > line_start and doc.text[start - 1] in " \t":
        start -= 1  # with the spaces that separated it from the value
    return start, end
