"""Every rule is documented and named the way users and config rely on."""

from __future__ import annotations

import re

import pytest

from qlint.pipeline.registry import all_rules

RULES = all_rules()


def test_codes_and_names_are_unique():
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.code}-{r.name}")
def test_docstring_is_user_documentation(rule):
    doc = rule.doc.strip()
    summary = doc.splitlines()[0]
    assert summary.endswith(".") and len(summary) <= 100, "first line: a one-sentence summary"
    for section in ("Why:", "Example:", "Options:", "Fix:"):
        assert re.search(rf"^{section}", doc, re.M), f"{rule.name}: docstring lacks a '{section}' paragraph"
    for option in rule.options_model.model_fields:
        assert option in doc, f"{rule.name}: option '{option}' is not documented"
    if rule.fixable:
        assert re.search(r"^Fix:.*\b(safe|unsafe)\b", doc, re.M | re.S), "a fix must say whether it is safe"


def test_rules_do_not_read_files_or_print():
    import inspect

    for rule in RULES:
        source = inspect.getsource(inspect.getmodule(rule.check or rule.check_corpus or rule.check_suppressions))
        assert not re.search(r"\bopen\(|\bprint\(|read_text|read_bytes", source), rule.name
