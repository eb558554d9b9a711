"""The corpus index: a small summary of every record, enough to resolve links across records.

An entry is built from the same parse the record rules use (never a second parse), holds
only plain values and spans, and round-trips through `marshal` for the cache and the
worker processes (plain tuples: the cheapest form to send and to store). Documents are not
kept: 100k node trees would take gigabytes; 100k entries take tens of megabytes.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from dataclasses import dataclass
from typing import Any, Iterable, NamedTuple

import yaml

from qlint.diagnostics import Span
from qlint.record.document import Document, block_span
from qlint.fixing.value_edits import block_indent
from qlint.record.schema import RELATED_KEY

LINK_FIELDS = ("id", "title", "subject", "url")


@dataclass
class Slot:
    """Where one value sits and how it is written, so a fix can replace it later."""

    span: Span
    style: str | None = None  # None plain, "'", '"', ">" or "|"
    header: str = ""  # a block scalar's header line (">-")
    indent: int = 2  # a block scalar's content indentation


class Link(NamedTuple):
    """One `related_articleN` of a record: its values as written (any type)."""

    number: int
    id: Any
    title: Any
    subject: Any
    url: Any


class Entry:
    """One record in the index.

    The summary (ids, urls, titles, link values) is what rules reason about, for every
    record. The detail (where each value is written, for positions and fixes) is only
    needed for the few values a rule reports: it stays a marshalled blob (or, once the
    result cache holds it, is not kept at all and fetched from there) until a rule asks,
    so a run over 100k records does not hold millions of span objects."""

    __slots__ = ("path", "id", "url", "title", "subject", "answer_digest", "_links", "_detail", "source")

    def __init__(self, path: str, summary: tuple, detail: bytes | None = None, source: Any = None):
        """`summary` is (id, url, title, subject, answer digest, links): the links as a
        tuple of (number, id, title, subject, url), or marshalled (from the cache, where
        they are made on first use: a pre-commit run reads 36k entries and follows the
        links of one). `source`, if any, gives the detail when it is not kept here
        (`source.detail(path, fresh)`: from the cache, or by parsing the file again) and
        the links when their blob is damaged (`source.links(path)`)."""
        self.path = path
        self.id, url, title, subject, self.answer_digest, links = summary
        self.url, self.title, self.subject = _interned(url), _interned(title), _interned(subject)
        self._links: tuple[Link, ...] | bytes = links if type(links) is bytes else _made_links(links)
        self._detail: bytes | dict | None = detail
        self.source = source

    @property
    def links(self) -> tuple[Link, ...]:
        if type(self._links) is bytes:
            try:
                self._links = _made_links(marshal.loads(self._links))
            except (ValueError, TypeError, EOFError):  # a damaged cache must not change results
                self._links = _made_links(self.source.links(self.path)) if self.source is not None else ()
        return self._links

    @property
    def display_path(self) -> str:
        """As diagnostics show it; computed when asked (only reported entries are)."""
        return display_path(self.path, os.getcwd())

    @property
    def folder(self) -> str:
        return os.path.basename(os.path.dirname(self.path))

    @property
    def stem(self) -> str:
        return os.path.splitext(os.path.basename(self.path))[0]

    @property
    def link_urls(self) -> list[Any]:
        return [link.url for link in self.links]


    def slot(self, name: str, number: int | None = None) -> Slot | None:
        """Where the record's own `name` (or related_article<number>'s) is written."""
        detail = self._decoded()
        raw = detail.get(name) if number is None else detail.get(number, {}).get(name)
        return Slot(Span(*raw[0]), *raw[1:]) if raw else None

    def key_span(self, number: int) -> Span | None:
        raw = self._decoded().get(number, {}).get("key")
        return Span(*raw) if raw else None

    def drop_detail(self) -> None:
        """Forget the detail; the source gives it again when a rule asks."""
        if self.source is not None and not isinstance(self._detail, dict):
            self._detail = None

    def _decoded(self) -> dict:
        if isinstance(self._detail, dict):
            return self._detail
        blob = self._detail
        for fresh in (False, True):
            if blob is None and self.source is not None:
                blob = self.source.detail(self.path, fresh=fresh)
            try:
                detail = _checked_detail(marshal.loads(blob))
                if _unfinished(detail):
                    detail = _finished(detail, self.source.text(self.path) if self.source is not None else None)
                self._detail = detail
                return self._detail
            except (ValueError, TypeError, EOFError, IndexError, KeyError):
                blob = None  # damaged: next, parse the file afresh
        self._detail = {}  # nothing usable: the rules find no slot and report nothing here
        return self._detail


def display_path(path: str, cwd: str) -> str:
    """`path` relative to the working directory when it is below it, else absolute."""
    prefix = cwd.rstrip(os.sep) + os.sep
    shown = path[len(prefix) :] if path.startswith(prefix) else path
    return shown.replace(os.sep, "/")


_intern = sys.intern


def _made_links(raw: tuple) -> tuple[Link, ...]:
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


def _interned(value: Any) -> Any:
    return sys.intern(value) if type(value) is str else value


def _checked_detail(detail: Any) -> dict:
    """The detail as written by summarize, or ValueError."""
    if not isinstance(detail, dict):
        raise ValueError("detail is not a mapping")
    for name, value in detail.items():
        slots = [value] if name in ("id", "url") else [v for k, v in value.items() if k != "key"]
        for slot in slots:
            if not (isinstance(slot, tuple) and len(slot) == 4 and len(slot[0]) == 6):
                raise ValueError("malformed slot")
            if slot[2] is None and slot[1] not in (">", "|"):
                raise ValueError("unfinished slot of a scalar that is not a block")
        if name not in ("id", "url") and len(value["key"]) != 6:
            raise ValueError("malformed key span")
    return detail


def _unfinished(detail: dict) -> bool:
    """Does the detail hold block scalar slots still to be finished from the text?"""
    return any(
        value[2] is None if name in ("id", "url") else any(v[2] is None for k, v in value.items() if k != "key")
        for name, value in detail.items()
    )


def _raw_slot(doc: Document, path: tuple) -> tuple | None:
    """(span as 6 ints, style, header, indent) of the scalar at `path`, or None."""
    found = doc.fields.get(path)
    if found is None:
        return None
    node = found.node
    style = node.style or None if isinstance(node, yaml.ScalarNode) else None
    span, header, indent = found.value, "", 2
    if style in (">", "|"):
        header, indent = _block_layout(doc.text, span.start_offset, span.end_offset)
    return tuple(span), style, header, indent


def _block_layout(text: str, start: int, end: int) -> tuple[str, int]:
    """(header, content indentation) of the block scalar text[start:end]."""
    breaks = [i for i in (text.find("\n", start, end), text.find("\r", start, end)) if i >= 0]
    return text[start : min(breaks) if breaks else end].strip(), block_indent(text, start, end)


def summarize(doc: Document) -> tuple[tuple, bytes] | None:
    """(summary, detail blob) of a parsed record for the index, or None when the file has no
    usable front matter. The summary is a tuple of plain values (see Entry)."""
    if not doc.parsed:
        return None
    data, fields, base = doc.data, doc.fields, doc.front_matter_start
    marks_are_spans = doc.plain_breaks()

    def slot(path: tuple) -> tuple | None:
        # Run for some 25 values of every record: the common case (a value that is not a
        # block scalar, in a file whose line breaks libyaml counts like we do) reads its
        # span straight from the node's marks.
        found = fields.get(path)
        if found is None:
            return None
        node = found.node
        style = node.style
        if marks_are_spans and node.__class__ is yaml.ScalarNode:
            start, end = node.start_mark, node.end_mark
            span = (2 + start.line, start.column + 1, 2 + end.line, end.column + 1, base + start.index, base + end.index)
            if style in (">", "|"):
                # A block scalar (every link title): its marks only, finished from the
                # file's text when a rule asks for it (few are). Working out its end,
                # header and indentation here was a twentieth of checking a record.
                return span, style, None, None
            return span, style or None, "", 2
        return _raw_slot(doc, path)

    answer = data.get("answer")
    # Only compared between records with the same id and slug: a CRC is enough, and cheap.
    digest = zlib.crc32(answer.encode("utf-8", "surrogatepass")) if isinstance(answer, str) else -1
    detail: dict[Any, Any] = {name: found for name in ("id", "url") if (found := slot((name,)))}
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
        key_node = fields[(key,)].key_node
        if marks_are_spans:
            start, end = key_node.start_mark, key_node.end_mark
            key_span = (2 + start.line, start.column + 1, 2 + end.line, end.column + 1, base + start.index, base + end.index)
        else:
            key_span = tuple(fields[(key,)].key)
        where: dict[str, Any] = {"key": key_span}
        for name in LINK_FIELDS:
            if found := slot((key, name)):
                where[name] = found
        detail[number] = where
    links.sort(key=lambda link: link[0])
    plain = [_plain(data.get(name)) for name in ("id", "url", "title", "subject")]
    return (*plain, digest, tuple(links)), marshal.dumps(detail)


def build_entry(doc: Document) -> Entry | None:
    """The index entry of a parsed record, or None when the file has no usable front matter;
    its detail finished from the document's text (which may differ from the file's)."""
    summary = summarize(doc)
    if summary is None:
        return None
    return Entry(str(doc.path), summary[0], _finished(marshal.loads(summary[1]), doc.text))


def _finished(detail: dict, text: str | None) -> dict:
    """The detail with its block scalar slots (left by summarize as their marks) finished
    from `text`, the record's text as it was summarized; without a text they are left out
    (a rule then finds no slot, and reports nothing there)."""
    finished: dict[Any, Any] = {}
    for name, value in detail.items():
        if name in ("id", "url"):
            if (slot := _finished_slot(value, text)) is not None:
                finished[name] = slot
            continue
        finished[name] = {k: slot for k, v in value.items() if (slot := v if k == "key" else _finished_slot(v, text))}
    return finished


def _finished_slot(slot: tuple, text: str | None) -> tuple | None:
    (line, column, _, _, start, end), style, header, indent = slot
    if header is not None:
        return slot
    if text is None:
        return None
    span = block_span(text, line, column, start, end)
    return (tuple(span), style, *_block_layout(text, start, span.end_offset))


def _plain(value: Any) -> Any:
    """Keep plain scalars; anything else (lists, mappings) is not a usable value here."""
    return value if isinstance(value, (str, int, float, bool)) or value is None else None


class Lookup:
    """key -> the entries that have it. Most keys have one entry, kept without a list of
    its own (100k one-element lists are 8 MB)."""

    __slots__ = ("first", "more")

    def __init__(self) -> None:
        self.first: dict[Any, Entry] = {}
        self.more: dict[Any, list[Entry]] = {}  # keys with two or more entries, all of them

    def add(self, key: Any, entry: Entry) -> None:
        if key in self.first:
            self.more.setdefault(key, [self.first[key]]).append(entry)
        else:
            self.first[key] = entry

    def get(self, key: Any, default: list[Entry] | None = None) -> list[Entry] | None:
        if key in self.more:
            return self.more[key]
        found = self.first.get(key)
        return [found] if found is not None else default


class CorpusIndex:
    """Every record under the content root, looked up by url, id and slug."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: list[Entry] = list(entries)
        self.by_url, self.by_id = Lookup(), Lookup()
        self._by_stem: Lookup | None = None
        self.memo: dict[str, Any] = {}  # what rules work out once per index and share
        for entry in self.entries:
            self._add(entry)

    def append(self, entry: Entry) -> None:
        """One more entry, after all the others (of two claiming a url, the first keeps it)."""
        self.entries.append(entry)
        self._add(entry)

    def _add(self, entry: Entry) -> None:
        if isinstance(entry.url, str):
            self.by_url.add(entry.url, entry)
        if isinstance(entry.id, int) and not isinstance(entry.id, bool):
            self.by_id.add(entry.id, entry)

    @property
    def by_stem(self) -> Lookup:
        """By file name without .md; built on first use (only broken links ask)."""
        if self._by_stem is None:
            self._by_stem = Lookup()
            for entry in self.entries:
                self._by_stem.add(entry.stem, entry)
        return self._by_stem

    def target(self, url: Any) -> Entry | None:
        """The record a link's url points at (the first, if two claim it)."""
        return self.by_url.first.get(url) if isinstance(url, str) else None
