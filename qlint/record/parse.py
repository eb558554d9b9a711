"""Making Documents: bytes or text in, a Document out, never an exception.

The text is decoded (a UTF-8 BOM noted and dropped), the front matter found between its
`---` fences and composed once with libyaml; one walk over the node tree then records every
field's span, notes repeated keys and builds the values. A file that is not UTF-8, has no
front matter or holds broken YAML gets a `problem` instead, with its position.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

from qlint.record.aliases import find_uses, may_have_anchor, record_aliased_fields
from qlint.record.config import DEFAULT_SITE, SiteConfig
from qlint.record.document import LINE_BREAK, Document, DuplicateKey, FieldPath, FieldSpan, Problem, ProblemKind
from qlint.record.yamlload import compose, construct_values

_OPENING_FENCE = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
MAX_SPAN_DEPTH = 32  # spans are recorded this deep; deeper nesting is not a record's shape


def parse_document(data: bytes, path: Path, display: str | None = None, site: SiteConfig = DEFAULT_SITE) -> Document:
    """The Document of a file's bytes (`display`: its path as reports show it)."""
    doc = Document(path, display or str(path), site=site)
    _parse_bytes(doc, data)
    return doc


def parse_text(
    text: str, path: Path, display: str | None = None, bom: bool = False, site: SiteConfig = DEFAULT_SITE
) -> Document:
    """The Document of a record given as text (`bom`: the file starts with a UTF-8 BOM)."""
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass")
    return parse_document(data, path, display, site)


def unreadable(path: Path, display: str, message: str, site: SiteConfig = DEFAULT_SITE) -> Document:
    """The Document of a file that could not be read at all."""
    return Document(path, display, problem=Problem(ProblemKind.UNREADABLE, message), site=site)


def _parse_bytes(doc: Document, data: bytes) -> None:
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
        end = LINE_BREAK.search(text)
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
    yaml_text = doc.text[doc.front_matter_start : doc.front_matter_end]
    try:
        doc.node = compose(yaml_text)
    except _YAML_ERRORS as exc:
        _yaml_problem(doc, exc)
        return
    if doc.node is None:
        doc.problem = Problem(ProblemKind.NO_FRONT_MATTER, "front matter is empty", 0, 3)
        return
    unusual: list[yaml.Node] = []
    try:
        doc.data = _walk(doc, doc.node, (), None, 0, {}, unusual)
    except _UnreadableScalar as exc:
        where = doc.front_matter_start + exc.node.start_mark.index
        doc.problem = Problem(ProblemKind.YAML, str(exc), where, where)
        doc.data = None
        return
    uses = find_uses(doc, yaml_text) if may_have_anchor(yaml_text) else {}
    if uses or any(node.tag == _MERGE for node in unusual):
        # Before the constructor below flattens merge keys into the tree.
        doc.aliases = tuple(sorted(uses.values(), key=lambda use: use.start))
        record_aliased_fields(doc, uses, MAX_SPAN_DEPTH)
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


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_INT = "tag:yaml.org,2002:int"
_MERGE = "tag:yaml.org,2002:merge"
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
    if depth <= MAX_SPAN_DEPTH:
        doc.fields[path] = FieldSpan(doc, node, key)
    if id(node) in built:  # an alias: the same node again, built once (no "billion laughs")
        return built[id(node)]
    value: Any = None
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:
            value = node.value
        else:
            value = _scalar(node)
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


class _UnreadableScalar(ValueError):
    """A scalar that is valid YAML but that Python will not build (an integer of more
    digits than `sys.get_int_max_str_digits()`, whose limit guards against slow parsing)."""

    def __init__(self, node: yaml.ScalarNode, message: str) -> None:
        super().__init__(message)
        self.node = node


def _scalar(node: yaml.ScalarNode) -> Any:
    """The value of a plain-data scalar that is not a string (None for unknown tags)."""
    try:
        if node.tag == _INT and node.value.isdigit() and node.value.isascii() and node.value[0] != "0":
            return int(node.value)  # an id: what PyYAML's int constructor gives, without its steps
        if node.tag in _SCALAR_BUILDERS:
            return _SCALAR_BUILDERS[node.tag](_BUILDER, node)
    except ValueError:
        digits, limit = sum(c.isdigit() for c in node.value), getattr(sys, "get_int_max_str_digits", lambda: 0)()
        if not limit or digits <= limit:
            raise  # not the length limit: a bug to hear of
        raise _UnreadableScalar(node, f"a number of {digits} digits: too long to read (at most {limit})") from None
    return None


def _walk_mapping(doc: Document, node: yaml.MappingNode, path: FieldPath, depth: int, built, unusual, value) -> None:
    first_seen: dict[str, yaml.Node] = {}
    base = doc.front_matter_start
    fields, record = doc.fields, depth + 1 <= MAX_SPAN_DEPTH
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
        name = key.value if key.tag == _STR else _scalar(key)
        value[name] = _walk(doc, item, path + (key.value,), key, depth + 1, built, unusual)
