"""The one result type every check produces: a Diagnostic, optionally carrying a Fix.

Offsets are character offsets into the file's decoded text (a UTF-8 BOM, if any, is not
counted); lines and columns are 1-based and count characters. A Fix is a list of Edits on
that same original text, so a fixer can apply them without re-reading anything.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, NamedTuple


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Applicability(str, enum.Enum):
    SAFE = "safe"  # applied by `qlint fix`
    UNSAFE = "unsafe"  # applied only with --unsafe-fixes: may change meaning or a public url


class Span(NamedTuple):
    """Where something is in a file. A named tuple: immutable, ordered, and the cheapest
    object to make, which counts when a cached report of 50,000 diagnostics is loaded."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int
    start_offset: int
    end_offset: int


class SourceLine(NamedTuple):
    """The source line a diagnostic starts on, as the text report shows it: a window of up
    to REACH characters either side of the start column (records hold lines of thousands of
    characters). Made where the record's text is at hand, so no report reads a file again."""

    text: str  # line[start : start + len(text)]
    start: int  # where `text` begins in the line (a 0-based column)
    length: int  # the whole line's length

    REACH = 72

    @classmethod
    def of(cls, text: str, span: Span) -> "SourceLine | None":
        """The line of `text` holding span's start; None when the span is not in `text`."""
        offset = span.start_offset
        line_start = offset - (span.start_column - 1)
        if not 0 <= line_start <= offset <= len(text):
            return None
        line_end = text.find("\n", offset)
        line_end = len(text) if line_end < 0 else line_end
        carriage_return = text.find("\r", offset, line_end)
        line_end = line_end if carriage_return < 0 else carriage_return
        first = max(line_start, offset - cls.REACH)
        return cls(text[first : min(line_end, offset + cls.REACH)], first - line_start, line_end - line_start)


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] of the original text by `content`."""

    start: int
    end: int
    content: str


@dataclass(frozen=True)
class Fix:
    applicability: Applicability
    edits: tuple[Edit, ...]
    # The fields (dotted paths) whose values the fix may change; None: its diagnostic's
    # field. The fixer rejects a fix that changes anything else. () for a fix that changes
    # no value (removing a comment).
    scope: tuple[str, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "applicability": self.applicability.value,
            "edits": [{"start": e.start, "end": e.end, "content": e.content} for e in self.edits],
        }


@dataclass(frozen=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    path: str
    span: Span
    field: str | None = None  # dotted field path, e.g. "related_article3.url"
    fix: Fix | None = dataclass_field(default=None, compare=False)
    source: SourceLine | None = dataclass_field(default=None, compare=False, repr=False)

    def sort_key(self) -> tuple:
        return (self.path, self.span.start_line, self.span.start_column, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        """The JSON output contract: exactly these keys, in this order."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "line": self.span.start_line,
            "column": self.span.start_column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "field": self.field,
            "fix": self.fix.to_dict() if self.fix else None,
        }


    def with_source(self, source: SourceLine | None) -> "Diagnostic":
        s = self
        return made_diagnostic(s.code, s.name, s.severity, s.message, s.path, s.span, s.field, s.fix, source)

    def with_fix(self, fix: Fix | None) -> "Diagnostic":
        s = self
        return made_diagnostic(s.code, s.name, s.severity, s.message, s.path, s.span, s.field, fix, s.source)

    def to_wire(self) -> tuple:
        """A compact form of plain tuples for the cache and for worker processes (marshal
        and pickle both handle it fast); the path is left out (it depends on the cwd)."""
        s, fix = self.span, self.fix
        edits = (fix.applicability.value, tuple((e.start, e.end, e.content) for e in fix.edits), fix.scope) if fix else None
        span = (s.start_line, s.start_column, s.end_line, s.end_column, s.start_offset, s.end_offset)
        source = tuple(self.source) if self.source is not None else None
        return (self.code, self.name, self.severity.value, self.message, span, self.field, edits, source)

    @staticmethod
    def from_wire(row: tuple, path: str) -> "Diagnostic":
        """The Diagnostic of a row made by to_wire; ValueError, TypeError or KeyError when
        the row is damaged."""
        code, name, severity, message, span, field_path, fix, source = row
        if not (isinstance(code, str) and isinstance(message, str) and type(span) is tuple and len(span) == 6):
            raise ValueError("malformed diagnostic row")
        fix = Fix(_APPLICABILITIES[fix[0]], tuple(Edit(*e) for e in fix[1]), fix[2]) if fix else None
        source = _tuple_new(SourceLine, source) if source is not None else None
        span = _tuple_new(Span, span)
        return made_diagnostic(code, name, _SEVERITIES[severity], message, path, span, field_path, fix, source)


class Tally(NamedTuple):
    """The counts a report's summary gives."""

    files: int  # files checked
    problems: int
    files_with_problems: int
    safe_fixes: int  # problems `qlint fix` would fix
    unsafe_fixes: int  # problems only `qlint fix --unsafe-fixes` would fix

    @classmethod
    def of(cls, diagnostics: list[Diagnostic], files: int) -> "Tally":
        fixes = [d.fix.applicability for d in diagnostics if d.fix is not None]
        return cls(
            files,
            len(diagnostics),
            len({d.path for d in diagnostics}),
            fixes.count(Applicability.SAFE),
            fixes.count(Applicability.UNSAFE),
        )


_SEVERITIES = {s.value: s for s in Severity}  # a dict lookup: Severity(value) is slow in bulk
_APPLICABILITIES = {a.value: a for a in Applicability}


def made_diagnostic(code, name, severity, message, path, span, field_path=None, fix=None, source=None) -> Diagnostic:
    """Diagnostic(...) with every field given in order, for the hot paths (rules report
    50,000 times in a corpus run; a cached report is as many rows)."""
    # What the frozen dataclass's __init__ would do, without its nine object.__setattr__
    # calls: a third of the time.
    made = _new(Diagnostic)
    made.__dict__.update(
        code=code, name=name, severity=severity, message=message, path=path, span=span, field=field_path, fix=fix,
        source=source,
    )  # fmt: skip
    return made


_new, _tuple_new = object.__new__, tuple.__new__
