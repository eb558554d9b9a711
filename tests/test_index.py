"""The corpus index: where a record's values are written, worked out from what the worker
kept of its source, equals what a full parse says; lost details are found again, but never
from a file that changed since it was linted."""

from __future__ import annotations

import marshal
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qlint.diagnostics import SourceLine
from qlint.pipeline.cache import FILE_NAME, Cache
from qlint.pipeline.index import Entry
from qlint.pipeline.linter import Linter
from qlint.pipeline.registry import active_rules
from qlint.pipeline.summary import RecordDetail, _raw_slot, summarize
from qlint.record.config import Config
from qlint.record.document import Document
from qlint.record.parse import parse_text
from tests.conftest import RELATED, RELATED_PATH, VALID, VALID_PATH, replace_once

TITLE = "    title: >-\n        What is the role of chlorophyll in photosynthesis?\n"


def parsed(text: str) -> Document:
    return parse_text(text, Path("x.md"))


@settings(max_examples=150, deadline=None)
@given(
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    header=st.sampled_from([">-", ">", "|", "|-", "|+", ">+", "|2", ">-\t# note", ">-  "]),
    indent=st.integers(5, 12),
    lines=st.lists(st.sampled_from(["What is it?", "", "  more indented", "trailing  ", "tab\there"]), min_size=1, max_size=4),
    blank_after=st.integers(0, 2),
    last=st.booleans(),
)
def test_block_slots_finished_from_the_kept_source_equal_a_full_parse(newline, header, indent, lines, blank_after, last):
    if not lines[0].strip():
        lines = ["First line", *lines]
    block = f"    title: {header}\n" + "".join((" " * indent + line if line else "") + "\n" for line in lines)
    text = VALID.replace(TITLE, block + "\n" * blank_after)
    if last:  # the title as the entry's last value, up to the closing fence
        text = text.replace(block + "\n" * blank_after, "").replace("\n---\n\n&nbsp;", "\n" + block + "\n" * blank_after + "---\n\n&nbsp;")
    doc = parsed(text.replace("\n", newline))
    if not doc.parsed or ("related_article1", "title") not in doc.fields:
        return  # not valid YAML this way (a more indented first line...): nothing to compare
    summary, wire = summarize(doc)
    detail = RecordDetail.from_wire(wire)
    assert detail.slots[1]["title"][2] is None  # left unfinished by the worker
    slot = detail.slot("title", 1)
    assert (tuple(slot.span), slot.style, slot.header, slot.indent) == _raw_slot(doc, ("related_article1", "title"))


@settings(max_examples=100, deadline=None)
@given(newline=st.sampled_from(["\n", "\r\n", "\r"]), name=st.sampled_from(["id", "title", "subject", "url", "key"]))
def test_the_source_line_of_a_kept_value_is_its_line_in_the_file(newline, name):
    doc = parsed(VALID.replace("\n", newline))
    detail = RecordDetail.from_wire(summarize(doc)[1])
    span = detail.key_span(1) if name == "key" else detail.slot(name, 1).span
    assert detail.source_line(span) == SourceLine.of(doc.text, span)
    own = detail.slot("url").span
    line = "url: /learn/biology/questions/how-do-plants-turn-sunlight-into-chemical-energy"
    assert detail.source_line(own) == SourceLine(line[: 5 + SourceLine.REACH], 0, len(line))


def _corpus(tmp_path: Path) -> tuple[Linter, Path]:
    """A linked pair whose link title is stale, checked once with a cache."""
    root = tmp_path / "learn"
    for rel, text in ((VALID_PATH, replace_once(VALID, "What is the role of chlorophyll", "What was the role of chlorophyll")), (RELATED_PATH, RELATED)):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    config = Config(root=root)
    config.source = tmp_path / "qlint.toml"
    linter = Linter(config, active_rules(config, ["related-title-mismatch"]), Cache(tmp_path / "cache", "key"))
    return linter, root


def _lose_details(tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / "cache" / FILE_NAME)) as connection, connection:
        connection.execute("UPDATE files SET detail = X'e9'")


def test_a_detail_the_cache_lost_is_found_again_from_the_unchanged_file(tmp_path):
    linter, root = _corpus(tmp_path)
    first = linter.check(linter.targets([root]), reuse=False)
    _lose_details(tmp_path)
    again, _ = _corpus(tmp_path)
    second = again.check(again.targets([root]), reuse=False)
    assert [d.to_dict() for d in second.diagnostics] == [d.to_dict() for d in first.diagnostics]
    assert [d.source for d in second.diagnostics] == [d.source for d in first.diagnostics]
    assert second.diagnostics[0].source.text == "    title: >-"


def test_a_detail_is_never_taken_from_a_file_changed_since_it_was_linted(tmp_path):
    linter, root = _corpus(tmp_path)
    linter.check(linter.targets([root]), reuse=False)
    _lose_details(tmp_path)
    entry = linter.index.entries[str(root / VALID_PATH)]
    entry.detail = None
    (root / VALID_PATH).write_text("# a line more\n" + (root / VALID_PATH).read_text())  # every offset moves
    assert linter.index.slot(entry, "title", 1) is None


def test_an_entry_loaded_from_its_summary_reads_the_rest_when_asked_as_summarized():
    doc = parsed(RELATED)
    summary, _ = summarize(doc)
    entry = Entry.from_wire("x.md", summary.to_wire())
    assert (entry.id, entry.url) == (summary.id, summary.url)
    assert entry._rest is not None  # a pre-commit run loads 100k entries and looks up urls and ids
    assert (entry.title, entry.subject, entry.answer_digest) == (summary.title, summary.subject, summary.answer_digest)
    assert entry.links == summary.links and entry.link_urls() == [link[4] for link in summary.links]
    assert entry._rest is None  # decoded once, at the first read
    with pytest.raises(AttributeError):
        entry.no_such_field


@pytest.mark.parametrize("first_read", ["title", "subject", "answer_digest", "links", "link_urls"])
def test_any_field_of_the_rest_read_first_decodes_all_of_it(first_read):
    summary, _ = summarize(parsed(RELATED))
    entry = Entry.from_wire("x.md", summary.to_wire())
    value = getattr(entry, first_read)
    assert (value() if first_read == "link_urls" else value) is not None
    assert (entry.title, entry.subject, entry.links) == (summary.title, summary.subject, summary.links)


def test_a_summary_whose_rest_is_damaged_is_refused_when_loaded():
    summary, _ = summarize(parsed(RELATED))
    ident, url, rest, checksum = marshal.loads(summary.to_wire())
    with pytest.raises(ValueError):
        Entry.from_wire("x.md", marshal.dumps((ident, url, rest[:-1] + b"!", checksum)))


def test_the_urls_of_an_entrys_links_are_read_without_taking_in_its_rest():
    summary, _ = summarize(parsed(RELATED))
    entry = Entry.from_wire("x.md", summary.to_wire())
    assert entry.link_urls() == [link[4] for link in summary.links] and entry.link_urls()
    assert entry._rest is not None  # `--changed-since` asks this of every record, and reports few
