"""The real corpus in ../shared (35,915 records): everything parses, no rule crashes."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from qlint.config import Config
from qlint.document import read_document
from qlint.registry import active_rules
from qlint.runner import discover, lint_paths
from tests.conftest import SHARED

TARBALL = SHARED / "corpus" / "quicktakes-learn.tar.xz"
pytestmark = pytest.mark.skipif(not TARBALL.exists(), reason="needs ../shared/corpus")


@pytest.fixture(scope="session")
def corpus_root(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("corpus")
    with tarfile.open(TARBALL) as archive:
        archive.extractall(target, filter="data")
    return target / "content" / "learn"


def test_every_record_parses_into_a_mapping_with_spans(corpus_root):
    paths = discover([corpus_root], Config(root=corpus_root))
    assert len(paths) == 35915
    for path in paths:
        doc = read_document(path)
        assert doc.problem is None and doc.parsed, path
        assert doc.fields[("answer",)].value.start_line > 1


def test_all_rules_run_on_the_whole_corpus_without_internal_errors(corpus_root):
    config = Config(root=corpus_root)
    result = lint_paths([corpus_root], config, active_rules(config))
    assert result.files == 35915 and result.internal_errors == []
    # The corpus has no parse or schema-type problems; its known defects are content ones.
    assert not [d for d in result.diagnostics if d.code in ("Q001", "Q002", "Q003", "Q004", "Q101", "Q102")]
