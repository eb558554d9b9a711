"""Helpers shared by the cross-record rules: walking links and naming records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qlint.pipeline.index import CorpusIndex, Entry, Link


def differing_links(index: CorpusIndex, entries: list[Entry]) -> list[tuple[Entry, Link, Entry]]:
    """(record, link, target) for the links whose url resolves to a record whose id, title
    or subject differ from the link's: what the link-mismatch rules look at."""
    return _links_of_interest(index, entries)[0]


def unresolved_links(index: CorpusIndex, entries: list[Entry]) -> list[tuple[Entry, Link]]:
    """(record, link) for the links whose url is text but no record's url."""
    return _links_of_interest(index, entries)[1]


def _links_of_interest(index: CorpusIndex, entries: list[Entry]) -> tuple[list, list]:
    # One pass over every link (five per record), shared by the cross-record rules through
    # the index's memo; most links resolve and agree, and are in neither list.
    kept = index.memo.get("links_of_interest")
    if kept is None or kept[0] is not entries:
        targets = index.by_url.first  # url -> its (first) record; a dict lookup per link
        differing, unresolved = [], []
        for entry in entries:
            for link in entry.links:
                url = link.url
                target = targets.get(url) if type(url) is str else None
                if target is None:
                    if isinstance(url, str):
                        unresolved.append((entry, link))
                elif link.id != target.id or link.title != target.title or link.subject != target.subject:
                    differing.append((entry, link, target))
        kept = index.memo["links_of_interest"] = (entries, differing, unresolved)
    return kept[1], kept[2]


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
