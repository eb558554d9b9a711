"""A record as the rules see it: its text, front matter, YAML node tree, values, and where
each field is (spans, worked out when asked for).

`qlint.record.parse` makes Documents; a file that cannot be read, has no front matter or
holds broken YAML is a Document whose `problem` says what went wrong and where.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import yaml

from qlint.diagnostics import Span
from qlint.record.config import DEFAULT_SITE, SiteConfig
from qlint.record.lazy import lazy

if TYPE_CHECKING:
    from qlint.record.facts import RecordFacts

FieldPath = tuple  # ("seo", "title"), ("related_article3", "url"), () for the root mapping

LINE_BREAK = re.compile(r"\r\n|\r|\n")
_WHOLE_LINE = re.compile(r".+")
_RUN_PATTERNS = {'"': re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|[^\\]+"), "'": re.compile(r"[^']+")}


def split_lines(text: str) -> list[str]:
    """The file's lines as qlint numbers them: \n, \r\n and \r end a line, nothing else."""
    # Without a \r the only break is \n, and str.split is five times faster than the regex.
    return text.split("\n") if "\r" not in text else LINE_BREAK.split(text)


class ProblemKind:
    UNREADABLE = "unreadable"
    NO_FRONT_MATTER = "no-front-matter"
    YAML = "yaml"


@dataclass(frozen=True)
class Problem:
    """Why the front matter could not be turned into values; `start`/`end` are offsets."""

    kind: str
    message: str
    start: int = 0
    end: int = 0


class FieldSpan:
    """Where one field sits in the file. Line/column spans are computed on first use:
    most fields of most files are never reported, and positions are the costly part."""

    __slots__ = ("doc", "node", "key_node", "_key", "_value", "_run_list")

    def __init__(self, doc: "Document", node: yaml.Node, key_node: yaml.Node | None) -> None:
        # Made for every node of every file: only references here, all counting is lazy.
        self.doc, self.node, self.key_node = doc, node, key_node
        self._key: Span | None = None
        self._value: Span | None = None
        self._run_list: list[tuple[int, int, int]] | None = None  # computed once, for locate()

    @property
    def key_start(self) -> int | None:
        return self.doc.front_matter_start + self.key_node.start_mark.index if self.key_node is not None else None

    @property
    def key_end(self) -> int | None:
        return self.doc.front_matter_start + self.key_node.end_mark.index if self.key_node is not None else None

    @property
    def key(self) -> Span | None:
        """The key's span; None for the root mapping and for sequence items."""
        if self._key is None and self.key_node is not None:
            self._key = _mark_span(self.doc, self.key_node)
        return self._key

    @property
    def value(self) -> Span:
        """The value's span; trailing blank lines of block scalars are not part of it."""
        if self._value is None:
            self._value = _value_span(self.doc, self.node)
        return self._value

    def locate(self, index: int, length: int = 0) -> Span:
        """The span in the file of value[index:index + length] of a string scalar.

        Each source line of the scalar (indentation, quotes and block header left out) is
        found, in order, in the value; a position inside such a run maps exactly. Where the
        value differs from the source (escapes in quoted scalars), the nearest run before it
        is used, so the span always lies within the value's own span."""
        if self._run_list is None:
            self._run_list = self._runs()
        runs = self._run_list
        start = _map_index(runs, index, self.value.start_offset)
        end = _map_index(runs, index + length, start) if length else start
        return self.doc.span(start, max(start, end))

    def _runs(self) -> list[tuple[int, int, int]]:
        """(value index, file offset, length) of each source line found in the value."""
        node = self.node
        if not isinstance(node, yaml.ScalarNode):
            return []
        first, last = self.value.start_offset, self.value.end_offset
        if node.style in ("'", '"'):
            first, last = first + 1, max(first + 1, last - 1)  # inside the quotes
        runs, cursor, position = [], 0, first
        for number, line in enumerate(LINE_BREAK.split(self.doc.text[first:last])):
            line_start, position = position, position + len(line)
            position += len(LINE_BREAK.match(self.doc.text, position)[0]) if position < last else 0
            if number == 0 and node.style in ("|", ">"):
                continue  # the block header
            # Escapes (`\t` in double quotes, `''` in single quotes) differ between source
            # and value: the runs between them are matched one by one.
            for piece in _RUN_PATTERNS.get(node.style, _WHOLE_LINE).finditer(line):
                content = piece.group().strip(" \t") if piece.group()[0] != "\\" else ""
                found = node.value.find(content, cursor) if content else -1
                if found >= 0:
                    lead = len(piece.group()) - len(piece.group().lstrip(" \t"))
                    runs.append((found, line_start + piece.start() + lead, len(content)))
                    cursor = found + len(content)
        return runs


class AliasUse(NamedTuple):
    """An alias (`*name`) in a front matter, and the anchor it names; offsets in the file."""

    name: str
    start: int  # of the `*`
    end: int
    anchor: int  # start of the anchored node (its `&name`)
    anchor_end: int


class AliasFieldSpan(FieldSpan):
    """A field reached through one or more aliases (`via`, outermost first). Its value, and
    its key unless the key is written beside the alias, are placed at the outermost alias:
    the anchor's text is where the value is written, not where this field is. `node` is the
    anchored node, as the tree holds it."""

    __slots__ = ("via", "own_key")

    def __init__(self, doc: "Document", node: yaml.Node, key_node: yaml.Node | None, via: tuple, own_key: bool) -> None:
        super().__init__(doc, node, key_node)
        self.via, self.own_key = via, own_key

    @property
    def key_start(self) -> int | None:
        return super().key_start if self.own_key or self.key_node is None else self.via[0].start

    @property
    def key_end(self) -> int | None:
        return super().key_end if self.own_key or self.key_node is None else self.via[0].end

    @property
    def key(self) -> Span | None:
        return super().key if self.own_key or self.key_node is None else self.value

    @property
    def value(self) -> Span:
        return self.doc.span(self.via[0].start, self.via[0].end)

    def locate(self, index: int, length: int = 0) -> Span:
        return self.value  # the whole alias: the text it stands for is elsewhere


class _ReleasedFields:
    """The fields of a released document (see Document.release): any use is a bug."""

    def _gone(self, *args: Any) -> Any:
        raise RuntimeError("this document was released: its fields are gone")

    __getattr__ = __getitem__ = __contains__ = __iter__ = __len__ = _gone

    def __repr__(self) -> str:
        return "<released>"


_RELEASED_FIELDS: Any = _ReleasedFields()


@dataclass(frozen=True)
class DuplicateKey:
    path: FieldPath
    first: Span
    again: Span


@dataclass
class Document:
    path: Path
    display_path: str
    text: str = ""
    bom: bool = False
    problem: Problem | None = None
    front_matter_start: int = 0  # offset of the first character of the YAML text
    front_matter_end: int = 0  # offset of the closing fence
    body_start: int = 0
    node: yaml.Node | None = None
    data: Any = None
    fields: dict[FieldPath, FieldSpan] = field(default_factory=dict)
    duplicates: list[DuplicateKey] = field(default_factory=list)
    aliases: tuple[AliasUse, ...] = ()  # every alias of the front matter, in file order
    site: SiteConfig = field(default_factory=lambda: DEFAULT_SITE, repr=False)  # the conventions its facts follow
    _line_starts: list[int] | None = field(default=None, repr=False)

    # ----- positions -------------------------------------------------------------------
    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; \\n, \\r\\n and \\r end lines."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in LINE_BREAK.finditer(self.text)]
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def span(self, start: int, end: int | None = None) -> Span:
        end = start if end is None else max(start, end)
        start_line, start_col = self.position(start)
        end_line, end_col = self.position(end)
        return Span(start_line, start_col, end_line, end_col, start, end)

    def byte_offset(self, offset: int) -> int:
        """Byte offset in the file (BOM included) of a character offset."""
        return len(self.text[:offset].encode("utf-8", "surrogatepass")) + (3 if self.bom else 0)

    # ----- values ----------------------------------------------------------------------
    @property
    def parsed(self) -> bool:
        """True when the front matter is a YAML mapping the rules can look into."""
        return self.problem is None and isinstance(self.data, dict)

    def value(self, path: FieldPath, default: Any = None) -> Any:
        current = self.data
        for part in path:
            if isinstance(current, dict) and part in current:
                current = current[part]
            elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
                current = current[part]
            else:
                return default
        return current

    def field_span(self, path: FieldPath) -> FieldSpan | None:
        """The span of `path`, or of its nearest recorded ancestor."""
        path = tuple(path)
        while path not in self.fields and path:
            path = path[:-1]
        return self.fields.get(path)

    @lazy
    def plain_breaks(self) -> bool:
        """True when the YAML text has no NEL, LS or PS: YAML counts those as line breaks and
        this file's line numbers do not, so only then do libyaml's marks give file lines."""
        yaml_text = self.text[self.front_matter_start : self.front_matter_end]
        return not any(ch in yaml_text for ch in "\x85\u2028\u2029")

    @lazy
    def facts(self) -> "RecordFacts":
        """What several rules want to know about this record, each worked out once."""
        from qlint.record.facts import RecordFacts  # (facts reads the schema, which reads documents)

        return RecordFacts(self)

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    def release(self) -> None:
        """Drop the field spans and facts: each points back at its document, and a run over
        100k files should free every document as soon as it is done, not leave 100k cycles
        to the garbage collector. A released document is done with: asking it for a field
        (or a fact, which reads the fields) raises, rather than quietly finding none."""
        self.fields = _RELEASED_FIELDS
        self.__dict__.pop("facts", None)


def _map_index(runs: list[tuple[int, int, int]], index: int, fallback: int) -> int:
    offset = fallback
    for value_index, file_offset, length in runs:
        if value_index > index:
            break
        offset = file_offset + min(index - value_index, length)
    return offset


def _value_span(doc: Document, node: yaml.Node) -> Span:
    if not (isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")):
        return _mark_span(doc, node)
    base = doc.front_matter_start
    start, end = base + node.start_mark.index, base + node.end_mark.index
    if not doc.plain_breaks:
        return doc.span(start, trimmed_block_end(doc.text, start, end))
    return block_span(doc.text, 2 + node.start_mark.line, node.start_mark.column + 1, start, end)


def block_span(text: str, line: int, column: int, start: int, end: int) -> Span:
    """The span of a block scalar that starts at `start` (on `line`, `column`) and that
    libyaml ends at `end`, in a text whose only line breaks are \n, \r\n and \r."""
    end = trimmed_block_end(text, start, end)
    # The trimmed end is counted over the value's own text only.
    segment = text[start:end]
    breaks = segment.count("\n") + segment.count("\r") - segment.count("\r\n")
    last = max(segment.rfind("\n"), segment.rfind("\r"))
    end_column = column + len(segment) if last < 0 else len(segment) - last
    return Span(line, column, line + breaks, end_column, start, end)


def _mark_span(doc: Document, node: yaml.Node) -> Span:
    """The span between a node's start and end marks."""
    base, start, end = doc.front_matter_start, node.start_mark, node.end_mark
    if not doc.plain_breaks:
        return doc.span(base + start.index, base + end.index)
    # libyaml's marks already hold line and column, and the YAML text always starts on
    # line 2, right after the opening fence.
    return Span(2 + start.line, start.column + 1, 2 + end.line, end.column + 1, base + start.index, base + end.index)


def trimmed_block_end(text: str, start: int, end: int) -> int:
    """Where the block scalar text[start:end] (as libyaml ends it) really ends."""
    # libyaml ends a block scalar at column 0 of the next non-blank line: drop the
    # trailing blank lines and the final line break, they are not the value's text.
    while True:
        stripped = end
        while stripped > start and text[stripped - 1] in "\r\n":
            stripped -= 1
        if stripped == end:
            break
        line_start = max(text.rfind("\n", start, stripped), text.rfind("\r", start, stripped), start - 1) + 1
        end = stripped
        if text[line_start:stripped].strip(" \t"):
            break  # a content line: its trailing spaces belong to the value
        end = line_start  # a blank line after the value: drop it too
    return end
