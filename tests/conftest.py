"""Shared test helpers: a valid record written by us, and ways to lint text or run the CLI."""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from qlint.cli import main
from qlint.record.config import Config
from qlint.diagnostics import Diagnostic
from qlint.pipeline.registry import active_rules
from qlint.pipeline.linter import Linter, Report

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "describe-the-mechanism-of-action-of-the-sodiumpotassium-pump.md"
TARBALL = SHARED / "corpus" / "quicktakes-learn.tar.xz"

# A clean record in the site's layout and style; tests derive defective ones from it with
# str.replace, so each test shows exactly the defect it is about.
VALID_PATH = "biology/how-do-plants-turn-sunlight-into-chemical-energy.md"
VALID = """\
---
_schema: default
id: 501234
date: 2025-03-14
title: >-
    How do plants turn sunlight into chemical energy?
article_title: >-
    How do plants turn sunlight into chemical energy?
date_format: MMM DD, YYYY
post_on_text: Posted on
seo:
  title: QuickTakes | Biology
  page_description: >-
    Photosynthesis captures light energy in chloroplasts and stores it in sugar, releasing oxygen as a by-product.
  page_keywords: >-
    photosynthesis, chloroplast, light reactions, Calvin cycle
author: QuickTakes
question: >-
    How do plants turn sunlight into chemical energy?
answer: >-
    Plants capture light with chlorophyll in their chloroplasts.\\n\\n1. **Light reactions** split water and make ATP and NADPH.\\n2. **Calvin cycle** fixes carbon dioxide into sugar.\\n\\nOxygen is released as a by-product.
subject: Biology
file_name: how-do-plants-turn-sunlight-into-chemical-energy.md
url: /learn/biology/questions/how-do-plants-turn-sunlight-into-chemical-energy
score: 0.82
related_article1:
    id: 501240
    title: >-
        What is the role of chlorophyll in photosynthesis?
    subject: Biology
    url: /learn/biology/questions/what-is-the-role-of-chlorophyll-in-photosynthesis
---

&nbsp;
"""


# The record VALID links to, linking back: together they are a clean two-record corpus.
RELATED_PATH = "biology/what-is-the-role-of-chlorophyll-in-photosynthesis.md"
RELATED = (
    VALID.replace("501234", "501240")
    .replace("How do plants turn sunlight into chemical energy?", "What is the role of chlorophyll in photosynthesis?")
    .replace("how-do-plants-turn-sunlight-into-chemical-energy", "what-is-the-role-of-chlorophyll-in-photosynthesis")
    .replace("    id: 501240", "    id: 501234")
    .replace("        What is the role of chlorophyll in photosynthesis?", "        How do plants turn sunlight into chemical energy?", 1)
    .replace(
        "/learn/biology/questions/what-is-the-role-of-chlorophyll-in-photosynthesis\n---",
        "/learn/biology/questions/how-do-plants-turn-sunlight-into-chemical-energy\n---",
    )
)


def apply_fixes(text: str, diagnostics) -> str:
    """`text` with the fixes of `diagnostics` (one or a list) applied, as the fixer applies them."""
    from qlint.fixing.apply import apply_edits

    diagnostics = diagnostics if isinstance(diagnostics, (list, tuple)) else [diagnostics]
    return apply_edits(text, [edit for d in diagnostics for edit in d.fix.edits])


def replace_once(text: str, old: str, new: str) -> str:
    """str.replace that fails loudly when the test's anchor text is not there exactly once."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


# The first line of VALID's answer, and where its first character is (line, column): the
# text rules' tests put their sentence there.
ANSWER_FIRST_LINE = "    Plants capture light with chlorophyll in their chloroplasts."
ANSWER_AT = (21, 5)


def with_answer(sentence: str) -> str:
    """VALID with `sentence` as the first line of its answer."""
    return replace_once(VALID, ANSWER_FIRST_LINE, "    " + sentence)


def lint_text(
    root: Path, text: str | bytes, rel: str = VALID_PATH, select: list[str] | None = None, config: Config | None = None
) -> list[Diagnostic]:
    """Write `text` to <root>/<rel> and lint it with the rules in `select` (default: all)."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    config = config or Config(root=root)
    return check_paths([path], config, select).diagnostics


def check_paths(paths: list[Path], config: Config, select: list[str] | None = None, jobs: int = 1, cache=None) -> Report:
    """What `qlint check PATHS` finds, with the rules in `select` (default: all)."""
    linter = Linter(config, active_rules(config, select), cache=cache, jobs=jobs)
    try:
        return linter.check(linter.targets(paths))
    finally:
        linter.close()


def fix_paths(paths: list[Path], config: Config, select: list[str] | None = None, unsafe: bool = False):
    """`qlint fix PATHS` (the FixReport), with the rules in `select` (default: all)."""
    from qlint.fixing.bulk import fix_files

    linter = Linter(config, active_rules(config, select))
    try:
        return fix_files(linter, linter.targets(paths), unsafe=unsafe, write=True)
    finally:
        linter.close()


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> CliResult:
    """Run `qlint ARGS` in-process, as the console script does."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def corpus_root(tmp_path_factory) -> Path:
    """The real corpus, extracted once per test session (read-only by convention: copy it
    before changing anything)."""
    import tarfile

    if not TARBALL.exists():
        pytest.skip("needs ../shared/corpus")
    target = tmp_path_factory.mktemp("corpus")
    with tarfile.open(TARBALL) as archive:
        archive.extractall(target, filter="data")
    return target / "content" / "learn"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """An empty content root: <tmp>/learn."""
    path = tmp_path / "learn"
    path.mkdir()
    return path


def pytest_report_header(config):
    return f"python {sys.version.split()[0]}"


def fix_text(
    root: Path,
    text: str,
    select: list[str] | None = None,
    unsafe: bool = False,
    rel: str = VALID_PATH,
    others: dict[str, str] | None = None,
) -> str:
    """Write `text` to <root>/<rel> (and `others`, rel -> text, beside it), run `qlint fix`
    with the rules in `select` on it, and return the file's new text."""
    for other, content in (others or {}).items():
        (root / other).parent.mkdir(parents=True, exist_ok=True)
        (root / other).write_bytes(content.encode("utf-8"))
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    config = Config(root=root)
    config.source = root / "qlint.toml"  # as if configured, so links resolve against the root
    fix_paths([path], config, select, unsafe)
    return path.read_bytes().decode("utf-8")


def assert_unsafe_fix(root: Path, before: str, expected: str, select: list[str]) -> None:
    """The one problem in `before` has an unsafe fix: `qlint fix` leaves the file as it is,
    `--unsafe-fixes` turns it into `expected`, and fixing that again changes nothing."""
    [found] = lint_text(root, before, select=select)
    assert found.fix is not None and found.fix.applicability.value == "unsafe"
    assert fix_text(root, before, select=select) == before
    after = fix_text(root, before, select=select, unsafe=True)
    assert after == expected
    assert fix_text(root, after, select=select, unsafe=True) == after


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A configured project (qlint.toml, root content/learn) holding VALID and RELATED, the
    two records that link to each other."""
    (tmp_path / "qlint.toml").write_text('root = "content/learn"\n')
    for rel, text in ((VALID_PATH, VALID), (RELATED_PATH, RELATED)):
        path = tmp_path / "content/learn" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path
