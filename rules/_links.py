"""Helpers shared by the cross-record rules: walking links and naming records."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from qlint.index import CorpusIndex, Entry, Link


def resolved_links(index: CorpusIndex, entries: list[Entry]) -> Iterator[tuple[Entry, Link, Entry]]:
    """(record, link, target) for every related link whose url resolves to a record."""
    targets = index.by_url.first  # url -> its (first) record; a dict lookup per link
    for entry in entries:
        for link in entry.links:
            url = link.url
            target = targets.get(url) if type(url) is str else None
            if target is not None:
                yield entry, link, target


def differing_links(index: CorpusIndex, entries: list[Entry]) -> list[tuple[Entry, Link, Entry]]:
    """(record, link, target) for the resolved links whose id, title or subject differ from
    the target's: what the link-mismatch rules look at. Worked out in one pass over every
    link (a corpus has five per record) and shared through the index's memo."""
    kept = index.memo.get("differing_links")
    if kept is None or kept[0] is not entries:
        differing = [
            (entry, link, target)
            for entry, link, target in resolved_links(index, entries)
            if link.id != target.id or link.title != target.title or link.subject != target.subject
        ]
        kept = index.memo["differing_links"] = (entries, differing)
    return kept[1]


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def cross_listed(one: Entry, other: Entry) -> bool:
    """The site lists some questions in two subject folders on purpose: same id, same slug,
    same answer text, different folder. Such a pair is one question, not two."""
    return one.folder != other.folder and one.stem == other.stem and one.answer_digest == other.answer_digest


def names(entries: list[Entry], limit: int = 3) -> str:
    """Other records, named as <subject folder>/<file>: short, and the same from any directory."""
    shown = ", ".join(f"'{e.folder}/{Path(e.path).name}'" for e in entries[:limit])
    return shown + (f" and {len(entries) - limit} more" if len(entries) > limit else "")
