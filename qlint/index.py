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
    """One `related_articleN` of a record: its values as written (any type)."""

    number: int
    values: dict[str, Any]  # id, title, subject, url


_SUMMARY = ("path", "display_path", "folder", "stem", "id", "url", "file_name", "title", "subject", "answer_digest")


@dataclass
class Entry:
    """One record in the index.

    The summary (ids, urls, titles, link values) is what rules reason about, for every
    record. The detail (where each value is written, for positions and fixes) is only
    needed for the few values a rule reports; it is kept as JSON text and decoded on first
    use, so a run over 100k records does not hold millions of span objects."""

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
    links: list[Link] = field(default_factory=list)
    detail: str = field(default="{}", repr=False)  # JSON: {"id": slot, "url": slot, "N": {"key": span, "id": slot...}}
    _decoded: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    # Set by the runner for entries read from the cache: gives a freshly parsed detail
    # when the cached one cannot be decoded (a damaged cache must not change results).
    reparse: Any = field(default=None, repr=False, compare=False)

    @property
    def link_urls(self) -> list[Any]:
        return [link.values.get("url") for link in self.links]

    def slot(self, name: str, number: int | None = None) -> Slot | None:
        """Where the record's own `name` (or related_article<number>'s) is written."""
        raw = self._detail().get(name) if number is None else self._detail().get(str(number), {}).get(name)
        return Slot(Span(*raw[0]), raw[1], raw[2], raw[3]) if raw else None

    def key_span(self, number: int) -> Span | None:
        raw = self._detail().get(str(number), {}).get("key")
        return Span(*raw) if raw else None

    def _detail(self) -> dict[str, Any]:
        if self._decoded is None:
            try:
                self._decoded = _checked_detail(json.loads(self.detail))
            except (ValueError, TypeError, IndexError):
                if self.reparse is None:
                    raise
                self.detail = self.reparse()
                self._decoded = json.loads(self.detail)
        return self._decoded

    def summary_json(self) -> str:
        links = [[link.number, [link.values.get(name) for name in LINK_FIELDS]] for link in self.links]
        return json.dumps([getattr(self, name) for name in _SUMMARY] + [links], ensure_ascii=False)

    @classmethod
    def from_json(cls, summary: str, detail: str) -> "Entry":
        values = json.loads(summary)
        links = [Link(number, dict(zip(LINK_FIELDS, linked))) for number, linked in values[len(_SUMMARY)]]
        return cls(**dict(zip(_SUMMARY, values)), links=links, detail=detail)


def _checked_detail(detail: Any) -> dict[str, Any]:
    """The detail as written by build_entry, or ValueError."""
    if not isinstance(detail, dict):
        raise ValueError("detail is not a mapping")
    for name, value in detail.items():
        slots = [value] if name in ("id", "url") else [v for k, v in value.items() if k != "key"]
        for slot in slots:
            if not (isinstance(slot, list) and len(slot) == 4 and len(slot[0]) == 6):
                raise ValueError("malformed slot")
        if name not in ("id", "url") and len(value["key"]) != 6:
            raise ValueError("malformed key span")
    return detail


def _slot(doc: Document, path: tuple) -> list[Any] | None:
    slot = Slot.of(doc, path)
    if slot is None:
        return None
    span = slot.span
    return [[span.start_line, span.start_column, span.end_line, span.end_column, span.start_offset, span.end_offset],
            slot.style, slot.header, slot.indent]  # fmt: skip


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
    detail: dict[str, Any] = {name: slot for name in ("id", "url") if (slot := _slot(doc, (name,)))}
    for key, value in data.items():
        match = RELATED_KEY.fullmatch(key) if isinstance(key, str) else None
        if match is None or not isinstance(value, dict) or (key,) not in doc.fields:
            continue
        number = int(match.group(1))
        entry.links.append(Link(number, {name: _plain(value.get(name)) for name in LINK_FIELDS}))
        key_span = doc.fields[(key,)].key
        where: dict[str, Any] = {"key": list(key_span.__dict__.values())}
        where.update({name: slot for name in LINK_FIELDS if (slot := _slot(doc, (key, name)))})
        detail[str(number)] = where
    entry.links.sort(key=lambda link: link.number)
    entry.detail = json.dumps(detail, ensure_ascii=False)
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
