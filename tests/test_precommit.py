"""The pre-commit hooks, run by real pre-commit in a temporary repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, RELATED, RELATED_PATH, VALID, VALID_PATH, replace_once

GIT = ["git", "-c", "user.email=test@example.com", "-c", "user.name=test", "-c", "commit.gpgsign=false"]


def git(cwd: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """This checkout, as it is now (uncommitted changes included), committed in a scratch repo."""
    copy = tmp_path_factory.mktemp("qlint-hooks")
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, copy / name)
    git(copy, "init", "-q")
    git(copy, "add", ".")
    git(copy, "commit", "-qm", "hooks under test")
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=copy, capture_output=True, text=True, check=True).stdout.strip()
    return copy, rev


@pytest.fixture
def content(tmp_path, hook_repo) -> Path:
    repo, rev = hook_repo
    site = tmp_path / "site"
    (site / "content" / "learn").mkdir(parents=True)
    (site / "pyproject.toml").write_text('[tool.qlint]\nroot = "content/learn"\n')
    (site / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {repo}\n  rev: {rev}\n  hooks:\n  - id: qlint\n  - id: qlint-fix\n"
    )
    for rel, text in ((VALID_PATH, VALID), (RELATED_PATH, RELATED)):
        path = site / "content" / "learn" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    git(site, "init", "-q")
    git(site, "add", ".")
    git(site, "commit", "-qm", "content")
    return site


def pre_commit(site: Path, hook: str, tmp_path_factory) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path_factory.getbasetemp() / "pre-commit-home")}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", hook, "--all-files", "--color", "never"],
        cwd=site, env=env, capture_output=True, text=True,
    )  # fmt: skip


def test_check_hook_passes_a_good_file_and_fails_a_bad_one(content, tmp_path_factory):
    good = pre_commit(content, "qlint", tmp_path_factory)
    assert good.returncode == 0, good.stdout + good.stderr
    record = content / "content" / "learn" / VALID_PATH
    record.write_text(replace_once(VALID, "score: 0.82", "score: -1.0"))
    git(content, "add", ".")
    bad = pre_commit(content, "qlint", tmp_path_factory)
    assert bad.returncode == 1 and "Q302 [placeholder-score]" in bad.stdout


def test_fix_hook_rewrites_the_file_fails_once_and_then_passes(content, tmp_path_factory):
    record = content / "content" / "learn" / VALID_PATH
    record.write_text(replace_once(VALID, "    id: 501240", "    id: 77"))  # links resolve against the root
    git(content, "add", ".")
    first = pre_commit(content, "qlint-fix", tmp_path_factory)
    assert first.returncode == 1, first.stdout + first.stderr
    assert record.read_text() == VALID
    git(content, "add", ".")
    second = pre_commit(content, "qlint-fix", tmp_path_factory)
    assert second.returncode == 0, second.stdout + second.stderr
