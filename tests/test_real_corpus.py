"""The real corpus in ../shared (35,915 records): everything parses, no rule crashes."""

from __future__ import annotations

import pytest

from qlint.record.config import Config
from tests.conftest import TARBALL, check_paths

# Unpacking and checking 35,915 records takes about a minute: `python -m pytest -m slow`.
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not TARBALL.exists(), reason="needs ../shared/corpus (the real records)")]


def test_every_record_parses_and_no_rule_crashes(corpus_root):
    config = Config(root=corpus_root)
    result = check_paths([corpus_root], config, jobs=2)
    assert result.files == 35915 and result.internal_errors == []
    # Every record parses into a mapping that fits the schema's types; the corpus's known
    # defects are content ones.
    assert not [d for d in result.diagnostics if d.code in ("Q001", "Q002", "Q003", "Q004", "Q101", "Q102")]
    assert not [d for d in result.diagnostics if d.name == "mojibake"]  # this snapshot has none
