"""The language server's parts that need no protocol: LSP positions, edits between two
texts, and a content root's records (in this process)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from qlint.record.config import Config
from qlint.server.positions import ENCODINGS, Lines, units
from qlint.server.records import ContentRoot, OpenRecord, text_edits
from tests.conftest import RELATED, RELATED_PATH, VALID, VALID_PATH, replace_once

# Line breaks of every kind, characters LSP does not break at (U+2028, NEL, VT), astral
# characters (two UTF-16 units, four UTF-8 bytes) and lone surrogates from JSON.
texts = st.lists(st.sampled_from(["a", "é", "€", "😀", "𝄞", "\n", "\r", "\r\n", "\u2028", "\x85", "\x0b", "\ud800"]), max_size=40).map("".join)


def _lsp_lines(text: str) -> list[str]:
    """The text's lines as LSP counts them, each without its break."""
    return re.split(r"\r\n|\r|\n", text)


def _width(text: str, encoding: str) -> int:
    return len(text.encode(encoding.replace("utf-16", "utf-16-le").replace("utf-32", "utf-32-le"), "surrogatepass")) // (
        {"utf-8": 1, "utf-16": 2, "utf-32": 4}[encoding]
    )


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_offsets_and_positions_agree_with_the_lines_lsp_counts(text, data):
    lines = Lines(text)
    encoding = data.draw(st.sampled_from(ENCODINGS))
    offset = data.draw(st.integers(0, len(text)))
    if text[offset - 1 : offset] == "\r" and text.startswith("\n", offset):
        offset -= 1  # between the halves of a CRLF is no position: its line's end is
    line, column = lines.position(offset, encoding)
    before = text[:offset]
    assert line == len(re.findall(r"\r\n|\r|\n", before))
    assert column == _width(_lsp_lines(before)[-1], encoding)
    assert lines.offset(line, column, encoding) == offset


@settings(max_examples=200, deadline=None)
@given(texts, st.integers(0, 12), st.integers(0, 200), st.sampled_from(ENCODINGS))
def test_any_position_maps_inside_the_text_at_a_character_start(text, line, column, encoding):
    lines = Lines(text)
    offset = lines.offset(line, column, encoding)
    assert 0 <= offset <= len(text)
    # Never between the halves of a CRLF, and past the end of a line: at its end.
    assert not (text[offset - 1 : offset] == "\r" and text[offset : offset + 1] == "\n")
    found_line, found_column = lines.position(offset, encoding)
    assert found_line <= line and (found_line < line or found_column <= column)


def test_a_column_inside_a_character_is_that_characters_start():
    lines = Lines("a😀b")
    assert lines.offset(0, 2, "utf-16") == 1  # between the surrogates of the emoji
    assert lines.offset(0, 3, "utf-16") == 2
    assert lines.offset(0, 3, "utf-8") == 1 and lines.offset(0, 5, "utf-8") == 2
    assert units("a😀b", "utf-16") == 4 and units("a😀b", "utf-8") == 6 and units("a😀b", "utf-32") == 3


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "é", "\n", "\r\n", "\u2028", "x: y\n"]), max_size=30), st.data())
def test_text_edits_turn_one_text_into_the_other(pieces, data):
    before = "".join(pieces)
    after = "".join(data.draw(st.lists(st.sampled_from(["a", "c", "é", "\n", "\r\n", "x: z\n"]), max_size=30)))
    shift = data.draw(st.sampled_from([0, 1]))
    edits = text_edits(before, after, shift)
    text = "\ufeff" * shift + before
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.content + text[edit.end :]
    assert text == "\ufeff" * shift + after
    assert all(one.end <= two.start for one, two in zip(edits, edits[1:]))  # in order, apart


def test_text_edits_touch_only_what_differs():
    before = VALID
    after = VALID.replace("score: 0.82", "score: 0.85").replace("Biology\nfile_name", "Botany\nfile_name")
    assert [(before[e.start : e.end], e.content) for e in text_edits(before, after)] == [("iolog", "otan"), ("2", "5")]


# ----- a content root --------------------------------------------------------------------------------
def _root(tmp_path: Path) -> ContentRoot:
    for rel, text in ((VALID_PATH, VALID), (RELATED_PATH, RELATED)):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    config = Config(root=tmp_path)
    config.source = tmp_path / "qlint.toml"
    return ContentRoot(config, cache=False)


def _codes(root: ContentRoot, record: OpenRecord) -> list[str]:
    root.lint(record)
    return [d.code for d in record.diagnostics]


def test_until_the_index_is_in_a_suppression_of_a_cross_record_rule_is_not_called_unused(tmp_path):
    root = _root(tmp_path)
    link = "/learn/biology/questions/what-is-the-role-of-chlorophyll-in-photosynthesis"
    silenced = replace_once(VALID, f"url: {link}", f"url: {link}-x  # qlint: ignore[broken-related-link]")
    record = OpenRecord("file:///x", str(tmp_path / VALID_PATH), 1, silenced)
    assert _codes(root, record) == []  # record rules only: no Q900 for the Q403 suppression
    root.install(root.build_index())
    assert _codes(root, record) == []  # Q403 found and silenced
    record.edit(replace_once(silenced, f"{link}-x", link), 2)
    assert _codes(root, record) == ["Q900"]  # now it silences nothing


def test_the_editors_text_stands_in_the_index_until_the_record_is_closed(tmp_path):
    root = _root(tmp_path)
    root.install(root.build_index())
    linking = OpenRecord("file:///a", str(tmp_path / VALID_PATH), 1, VALID)
    assert _codes(root, linking) == []
    target = OpenRecord("file:///b", str(tmp_path / RELATED_PATH), 1, RELATED.replace("role of chlorophyll", "job of chlorophyll"))
    assert root.lint(target) is True  # its title changed: what links to it must be linted again
    assert _codes(root, linking) == ["Q405"]
    assert root.closed(target) is True
    assert _codes(root, linking) == []
    assert root.takes(str(tmp_path / VALID_PATH)) and not root.takes(str(tmp_path.parent / "README.md"))
