"""The schema rules Q101-Q105: one diagnostic per defective field, at the field."""

from __future__ import annotations

import json

import pytest

from tests.conftest import VALID, VALID_PATH, codes, lint_text, replace_once, run_cli

SCHEMA = ["Q1"]


def test_acceptance_record_gives_exactly_one_diagnostic_per_defect_at_the_field(root):
    text = replace_once(VALID, "url: /learn/biology/questions/how-do-plants-turn-sunlight-into-chemical-energy\n", "")
    text = replace_once(text, "id: 501234", "id: abc")
    text = replace_once(text, "date: 2025-03-14", "date: 2025-13-45")
    text = replace_once(text, "  title: QuickTakes | Biology", "  title:\n    - QuickTakes\n    - Biology")
    found = [(d.name, d.field, d.span.start_line, d.span.start_column) for d in lint_text(root, text, select=SCHEMA)]
    assert found == [
        ("wrong-type", "id", 3, 5),
        ("invalid-format", "date", 4, 7),
        ("wrong-type", "seo.title", 13, 5),
        ("missing-field", "url", 33, 1),  # at the closing fence, where the field would go
    ]


def test_json_output_has_exactly_the_contract_keys(root):
    path = root / VALID_PATH
    path.parent.mkdir(parents=True)
    path.write_text(replace_once(VALID, "id: 501234", "id: abc"))
    result = run_cli("check", "--format", "json", "--select", "Q1", str(path))
    assert result.exit_code == 1
    [entry] = json.loads(result.stdout)
    assert list(entry) == [
        "code", "name", "severity", "message", "path", "line", "column", "end_line", "end_column", "field", "fix",
    ]  # fmt: skip
    assert entry["code"] == "Q102" and entry["field"] == "id" and (entry["line"], entry["column"]) == (3, 5)
    assert (entry["end_line"], entry["end_column"]) == (3, 8) and entry["fix"] is None


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("seo:\n  title: QuickTakes | Biology\n", "seo:\n", ("missing-field", "seo.title", 11, 1)),
        ("    subject: Biology\n    url:", "    url:", ("missing-field", "related_article1.subject", 26, 1)),
        ("id: 501234", "id: '501234'", ("wrong-type", "id", 3, 5)),
        ("id: 501234", "id: true", ("wrong-type", "id", 3, 5)),
        ("id: 501234", "id: 0", ("invalid-format", "id", 3, 5)),
        ("    id: 501240", "    id: -3", ("invalid-format", "related_article1.id", 27, 9)),
        ("score: 0.82", "score: high", ("wrong-type", "score", 25, 8)),
        ("score: 0.82", "score: 0.82\nno_index: maybe", ("wrong-type", "no_index", 26, 11)),
        ("date: 2025-03-14", "date: 14/03/2025", ("invalid-format", "date", 4, 7)),
        ("date: 2025-03-14", "date: 20250314", ("wrong-type", "date", 4, 7)),
        ("file_name: how-do-plants-turn-sunlight-into-chemical-energy.md",
         "file_name: ../secret.md", ("invalid-format", "file_name", 23, 12)),
        ("file_name: how-do-plants-turn-sunlight-into-chemical-energy.md",
         "file_name: notes.txt", ("invalid-format", "file_name", 23, 12)),
        ("url: /learn/biology/questions/how", "url: https://example.com/learn/biology/questions/how",
         ("invalid-format", "url", 24, 6)),
        ("author: QuickTakes", "author:", ("empty-field", "author", 17, 8)),
        ("author: QuickTakes", "author: '  '", ("empty-field", "author", 17, 9)),
        ("author: QuickTakes", 'author: "\\u3000\\x1c\\t"', ("empty-field", "author", 17, 9)),
        ("id: 501234", "id: null", ("empty-field", "id", 3, 5)),
        ("    id: 501240", "    id:", ("empty-field", "related_article1.id", 27, 8)),
        ("date: 2025-03-14", "date: ''", ("empty-field", "date", 4, 7)),
        ("url: /learn/biology/questions/how-do-plants-turn-sunlight-into-chemical-energy", "url: ~",
         ("empty-field", "url", 24, 6)),
        ("author: QuickTakes", "author: QuickTakes\ntittle: oops", ("unknown-field", "tittle", 18, 1)),
        ("related_article1:", "related_article01:", ("unknown-field", "related_article01", 26, 1)),
        ("seo:\n", "seo:\n  canonical: /x\n", ("unknown-field", "seo.canonical", 12, 3)),
        ("seo:\n  title", "seo: []\nseo_old:\n  title", ("wrong-type", "seo", 11, 6)),
    ],
)
def test_each_defect_is_reported_once_at_its_field(root, old, new, expected):
    text = replace_once(VALID, old, new)
    found = [(d.name, d.field, d.span.start_line, d.span.start_column) for d in lint_text(root, text, select=SCHEMA)]
    assert expected in found
    assert len([f for f in found if f[1] == expected[1]]) == 1


def test_empty_fields_say_so(root):
    text = replace_once(VALID, "author: QuickTakes", "author: ' '")
    [diagnostic] = lint_text(root, text, select=SCHEMA)
    assert diagnostic.message == "field 'author' is empty"


@pytest.mark.parametrize("blank", ["\u00a0", "\u2028", "\x85", "\x1f", "\u3000"])
def test_white_space_is_what_str_strip_removes(root, blank):
    assert not blank.strip()  # the definition the rule follows
    text = replace_once(VALID, "author: QuickTakes", f'author: "{blank.encode("unicode_escape").decode()}"')
    assert [d.name for d in lint_text(root, text, select=SCHEMA)] == ["empty-field"]
    text = replace_once(VALID, "author: QuickTakes", 'author: "\\u200b"')  # zero width space: not white space
    assert lint_text(root, text, select=SCHEMA) == []


def test_valid_record_and_optional_fields_pass(root):
    text = replace_once(VALID, "score: 0.82\n", "no_index: true\n")
    text = text.replace("related_article1:", "related_article7:")
    assert codes(lint_text(root, text, select=SCHEMA)) == []


def test_front_matter_that_is_not_a_mapping_is_a_wrong_type(root):
    [diagnostic] = lint_text(root, "---\n- just\n- a list\n---\n", select=SCHEMA)
    assert diagnostic.name == "wrong-type" and (diagnostic.span.start_line, diagnostic.span.start_column) == (2, 1)
