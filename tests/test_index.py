"""Index entries: block scalar slots finished from the text equal those of a full parse,
and are not finished from a file that changed since it was linted."""

from __future__ import annotations

import marshal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from qlint.record.config import Config
from qlint.record.document import Document, parse_bytes
from qlint.pipeline.index import Entry, _finished, _raw_slot, summarize
from qlint.pipeline.registry import active_rules
from qlint.pipeline.runner import Run
from tests.conftest import RELATED, RELATED_PATH, VALID, VALID_PATH

TITLE = "    title: >-\n        What is the role of chlorophyll in photosynthesis?\n"


def parsed(text: str) -> Document:
    doc = Document(Path("x.md"), "x.md")
    parse_bytes(doc, text.encode("utf-8"))
    return doc


@settings(max_examples=150, deadline=None)
@given(
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    header=st.sampled_from([">-", ">", "|", "|-", "|+", ">+", "|2", ">-\t# note", ">-  "]),
    indent=st.integers(5, 12),
    lines=st.lists(st.sampled_from(["What is it?", "", "  more indented", "trailing  ", "tab\there"]), min_size=1, max_size=4),
    blank_after=st.integers(0, 2),
)
def test_block_slots_finished_from_the_text_equal_a_full_parse(newline, header, indent, lines, blank_after):
    if not lines[0].strip():
        lines = ["First line", *lines]
    block = f"    title: {header}\n" + "".join((" " * indent + line if line else "") + "\n" for line in lines)
    text = VALID.replace(TITLE, block + "\n" * blank_after).replace("\n", newline)
    doc = parsed(text)
    if not doc.parsed or ("related_article1", "title") not in doc.fields:
        return  # not valid YAML this way (a more indented first line...): nothing to compare
    detail = marshal.loads(summarize(doc)[1])
    assert detail[1]["title"][2] is None  # left unfinished by the worker
    assert _finished(detail, doc.text)[1]["title"] == _raw_slot(doc, ("related_article1", "title"))


def test_a_block_slot_is_not_finished_from_a_file_changed_since_it_was_linted(tmp_path):
    root = tmp_path / "learn"
    for rel, text in ((VALID_PATH, VALID), (RELATED_PATH, RELATED)):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    config = Config(root=root)
    run = Run(config, active_rules(config))
    run.lint([root])
    path = str(root / VALID_PATH)
    summary, detail = summarize(parsed(VALID))

    def title_slot():
        return Entry(path, summary, detail, run).slot("title", 1)

    expected = _raw_slot(parsed(VALID), ("related_article1", "title"))
    assert title_slot() is not None and (tuple(title_slot().span), title_slot().style) == (expected[0], ">")
    (root / VALID_PATH).write_text("# a line more\n" + VALID)  # every offset moves
    assert title_slot() is None
