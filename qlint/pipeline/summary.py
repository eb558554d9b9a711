"""What the corpus index keeps of a record: its summary and the detail of where things are.

A worker summarizes each record from the same parse the record rules use (never a second
parse). The summary (id, url, title, subject, its links) is what cross-record rules reason
about, for every record. The detail says where the values they report on are written, and
holds the source of those lines, for positions, fixes and excerpts: only the few records a
rule reports on are asked for it, so it stays in wire form (and in the cache) until then.
Both have a wire form of plain values, the cheapest to send between processes and to store.
"""

from __future__ import annotations

import bisect
import marshal
import sys
import zlib
from typing import Any, NamedTuple

import yaml

from qlint.diagnostics import SourceLine, Span
from qlint.fixing.value_edits import block_indent
from qlint.record.aliases import AliasNotes
from qlint.record.document import Document, FieldSpan, block_span
from qlint.record.schema import RELATED_KEY

LINK_FIELDS = ("id", "title", "subject", "url")


class Link(NamedTuple):
    """One `related_articleN` of a record: its values as written (any plain type)."""

    number: int
    id: Any
    title: Any
    subject: Any
    url: Any


class Slot(NamedTuple):
    """Where one value sits and how it is written, so a fix can replace it."""

    span: Span
    style: str | None  # None plain, "'", '"', ">" or "|"
    header: str  # a block scalar's header line (">-")
    indent: int  # a block scalar's content indentation


class RecordSummary(NamedTuple):
    id: Any
    url: Any
    title: Any
    subject: Any
    answer_digest: int  # compared between records with the same id and slug (cross-listed copies)
    links: tuple[Link, ...] | bytes  # in wire form until first read (see Entry.links)

    def to_wire(self) -> bytes:
        """(id, url, the rest in wire form, its checksum). A pre-commit run loads every
        record's summary to find links by url and id, and reads the rest of a few: the rest
        stays in wire form until asked for (see Entry), its links even longer. The checksum
        finds a damaged cache row when it is loaded, not when a rule reads it."""
        links = marshal.dumps(tuple(tuple(link) for link in self.links))
        rest = marshal.dumps((self.title, self.subject, self.answer_digest, links))
        return marshal.dumps((self.id, self.url, rest, zlib.crc32(rest)))

    @staticmethod
    def keys_from_wire(blob: bytes) -> tuple[Any, Any, bytes]:
        """(id, url, the rest in wire form) of the summary in `blob`; ValueError (or
        TypeError...) when the blob is damaged."""
        ident, url, rest, checksum = marshal.loads(blob)
        if type(rest) is not bytes or zlib.crc32(rest) != checksum:
            raise ValueError("damaged summary")
        return ident, url, rest

    @staticmethod
    def rest_from_wire(rest: bytes) -> tuple[Any, Any, int, bytes]:
        """(title, subject, answer digest, links in wire form) of a rest that keys_from_wire
        passed (its checksum held: it decodes)."""
        return marshal.loads(rest)


def made_links(raw: tuple) -> tuple[Link, ...]:
    """Links from their wire form (a tuple of 5-tuples)."""
    # A link repeats its target's url, title and subject: interned, each text is held once
    # however many records link to it (a third of the index's memory).
    made = []
    for number, linked_id, linked_title, linked_subject, linked_url in raw:
        if type(linked_url) is str and type(linked_title) is str and type(linked_subject) is str:
            linked_title, linked_subject, linked_url = _intern(linked_title), _intern(linked_subject), _intern(linked_url)
        made.append(_new_link((number, linked_id, linked_title, linked_subject, linked_url)))
    return tuple(made)


def _new_link(values: tuple) -> Link:
    return tuple.__new__(Link, values)  # Link(*values) without the keyword handling: 100k records


_intern = sys.intern


class RecordDetail:
    """Where a record's `id` and `url`, and each link's key and values, are written.

    Wire form: (slots, pieces). `slots` maps "id", "url" and each link's number (to a
    mapping of "key" and its values' names) to (span, style, header, indent), a block
    scalar's header and indentation left as None to be worked out when asked. `pieces` are
    (offset, text) of the source around them: the lines of `id` and `url`, and each link
    from its key's line to its end. A record with aliases adds a third item, its AliasNotes:
    a value reached through an alias is placed at the alias, and reported as from its anchor."""

    __slots__ = ("slots", "pieces", "_starts", "aliases")

    def __init__(self, slots: dict, pieces: tuple, aliases: AliasNotes | None = None) -> None:
        self.slots, self.pieces, self.aliases = slots, pieces, aliases
        self._starts = [offset for offset, _ in pieces]

    @classmethod
    def from_wire(cls, blob: bytes) -> "RecordDetail":
        """ValueError (or TypeError...) when the blob is damaged."""
        slots, pieces, *aliases = marshal.loads(blob)  # the alias notes of a record with aliases
        if not isinstance(slots, dict) or not all(type(p) is tuple and len(p) == 2 for p in pieces):
            raise ValueError("malformed detail")
        return cls(slots, pieces, AliasNotes(*aliases[0]) if aliases else None)

    def slot(self, name: str, number: int | None = None) -> Slot | None:
        """Where the record's own `name` (or related_article<number>'s) is written."""
        raw = self.slots.get(name) if number is None else self.slots.get(number, {}).get(name)
        return self._finished(raw) if raw else None

    def key_span(self, number: int) -> Span | None:
        raw = self.slots.get(number, {}).get("key")
        return Span(*raw) if raw else None

    def source_line(self, span: Span) -> SourceLine | None:
        """The source line holding `span`'s start, if a piece holds it."""
        piece = self._piece(span.start_offset, span.start_offset)
        return SourceLine.of(piece[1], span._replace(start_offset=span.start_offset - piece[0])) if piece else None

    def _piece(self, start: int, end: int) -> tuple[int, str] | None:
        found = bisect.bisect_right(self._starts, start) - 1
        if found < 0:
            return None
        offset, text = self.pieces[found]
        return (offset, text) if end <= offset + len(text) else None

    def _finished(self, raw: tuple) -> Slot | None:
        """The slot, a block scalar's end, header and indentation worked out from its piece."""
        (line, column, end_line, end_column, start, end), style, header, indent = raw
        if header is not None:
            return Slot(Span(line, column, end_line, end_column, start, end), style, header, indent)
        piece = self._piece(start, end)
        if piece is None:
            return None
        offset, text = piece
        local = block_span(text, line, column, start - offset, end - offset)
        header, indent = _block_layout(text, start - offset, local.end_offset)
        return Slot(local._replace(start_offset=start, end_offset=local.end_offset + offset), style, header, indent)


def summarize(doc: Document) -> tuple[RecordSummary, bytes] | None:
    """(summary, detail in wire form) of a parsed record, or None when the file has no usable
    front matter."""
    if not doc.parsed:
        return None
    data, fields, text = doc.data, doc.fields, doc.text
    slot, pieces = _slot_reader(doc), []
    slots: dict[Any, Any] = {}
    for name in ("id", "url"):
        if found := slot((name,)):
            slots[name] = found
            pieces.append(_lines(text, found[0][4] - (found[0][1] - 1), found[0][5]))
    links = []
    for key, value in data.items():
        if not (isinstance(key, str) and key.startswith("related_article") and isinstance(value, dict)):
            continue
        match = RELATED_KEY.fullmatch(key)
        if match is None or (key,) not in fields:
            continue
        number = int(match.group(1))
        get = value.get
        links.append((number, _plain(get("id")), _plain(get("title")), _plain(get("subject")), _plain(get("url"))))
        entry = fields[(key,)]
        key_span = _node_span(doc, entry.key_node) if doc.plain_breaks and not doc.aliases else tuple(entry.key)
        where: dict[str, Any] = {"key": key_span}
        for name in LINK_FIELDS:
            if found := slot((key, name)):
                where[name] = found
        slots[number] = where
        end = doc.front_matter_start + entry.node.end_mark.index if not doc.aliases else entry.value.end_offset
        pieces.append(_lines(text, key_span[4] - (key_span[1] - 1), end))
    links.sort(key=lambda link: link[0])
    answer = data.get("answer")
    # Only compared between records with the same id and slug: a CRC is enough, and cheap.
    digest = zlib.crc32(answer.encode("utf-8", "surrogatepass")) if isinstance(answer, str) else -1
    plain = [_plain(data.get(name)) for name in ("id", "url", "title", "subject")]
    pieces.sort()
    wire = (slots, tuple(pieces)) if not doc.aliases else (slots, tuple(pieces), tuple(AliasNotes.of(doc)))
    return RecordSummary(*plain, digest, tuple(links)), marshal.dumps(wire)


def _slot_reader(doc: Document):
    """slot(path) -> the raw slot of the scalar at `path`, or None."""
    # A value reached through an alias is placed at the alias, not at its node's marks.
    fields, marks_are_spans = doc.fields, doc.plain_breaks and not doc.aliases

    def slot(path: tuple) -> tuple | None:
        # Run for some 25 values of every record: the common case (a value that is not a
        # block scalar, in a file whose line breaks libyaml counts like we do) reads its
        # span straight from the node's marks.
        found = fields.get(path)
        if found is None:
            return None
        node = found.node
        if marks_are_spans and node.__class__ is yaml.ScalarNode:
            if node.style in (">", "|"):
                # A block scalar (every link title): its marks only, finished from its
                # piece of source when a rule asks for it (few are). Working out its end,
                # header and indentation here was a twentieth of checking a record.
                return _node_span(doc, node), node.style, None, None
            return _node_span(doc, node), node.style or None, "", 2
        return _raw_slot(doc, path)

    return slot


def _node_span(doc: Document, node: yaml.Node) -> tuple:
    """A node's span from its marks (in a file whose line breaks libyaml counts as qlint
    does); the YAML text starts on line 2."""
    base, start, end = doc.front_matter_start, node.start_mark, node.end_mark
    return (2 + start.line, start.column + 1, 2 + end.line, end.column + 1, base + start.index, base + end.index)


def _raw_slot(doc: Document, path: tuple) -> tuple | None:
    """The finished slot of the scalar at `path` (span as 6 ints, style, header, indent)."""
    found = doc.fields.get(path)
    if found is None:
        return None
    node = found.node
    style = node.style or None if isinstance(node, yaml.ScalarNode) and type(found) is FieldSpan else None
    span, header, indent = found.value, "", 2
    if style in (">", "|"):
        header, indent = _block_layout(doc.text, span.start_offset, span.end_offset)
    return tuple(span), style, header, indent


def _block_layout(text: str, start: int, end: int) -> tuple[str, int]:
    """(header, content indentation) of the block scalar text[start:end]."""
    breaks = [i for i in (text.find("\n", start, end), text.find("\r", start, end)) if i >= 0]
    return text[start : min(breaks) if breaks else end].strip(), block_indent(text, start, end)


def _lines(text: str, start: int, end: int) -> tuple[int, str]:
    """(start, text[start:stop]): from `start` (a line start) through `end`, and on to the
    end of the line `end` is in, unless `end` is at a line start."""
    at_line_start = end == 0 or text[end - 1] in "\r\n"
    return start, text[start : end if at_line_start else _line_end(text, end)]


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    carriage_return = text.find("\r", offset, end)  # (only up to the line feed: not the whole file)
    return end if carriage_return < 0 else carriage_return


def _plain(value: Any) -> Any:
    """Keep plain scalars; anything else (lists, mappings) is not a usable value here."""
    return value if isinstance(value, (str, int, float, bool)) or value is None else None
