"""Helpers shared by the cross-record rules: ids, cross-listed copies, naming records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qlint.pipeline.index import Entry


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


def ambiguous_note(index, url: str) -> str:
    """Why a link to a url several records claim gets no fix."""
    claims = index.by_url.get(url, [])
    return f"{len(claims)} records claim its url: {names(claims)}; no fix until one does"
