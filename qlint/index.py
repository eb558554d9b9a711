"""The corpus index: a small summary of every record, enough to resolve links across records.

An entry is built from the same parse the record rules use (never a second parse), holds
only plain values and spans, and round-trips through JSON for the cache. Documents are not
kept: 100k node trees would take gigabytes; 100k entries take tens of megabytes.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

import yaml

from qlint.diagnostics import Span
from qlint.document import Document
from qlint.emit import block_indent
from qlint.schema import RELATED_KEY

LINK_FIELDS = ("id", "title", "subject", "url")


@dataclass
class Slot:
    """Where one value sits and how it is written, so a fix can replace it later."""

    span: Span
    style: str | None = None  # None plain, "'", '"', ">" or "|"
    header: str = ""  # a block scalar's header line (">-")
    indent: int = 2  # a block scalar's content indentation

    @classmethod
    def of(cls, doc: Document, path: tuple) -> "Slot | None":
        found = doc.fields.get(path)
        if found is None:
            return None
        span, node = found.value, found.node
        style = node.style or None if isinstance(node, yaml.ScalarNode) else None
        if style in (">", "|"):
            header = doc.text[span.start_offset : span.end_offset].split("\n", 1)[0].strip()
            return cls(span, style, header, block_indent(doc, span.start_offset, span.end_offset))
        return cls(span, style)


@dataclass
class Link:
    """One `related_articleN` of a record."""

    number: int
    key: Span
    values: dict[str, Any]  # id, title, subject, url as written (any type)
    slots: dict[str, Slot]  # where each of those is written


_SUMMARY = ("path", "display_path", "folder", "stem", "id", "url", "file_name", "title", "subject", "answer_digest")


@dataclass
class Entry:
    """One record in the index. The summary (ids, urls, titles) is what other records are
    resolved against; the detail (where each value sits) is only needed when this record
    itself is being linted, so the cache stores it apart and it is decoded on first use."""

    path: str  # absolute
    display_path: str
    folder: str
    stem: str
    id: Any = None
    url: Any = None
    file_name: Any = None
    title: Any = None
    subject: Any = None
    answer_digest: str = ""
    link_urls: list[Any] = field(default_factory=list)
    _slots: dict[str, Slot] | None = field(default_factory=dict, repr=False)
    _links: list[Link] | None = field(default_factory=list, repr=False)
    _detail_json: str | None = field(default=None, repr=False)

    @property
    def slots(self) -> dict[str, Slot]:
        """Where the record's own id and url are written."""
        if self._slots is None:
            self._decode_detail()
        return self._slots  # type: ignore[return-value]

    @property
    def links(self) -> list[Link]:
        if self._links is None:
            self._decode_detail()
        return self._links  # type: ignore[return-value]

    def summary_json(self) -> str:
        return json.dumps([getattr(self, name) for name in _SUMMARY] + [self.link_urls], ensure_ascii=False)

    def detail_json(self) -> str:
        # Hand-written lists, not dataclasses.asdict: this runs for every file of a cold run.
        def slot(value: Slot) -> list[Any]:
            span = value.span
            spans = [span.start_line, span.start_column, span.end_line, span.end_column, span.start_offset, span.end_offset]
            return [spans, value.style, value.header, value.indent]

        links = [
            [link.number, list(link.key.__dict__.values()), link.values, {k: slot(v) for k, v in link.slots.items()}]
            for link in self.links
        ]
        return json.dumps([{k: slot(v) for k, v in self.slots.items()}, links], ensure_ascii=False)

    @classmethod
    def from_json(cls, summary: str, detail: str) -> "Entry":
        values = json.loads(summary)
        entry = cls(**dict(zip(_SUMMARY, values)), link_urls=values[len(_SUMMARY)])
        entry._slots, entry._links, entry._detail_json = None, None, detail
        return entry

    def _decode_detail(self) -> None:
        slots, links = json.loads(self._detail_json or "[{}, []]")

        def slot(data: list[Any]) -> Slot:
            return Slot(Span(*data[0]), data[1], data[2], data[3])

        self._slots = {name: slot(data) for name, data in slots.items()}
        self._links = [
            Link(number, Span(*key), values, {k: slot(v) for k, v in link_slots.items()})
            for number, key, values, link_slots in links
        ]
        self._detail_json = None


def build_entry(doc: Document) -> Entry | None:
    """The index entry of a parsed record, or None when the file has no usable front matter."""
    if not doc.parsed:
        return None
    data = doc.data
    answer = data.get("answer")
    entry = Entry(
        path=str(doc.path),
        display_path=doc.display_path,
        folder=doc.path.parent.name,
        stem=doc.path.stem,
        id=_plain(data.get("id")),
        url=_plain(data.get("url")),
        file_name=_plain(data.get("file_name")),
        title=_plain(data.get("title")),
        subject=_plain(data.get("subject")),
        answer_digest=hashlib.blake2b(answer.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
        if isinstance(answer, str)
        else "",
    )
    for name in ("id", "url"):
        if (slot := Slot.of(doc, (name,))) is not None:
            entry.slots[name] = slot
    for key, value in data.items():
        match = RELATED_KEY.fullmatch(key) if isinstance(key, str) else None
        if match is None or not isinstance(value, dict) or (key,) not in doc.fields:
            continue
        link = Link(int(match.group(1)), doc.fields[(key,)].key, {}, {})
        for name in LINK_FIELDS:
            link.values[name] = _plain(value.get(name))
            if (slot := Slot.of(doc, (key, name))) is not None:
                link.slots[name] = slot
        entry.links.append(link)
    entry.links.sort(key=lambda link: link.number)
    entry.link_urls = [link.values.get("url") for link in entry.links]
    return entry


def _plain(value: Any) -> Any:
    """Keep JSON-able scalars; anything else (lists, mappings) is not a usable value here."""
    return value if isinstance(value, (str, int, float, bool)) or value is None else None


class CorpusIndex:
    """Every record under the content root, looked up by url, id and slug."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: list[Entry] = list(entries)
        self.by_url: dict[str, list[Entry]] = defaultdict(list)
        self.by_id: dict[Any, list[Entry]] = defaultdict(list)
        self.by_stem: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            if isinstance(entry.url, str):
                self.by_url[entry.url].append(entry)
            if isinstance(entry.id, int) and not isinstance(entry.id, bool):
                self.by_id[entry.id].append(entry)
            self.by_stem[entry.stem].append(entry)

    def target(self, url: Any) -> Entry | None:
        """The record a link's url points at (the first, if two claim it)."""
        found = self.by_url.get(url) if isinstance(url, str) else None
        return found[0] if found else None
