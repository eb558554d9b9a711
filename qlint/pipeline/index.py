"""The corpus index: every record under the content root, by url, id and file name.

Cross-record rules ask it which record a link points to, which records share an id, and
where a reported value is written (`index.slot(entry, ...)`). It holds one small entry per
record, never a document: 100k node trees would take gigabytes, 100k entries take tens of
megabytes. Where a value is written (the detail) is fetched only for the records a rule
reports on, from the source the pipeline gives the index (the cache, or a new lint of the
file when the cache lost it).
"""

from __future__ import annotations

import marshal
import os
import sys
from typing import Any, Callable, Iterable, NamedTuple

from qlint.diagnostics import Diagnostic, Span
from qlint.discovery.walk import display_path
from qlint.pipeline.summary import Link, RecordDetail, RecordSummary, Slot, made_links, summarize
from qlint.record.document import Document

class Entry:
    """One record in the index: its summary values, its links, and its detail when it is
    held here (a record just linted without a cache, or fixed in memory).

    An entry loaded from its summary in wire form (`from_wire`) has its id and url, which
    the index looks records up by, and keeps the rest in wire form: its title, subject,
    answer digest and links are decoded at the first read of any of them (`__getattr__`,
    which Python calls only while those slots are unset). A pre-commit run loads 100k
    entries and reads the rest of a few."""

    __slots__ = ("path", "id", "url", "title", "subject", "answer_digest", "_links", "detail", "_rest")

    def __init__(
        self,
        path: str,
        ident: Any,
        url: Any,
        title: Any,
        subject: Any,
        answer_digest: int,
        links: tuple | bytes,
        detail: bytes | RecordDetail | None = None,
    ) -> None:
        """The fields of a RecordSummary, its links made or in wire form."""
        self.path, self.id, self.url, self.detail, self._rest = path, ident, _interned(url), detail, None
        self._set_rest(title, subject, answer_digest, links)

    def _set_rest(self, title: Any, subject: Any, answer_digest: int, links: tuple | bytes) -> None:
        self.title, self.subject, self.answer_digest = _interned(title), _interned(subject), answer_digest
        self._links: tuple[Link, ...] | bytes = links if type(links) is bytes else made_links(links)

    @classmethod
    def from_wire(cls, path: str, summary: bytes, detail: bytes | None = None) -> "Entry":
        """The entry of a summary in wire form, its rest left in wire form; ValueError (or
        TypeError...) when it is damaged."""
        ident, url, rest = RecordSummary.keys_from_wire(summary)
        entry = _new(cls)
        entry.path, entry.id, entry.url, entry.detail, entry._rest = path, ident, _interned(url), detail, rest
        return entry

    def __getattr__(self, name: str) -> Any:
        """A field of the rest, read for the first time: the rest is decoded now."""
        rest = object.__getattribute__(self, "_rest")  # (a plain self._rest would recurse while unset)
        if rest is None or name not in _REST_FIELDS:
            raise AttributeError(name)
        self._set_rest(*RecordSummary.rest_from_wire(rest))
        self._rest = None
        return getattr(self, name)

    @classmethod
    def of_document(cls, doc: Document) -> "Entry | None":
        """The entry of a record as `doc` has it (its detail held), or None when it has no
        usable front matter."""
        summary = summarize(doc)
        return cls(str(doc.path), *summary[0], RecordDetail.from_wire(summary[1])) if summary is not None else None

    @property
    def links(self) -> tuple[Link, ...]:
        if type(self._links) is bytes:  # checked when the summary was loaded: it decodes
            self._links = made_links(marshal.loads(self._links))
        return self._links

    def link_urls(self) -> list:
        """The urls of the record's links, read without making its links (or taking in the
        rest) when they are still in wire form: a question asked of every record (which
        link to a changed one), of which few are then reported."""
        links = RecordSummary.rest_from_wire(self._rest)[3] if self._rest is not None else self._links
        if type(links) is bytes:
            return [raw[4] for raw in marshal.loads(links)]
        return [link.url for link in links]

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


_REST_FIELDS = frozenset(("title", "subject", "answer_digest", "_links"))
_new = object.__new__


def _interned(value: Any) -> Any:
    return sys.intern(value) if type(value) is str else value


class Lookup:
    """key -> the entries that have it, in path order. Most keys have one entry, kept
    without a list of its own (100k one-element lists are 8 MB)."""

    __slots__ = ("first", "more")

    def __init__(self) -> None:
        self.first: dict[Any, Entry] = {}
        self.more: dict[Any, list[Entry]] = {}  # keys with two or more entries, all of them

    def add(self, key: Any, entry: Entry) -> None:
        if key not in self.first:
            self.first[key] = entry
            return
        together = self.more.setdefault(key, [self.first[key]])
        together.append(entry)
        if together[-2].path > entry.path:  # not added in path order (a record put back)
            together.sort(key=lambda one: one.path)
            self.first[key] = together[0]

    def remove(self, key: Any, entry: Entry) -> None:
        together = self.more.get(key)
        if together is None:
            if self.first.get(key) is entry:
                del self.first[key]
            return
        together.remove(entry)
        self.first[key] = together[0]
        if len(together) == 1:
            del self.more[key]

    def get(self, key: Any, default: list[Entry] | None = None) -> list[Entry] | None:
        if key in self.more:
            return self.more[key]
        found = self.first.get(key)
        return [found] if found is not None else default


class DifferingLink(NamedTuple):
    """A link whose target's id, title or subject differ from the link's."""

    record: Entry
    link: Link
    target: Entry  # the record the url points at (the first in path order, if several claim it)
    ambiguous: bool  # several records claim the url, and the link agrees with none: no fix can follow it


class LinkSurvey(NamedTuple):
    """The links of some records that a cross-record rule may report: most resolve and
    agree, and are in neither list."""

    differing: list[DifferingLink]
    unresolved: list[tuple[Entry, Link]]  # (record, link): a text url that is no record's url


DetailSource = Callable[[str], "RecordDetail | None"]  # path -> a record's detail, if it can be had


def _differs(link: Link, target: Entry) -> bool:
    return link.id != target.id or link.title != target.title or link.subject != target.subject


class CorpusIndex:
    """Every record under the content root, looked up by url, id and file name."""

    def __init__(self, entries: Iterable[Entry] = (), details: DetailSource | None = None) -> None:
        """`details` gives the detail of an entry that does not hold its own."""
        self.entries: dict[str, Entry] = {}
        self.by_url, self.by_id = Lookup(), Lookup()
        self._by_stem: Lookup | None = None
        self.details = details
        self._survey: tuple[list[Entry], LinkSurvey] | None = None
        for entry in entries:
            self.add(entry)

    def add(self, entry: Entry) -> None:
        """Add a record, or put a new version of one (the same path) in place of the old."""
        if entry.path in self.entries:
            self.remove(entry.path)
        self.entries[entry.path] = entry
        if isinstance(entry.url, str):
            self.by_url.add(entry.url, entry)
        if isinstance(entry.id, int) and not isinstance(entry.id, bool):
            self.by_id.add(entry.id, entry)
        if self._by_stem is not None:
            self._by_stem.add(entry.stem, entry)
        self._survey = None

    def remove(self, path: str) -> None:
        entry = self.entries.pop(path, None)
        if entry is None:
            return
        if isinstance(entry.url, str):
            self.by_url.remove(entry.url, entry)
        if isinstance(entry.id, int) and not isinstance(entry.id, bool):
            self.by_id.remove(entry.id, entry)
        if self._by_stem is not None:
            self._by_stem.remove(entry.stem, entry)
        self._survey = None

    @property
    def by_stem(self) -> Lookup:
        """By file name without .md; built on first use (only broken links ask)."""
        if self._by_stem is None:
            self._by_stem = Lookup()
            for entry in sorted(self.entries.values(), key=lambda one: one.path):
                self._by_stem.add(entry.stem, entry)
        return self._by_stem

    def target(self, url: Any) -> Entry | None:
        """The record a link's url points at (the first in path order, if two claim it)."""
        return self.by_url.first.get(url) if isinstance(url, str) else None

    def survey(self, entries: list[Entry]) -> LinkSurvey:
        """The links of `entries` whose target differs from them, or that resolve to no
        record: one pass over every link, shared by the rules that ask for the same entries."""
        if self._survey is not None and self._survey[0] is entries:
            return self._survey[1]
        targets, claimed_twice = self.by_url.first, self.by_url.more  # a dict lookup per link
        survey = LinkSurvey([], [])
        for entry in entries:
            for link in entry.links:
                url = link.url
                target = targets.get(url) if type(url) is str else None
                if target is None:
                    if isinstance(url, str):
                        survey.unresolved.append((entry, link))
                elif _differs(link, target):
                    claims = claimed_twice.get(url)
                    if claims is None:
                        survey.differing.append(DifferingLink(entry, link, target, False))
                    elif all(_differs(link, claim) for claim in claims):
                        survey.differing.append(DifferingLink(entry, link, target, True))
        self._survey = (entries, survey)
        return survey

    def linking_to(self, urls: set[str]) -> list[Entry]:
        """The records with a link to one of `urls`."""
        return [entry for entry in self.entries.values() if any(url in urls for url in entry.link_urls())]

    # ----- where a record's values are written -----------------------------------------------
    def slot(self, entry: Entry, name: str, number: int | None = None) -> Slot | None:
        """Where `entry`'s own `name` (or related_article<number>'s) is written."""
        detail = self.detail(entry)
        return detail.slot(name, number) if detail is not None else None

    def key_span(self, entry: Entry, number: int) -> Span | None:
        detail = self.detail(entry)
        return detail.key_span(number) if detail is not None else None

    def with_source_line(self, diagnostic: Diagnostic, entry: Entry) -> Diagnostic:
        """`diagnostic` (made at one of `entry`'s values) with its source line."""
        detail = self.detail(entry)
        line = detail.source_line(diagnostic.span) if detail is not None else None
        if detail is not None and detail.aliases is not None:
            diagnostic = detail.aliases.applied(diagnostic)  # at an alias: from its anchor, no fix
        return diagnostic.with_source(line) if line is not None else diagnostic

    def detail(self, entry: Entry) -> RecordDetail | None:
        """The entry's detail, decoded once; None when there is none to be had (the rules
        then find no slot, and report nothing there)."""
        if entry.detail is None and self.details is not None:
            entry.detail = self.details(entry.path)
        elif type(entry.detail) is bytes:
            entry.detail = RecordDetail.from_wire(entry.detail)  # made by this run's workers
        return entry.detail
