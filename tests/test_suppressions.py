"""Suppression comments, the unused-suppression rule, per-file-ignores and extend-select."""

from __future__ import annotations

from tests.conftest import VALID, codes, fix_text, lint_text, replace_once
from qlint.record.config import Config

SCORE = "score: -1.0"
BAD = replace_once(replace_once(VALID, "score: 0.82", SCORE), "author: QuickTakes", "author:")


def test_inline_suppression_silences_exactly_that_rule_on_that_field(root):
    text = replace_once(BAD, SCORE, SCORE + "  # qlint: ignore[Q302] scores come with the next import")
    assert codes(lint_text(root, text, select=["Q302", "Q105", "Q900"])) == ["Q105"]
    # The same comment on another field silences nothing, and is itself reported.
    text = replace_once(BAD, "date: 2025-03-14", "date: 2025-03-14  # qlint: ignore[Q302]")
    found = lint_text(root, text, select=["Q302", "Q105", "Q900"])
    assert sorted(codes(found)) == ["Q105", "Q302", "Q900"]


def test_names_and_prefixes_work_and_a_bare_ignore_silences_all(root):
    for comment in ("# qlint: ignore[placeholder-score]", "# qlint: ignore[Q3]", "# qlint: ignore"):
        text = replace_once(BAD, SCORE, f"{SCORE} {comment}")
        assert codes(lint_text(root, text, select=["Q302", "Q105", "Q900"])) == ["Q105"], comment


def test_a_suppression_on_a_block_scalar_header_covers_the_value(root):
    text = replace_once(BAD, "answer: >-", "answer: >-  # qlint: ignore[Q207]")
    text = replace_once(text, "Oxygen is released as a by-product.", "Oxygen is released as a")
    assert "Q207" in codes(lint_text(root, replace_once(text, "  # qlint: ignore[Q207]", ""), select=["Q207"]))
    assert codes(lint_text(root, text, select=["Q207", "Q900"])) == []


def test_whole_file_form_is_the_first_comment_of_the_front_matter(root):
    text = replace_once(BAD, "---\n_schema", "---\n# qlint: ignore-file[Q302, Q105] imported draft\n_schema")
    assert codes(lint_text(root, text, select=["Q302", "Q105", "Q900"])) == []


def test_unused_suppression_is_reported_at_the_comment_and_fixed_by_removing_it(root):
    text = replace_once(VALID, "score: 0.82", "score: 0.82  # qlint: ignore[Q302] placeholder")
    [found] = lint_text(root, text, select=["Q302", "Q900"])
    assert (found.code, found.span.start_line, found.span.start_column) == ("Q900", 25, 14)
    assert found.message == "unused suppression: 'Q302' silenced nothing here"
    assert fix_text(root, text, select=["Q302", "Q900"]) == VALID


def test_partly_used_suppression_keeps_the_used_rule(root):
    text = replace_once(BAD, SCORE, SCORE + "  # qlint: ignore[Q302, Q303] reason")
    [found] = lint_text(root, text, select=["Q302", "Q303", "Q900"])
    assert found.message == "unused suppression: 'Q303' silenced nothing here"
    fixed = fix_text(root, text, select=["Q302", "Q303", "Q900"])
    assert fixed == replace_once(BAD, SCORE, SCORE + "  # qlint: ignore[Q302] reason")


def test_unknown_rule_in_a_suppression_is_reported_and_inactive_rules_are_not_judged(root):
    text = replace_once(VALID, "score: 0.82", "score: 0.82  # qlint: ignore[Q999]")
    [found] = lint_text(root, text, select=["Q302", "Q900"])
    assert found.message == "unused suppression: 'Q999' is not a qlint rule"
    text = replace_once(VALID, "score: 0.82", "score: 0.82  # qlint: ignore[Q302]")
    assert lint_text(root, text, select=["Q105", "Q900"]) == []  # Q302 did not run: not judged


def test_a_comment_inside_a_quoted_value_is_not_a_suppression(root):
    text = replace_once(BAD, "author:", "author: 'see # qlint: ignore[Q302]'")
    assert codes(lint_text(root, text, select=["Q302", "Q900"])) == ["Q302"]


def test_per_file_ignores_and_extend_select(root):
    config = Config(root=root, select=["Q105"], extend_select=["Q302"], per_file_ignores={"biology/*.md": ["Q105"]})
    assert codes(lint_text(root, BAD, config=config)) == ["Q302"]
    config = Config(root=root, select=["Q105"], extend_select=["Q302"], per_file_ignores={"physics/*.md": ["Q105"]})
    assert sorted(codes(lint_text(root, BAD, config=config))) == ["Q105", "Q302"]
