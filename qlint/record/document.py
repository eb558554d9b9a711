"""Read one record file into a Document: text, front matter, YAML node tree, values, spans.

Parsing never raises. A file that cannot be read, has no front matter, or holds broken YAML
becomes a Document whose `problem` says what went wrong and where; the rules turn that into
diagnostics, so the engine itself knows no rule names.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from qlint.diagnostics import Span
from qlint.record.yamlload import compose, construct_values

FieldPath = tuple  # ("seo", "title"), ("related_article3", "url"), () for the root mapping

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_OPENING_FENCE = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
_BOM = "\ufeff"
_WHOLE_LINE = re.compile(r".+")
_RUN_PATTERNS = {'"': re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|[^\\]+"), "'": re.compile(r"[^']+")}
_MAX_DEPTH = 32  # spans are recorded this deep; deeper nesting is not a record's shape


def split_lines(text: str) -> list[str]:
    """The file's lines as qlint numbers them: \n, \r\n and \r end a line, nothing else."""
    # Without a \r the only break is \n, and str.split is five times faster than the regex.
    return text.split("\n") if "\r" not in text else _LINE_BREAK.split(text)


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
        for number, line in enumerate(_LINE_BREAK.split(self.doc.text[first:last])):
            line_start, position = position, position + len(line)
            position += len(_LINE_BREAK.match(self.doc.text, position)[0]) if position < last else 0
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
    memo: dict[str, Any] = field(default_factory=dict, repr=False)  # per-file results shared by rules
    _line_starts: list[int] | None = field(default=None, repr=False)

    # ----- positions -------------------------------------------------------------------
    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; \\n, \\r\\n and \\r end lines."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
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


    def plain_breaks(self) -> bool:
        """True when the YAML text has no NEL, LS or PS: YAML counts those as line breaks and
        this file's line numbers do not, so only then do libyaml's marks give file lines."""
        if "plain_breaks" not in self.memo:
            yaml_text = self.text[self.front_matter_start : self.front_matter_end]
            self.memo["plain_breaks"] = not any(ch in yaml_text for ch in "\x85\u2028\u2029")
        return self.memo["plain_breaks"]

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    def release(self) -> None:
        """Drop the field spans and memo: each span points back at its document, and a run
        over 100k files should free every document as soon as it is done, not leave 100k
        cycles to the garbage collector (measured: a fifth of a worker's time)."""
        self.fields.clear()
        self.memo.clear()


def read_document(path: Path, display_path: str | None = None, data: bytes | None = None) -> Document:
    doc = Document(path=path, display_path=display_path or str(path))
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            doc.problem = Problem(ProblemKind.UNREADABLE, f"cannot read file: {exc.strerror or exc}")
            return doc
    parse_bytes(doc, data)
    return doc


def parse_bytes(doc: Document, data: bytes) -> None:
    if data.startswith(b"\xef\xbb\xbf"):
        doc.bom, data = True, data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:  # text files never hold NUL; report the file as a whole, at 1:1
        doc.problem = Problem(ProblemKind.UNREADABLE, f"binary file: NUL byte at byte offset {nul + 3 * doc.bom}")
        return
    try:
        doc.text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Keep the readable prefix so the position of the first bad byte can be reported.
        doc.text = data[: exc.start].decode("utf-8", "replace")
        where = len(doc.text)
        byte = data[exc.start]
        doc.problem = Problem(
            ProblemKind.UNREADABLE,
            f"not valid UTF-8: byte 0x{byte:02x} at byte offset {exc.start + 3 * doc.bom}"
            " (is the file saved in another encoding, or binary?)",
            where,
            where,
        )
        return
    _split_front_matter(doc)
    if doc.problem is None:
        _parse_yaml(doc)


def _split_front_matter(doc: Document) -> None:
    text = doc.text
    if not text or text.isspace():  # (strip() would copy the whole file to say so)
        doc.problem = Problem(ProblemKind.NO_FRONT_MATTER, "file is empty: expected front matter opened by '---'")
        return
    opening = _OPENING_FENCE.match(text)
    if opening is None:
        end = _LINE_BREAK.search(text)
        doc.problem = Problem(
            ProblemKind.NO_FRONT_MATTER,
            "no front matter: the file must start with a '---' line",
            0,
            end.start() if end else len(text),
        )
        return
    closing = _closing_fence(text, opening.end())
    if closing is None:
        doc.problem = Problem(
            ProblemKind.NO_FRONT_MATTER, "front matter is never closed: no second '---' line", 0, 3
        )
        return
    doc.front_matter_start = opening.end()
    doc.front_matter_end, doc.body_start = closing


def _closing_fence(text: str, start: int) -> tuple[int, int] | None:
    """(start, end) of the first `---` line at or after `start`, its line break included.

    str.find instead of a regex with a look-behind: a record is one 5 KB front matter,
    and a regex tries every character of it."""
    found = start - 1
    while (found := text.find("---", found + 1)) >= 0:
        if text[found - 1] not in "\r\n":
            continue
        end = found + 3
        while end < len(text) and text[end] in " \t":
            end += 1
        if end == len(text) or text[end] == "\n":
            return found, min(end + 1, len(text))
        if text[end] == "\r":
            return found, end + 2 if text.startswith("\n", end + 1) else end + 1
    return None


_YAML_ERRORS = (yaml.YAMLError, RecursionError, ValueError, OverflowError, TypeError)


def _parse_yaml(doc: Document) -> None:
    try:
        doc.node = compose(doc.text[doc.front_matter_start : doc.front_matter_end])
    except _YAML_ERRORS as exc:
        _yaml_problem(doc, exc)
        return
    if doc.node is None:
        doc.problem = Problem(ProblemKind.NO_FRONT_MATTER, "front matter is empty", 0, 3)
        return
    unusual: list[yaml.Node] = []
    doc.data = _walk(doc, doc.node, (), None, 0, {}, unusual)
    if unusual:
        # Rare YAML (merge keys, explicit tags, complex keys): PyYAML's safe constructor
        # builds the values, or refuses them; the spans recorded by the walk stay.
        try:
            doc.data = construct_values(doc.node)
        except _YAML_ERRORS as exc:
            _yaml_problem(doc, exc, unusual[0])


def _yaml_problem(doc: Document, exc: Exception, node: yaml.Node | None = None) -> None:
    base = doc.front_matter_start
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    mark = mark or (node.start_mark if node is not None else None)
    where = min(base + mark.index, doc.front_matter_end) if mark is not None else base
    if isinstance(exc, yaml.reader.ReaderError):
        # A character YAML refuses. libyaml reports a byte position; find the character.
        found = doc.text.find(chr(exc.character), base, doc.front_matter_end) if isinstance(exc.character, int) else -1
        where = found if found >= 0 else base
    if isinstance(exc, RecursionError):
        message = "nesting too deep"
    elif isinstance(exc, yaml.MarkedYAMLError):
        message = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
    else:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    doc.problem = Problem(ProblemKind.YAML, f"invalid YAML: {message}", where, where)


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
    if not doc.plain_breaks():
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
    if not doc.plain_breaks():
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


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_INT = "tag:yaml.org,2002:int"
_SCALAR_BUILDERS = {
    tag: yaml.constructor.SafeConstructor.yaml_constructors[tag]
    for tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null")
}
_BUILDER = yaml.constructor.SafeConstructor()


def _walk(
    doc: Document, node: yaml.Node, path: FieldPath, key: yaml.Node | None, depth: int, built: dict, unusual: list
) -> Any:
    """Record the span of `node` and of every field below it, note duplicate keys, and
    build the node's Python value: one pass over the tree, no second parse.

    Nodes the fast path does not build (explicit tags, merge keys, complex keys) are
    appended to `unusual`; the caller then lets PyYAML's safe constructor build the values."""
    if depth <= _MAX_DEPTH:
        doc.fields[path] = FieldSpan(doc, node, key)
    if id(node) in built:  # an alias: the same node again, built once (no "billion laughs")
        return built[id(node)]
    value: Any = None
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:
            value = node.value
        elif node.tag == _INT and node.value.isdigit() and node.value.isascii() and node.value[0] != "0":
            value = int(node.value)  # an id: what PyYAML's int constructor gives, without its steps
        elif node.tag in _SCALAR_BUILDERS:
            value = _SCALAR_BUILDERS[node.tag](_BUILDER, node)
    elif isinstance(node, yaml.SequenceNode):
        value = built[id(node)] = []
        for index, item in enumerate(node.value):
            value.append(_walk(doc, item, path + (index,), None, depth + 1, built, unusual))
    elif isinstance(node, yaml.MappingNode):
        value = built[id(node)] = {}
        _walk_mapping(doc, node, path, depth, built, unusual, value)
    if node.tag not in (_STR, _SEQ, _MAP) and node.tag not in _SCALAR_BUILDERS:
        unusual.append(node)
    built[id(node)] = value
    return value


_KEY_TAGS = frozenset((_STR, *_SCALAR_BUILDERS))


def _walk_mapping(doc: Document, node: yaml.MappingNode, path: FieldPath, depth: int, built, unusual, value) -> None:
    first_seen: dict[str, yaml.Node] = {}
    base = doc.front_matter_start
    fields, record = doc.fields, depth + 1 <= _MAX_DEPTH
    for key, item in node.value:
        if key.__class__ is not yaml.ScalarNode or key.tag not in _KEY_TAGS:
            unusual.append(key)
            continue
        if key.tag == _STR and item.__class__ is yaml.ScalarNode and item.tag == _STR and key.value not in first_seen:
            # The common case (a string key with a string value), without a call per value.
            first_seen[key.value] = key
            if record:
                fields[path + (key.value,)] = FieldSpan(doc, item, key)
            value[key.value] = item.value
            continue
        if key.value in first_seen:
            first = first_seen[key.value]
            doc.duplicates.append(
                DuplicateKey(
                    path + (key.value,),
                    doc.span(base + first.start_mark.index, base + first.end_mark.index),
                    doc.span(base + key.start_mark.index, base + key.end_mark.index),
                )
            )
        first_seen[key.value] = key
        name = key.value if key.tag == _STR else _SCALAR_BUILDERS[key.tag](_BUILDER, key)
        value[name] = _walk(doc, item, path + (key.value,), key, depth + 1, built, unusual)
