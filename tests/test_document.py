"""Document: decoding, front matter, values and the exact source span of every field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from qlint.record.document import Document, ProblemKind
from qlint.record.parse import parse_document
from qlint.record.yamlload import Loader
from tests.conftest import SEED, VALID


def parse(text: str | bytes) -> Document:
    return parse_document(text.encode("utf-8") if isinstance(text, str) else text, Path("x.md"))


def source(doc: Document, path: tuple) -> str:
    span = doc.fields[path].value
    return doc.text[span.start_offset : span.end_offset]


def reparsed(doc: Document, path: tuple):
    """The value the span's source text gives when it is the only value of a mapping."""
    span = doc.fields[path].value
    text = source(doc, path)
    # Keep the value's own indentation by padding the first line to its column.
    return yaml.load("k: " + " " * (span.start_column - 1) + text + "\n", Loader=Loader)["k"]


def all_paths(doc: Document):
    return [path for path in doc.fields if path and isinstance(doc.value(path), (str, int, float, bool))]


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/seed")
def test_seed_parses_and_every_field_span_holds_its_value():
    doc = parse_document(SEED.read_bytes(), SEED)
    assert doc.problem is None and doc.parsed
    assert doc.data["id"] == 188134 and doc.data["date"] == "2025-02-23"  # dates stay text
    paths = all_paths(doc)
    assert ("seo", "title") in paths and ("related_article1", "url") in paths
    for path in paths:
        assert reparsed(doc, path) == doc.value(path), path


def test_positions_are_file_coordinates():
    doc = parse(VALID)
    span = doc.fields[("seo", "title")].value
    assert (span.start_line, span.start_column) == (12, 10)
    key = doc.fields[("related_article1", "url")].key
    assert (key.start_line, key.start_column, key.end_column) == (31, 5, 8)
    assert source(doc, ("seo", "title")) == "QuickTakes | Biology"


def test_block_scalar_span_stops_at_its_text_not_at_trailing_blank_lines():
    doc = parse("---\ntitle: >-\n    A question?\n\n\nid: 1\n---\n")
    assert source(doc, ("title",)) == ">-\n    A question?"


def test_empty_value_has_an_empty_span_after_the_key():
    doc = parse("---\ntitle:\nid: 1\n---\n")
    span = doc.fields[("title",)].value
    assert doc.data["title"] is None and span.start_offset == span.end_offset


def test_crlf_and_bom_are_accepted_and_positions_count_characters():
    doc = parse(b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode())
    assert doc.bom and doc.parsed
    span = doc.fields[("seo", "title")].value
    assert (span.start_line, span.start_column) == (12, 10)
    assert doc.text[span.start_offset : span.end_offset] == "QuickTakes | Biology"
    assert doc.body == "\r\n&nbsp;\r\n"


def test_position_inside_a_value_with_multibyte_text():
    doc = parse('---\nanswer: "Ünïcödé 😀 then Hereâ€™s"\n---\n')
    value = doc.data["answer"]
    span = doc.fields[("answer",)].locate(value.index("Here"), 4)
    assert (span.start_line, span.start_column) == (2, 25)
    assert doc.byte_offset(span.start_offset) == len('---\nanswer: "Ünïcödé 😀 then '.encode())


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ('k: "a\\tb Hereâ€™s"', (2, 10)),
        ("k: 'it''s Hereâ€™s'", (2, 11)),
        ("k: |\n  one\n  Hereâ€™s", (4, 3)),
        ("k: plain\n  more Hereâ€™s", (3, 8)),
    ],
)
def test_locate_maps_value_positions_through_quotes_escapes_and_blocks(yaml_text, expected):
    doc = parse(f"---\n{yaml_text}\n---\n")
    span = doc.fields[("k",)].locate(doc.data["k"].index("Here"), 8)
    assert (span.start_line, span.start_column) == expected
    assert doc.text[span.start_offset : span.end_offset] == "Hereâ€™s"


def test_duplicate_keys_are_recorded_with_both_positions():
    doc = parse("---\nscore: 0.5\nseo:\n  title: a\n  title: b\nscore: -1.0\n---\n")
    found = {(d.path, d.first.start_line, d.again.start_line) for d in doc.duplicates}
    assert found == {(("seo", "title"), 4, 5), (("score",), 2, 6)}


@pytest.mark.parametrize(
    ("data", "kind", "position"),
    [
        (b"", ProblemKind.NO_FRONT_MATTER, (1, 1)),
        (b"title: no fences\n", ProblemKind.NO_FRONT_MATTER, (1, 1)),
        (b"---\ntitle: never closed\n", ProblemKind.NO_FRONT_MATTER, (1, 1)),
        (b"---\n---\nbody\n", ProblemKind.NO_FRONT_MATTER, (1, 1)),
        (b"---\nid: 1\ntitle: [unclosed\n---\n", ProblemKind.YAML, (4, 1)),
        (b"---\nid: 1\nx: !!python/object:os.system ls\n---\n", ProblemKind.YAML, (3, 4)),
        (b"---\ntitle: caf\xe9\n---\n", ProblemKind.UNREADABLE, (2, 11)),
        (b"\x89PNG\r\n\x1a\n\x00\x00", ProblemKind.UNREADABLE, (1, 1)),
        (b"---\ntitle: a\x00b\n---\n", ProblemKind.UNREADABLE, (1, 1)),
        (b"---\ntitle: \xc3\xa9\xff\n---\n", ProblemKind.UNREADABLE, (2, 9)),
        (b"---\nid: 1\ntitle: a\x7fb\n---\n", ProblemKind.YAML, (3, 9)),
        ("---\nid: 1\ntitle: \u00e9\u00e9\x7fb\n---\n".encode(), ProblemKind.YAML, (3, 10)),
    ],
)
def test_problems_carry_a_kind_and_a_position(data, kind, position):
    doc = parse(data)
    assert doc.problem is not None and doc.problem.kind == kind
    assert doc.position(doc.problem.start) == position


def test_unusual_yaml_is_built_by_the_safe_constructor():
    doc = parse("---\nbase: &b\n  x: 1\nm:\n  <<: *b\n  y: 2\n---\n")
    assert doc.problem is None and doc.data["m"] == {"x": 1, "y": 2}
    assert ("m", "y") in doc.fields


def test_aliases_are_built_once_not_expanded():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    doc = parse("---\n" + "\n".join(lines) + "\n---\n")
    assert doc.problem is None and doc.data["a8"][0] is doc.data["a7"]


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.from_regex(r"[a-z_]{1,8}", fullmatch=True),
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=40) | st.integers() | st.floats(allow_nan=False),
    )
)
def test_any_safe_dump_gives_pyyamls_values_and_spans_holding_them(data):
    for style in (None, '"', "'"):
        text = yaml.safe_dump(data, default_style=style, allow_unicode=True)
        doc = parse("---\n" + text + "---\n")
        assert doc.problem is None
        # The one-walk value builder agrees with PyYAML's own (date-less) loader.
        assert doc.data == yaml.load(text, Loader=Loader)
        for path in all_paths(doc):
            assert reparsed(doc, path) == doc.value(path)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\x85\u2028\u2029"), max_size=30),
)
def test_fast_spans_from_yaml_marks_equal_spans_counted_from_the_text(newline, extra):
    text = VALID.replace("score: 0.82\n", "score: 0.82\nnote: " + json.dumps(extra, ensure_ascii=False) + "\n")
    doc = parse(text.replace("\n", newline))
    assert doc.problem is None
    for path, field in doc.fields.items():
        span = field.value
        assert span == doc.span(span.start_offset, span.end_offset), path


def test_a_lazy_fact_is_worked_out_once_per_record_and_again_after_release():
    from qlint.record.lazy import lazy

    calls = []

    class Record:
        def __init__(self, name):
            self.name = name

        @lazy
        def shout(self):
            """The name, loud."""
            calls.append(self.name)
            return self.name.upper()

    first, second = Record("a"), Record("b")
    assert [first.shout, first.shout, second.shout, first.shout] == ["A", "A", "B", "A"]
    assert calls == ["a", "b"] and Record.shout.__doc__ == "The name, loud."
    del first.__dict__["shout"]  # as Document.release() drops the facts
    assert first.shout == "A" and calls == ["a", "b", "a"]


def test_a_released_document_says_so_when_asked_for_a_field_or_a_fact():
    # Quietly finding no fields would make a rule run on a released document report
    # nothing, or report wrongly; it must fail where the mistake is.
    doc = parse(VALID)
    assert doc.facts.answer is not None and doc.field_span(("answer",)) is not None
    doc.release()
    doc.release()  # (twice is harmless)
    for ask in (lambda: doc.facts.answer, lambda: doc.field_span(("answer",)), lambda: ("id",) in doc.fields, lambda: len(doc.fields)):
        with pytest.raises(RuntimeError, match="released"):
            ask()
    assert "fields=<released>" in repr(doc)
