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
    git(copy, "init", "-q", "-b", "main")  # the README's config names the branch
    git(copy, "add", ".")
    git(copy, "commit", "-qm", "hooks under test")
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=copy, capture_output=True, text=True, check=True).stdout.strip()
    return copy, rev


def site_repo(site: Path, pre_commit_config: str, extra: dict[str, str] | None = None) -> Path:
    """A site's git repository: two clean linked records under content/learn, a pyproject
    that configures qlint, the pre-commit config, and `extra` files (path -> text)."""
    files = {f"content/learn/{VALID_PATH}": VALID, f"content/learn/{RELATED_PATH}": RELATED, **(extra or {})}
    files["pyproject.toml"] = '[tool.qlint]\nroot = "content/learn"\n'
    files[".pre-commit-config.yaml"] = pre_commit_config
    for rel, text in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text)
    git(site, "init", "-q")
    git(site, "add", ".")
    git(site, "commit", "-qm", "site")
    return site


@pytest.fixture
def content(tmp_path, hook_repo) -> Path:
    repo, rev = hook_repo
    both = f"repos:\n- repo: {repo}\n  rev: {rev}\n  hooks:\n  - id: qlint\n  - id: qlint-fix\n"
    return site_repo(tmp_path / "site", both)


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


def test_the_readmes_config_works_as_written_beside_a_readme_and_site_pages(tmp_path, hook_repo, tmp_path_factory):
    """The site's repository: the content root, and beside it a README and pages without
    front matter, which pre-commit passes too (they are Markdown)."""
    import re

    repo, _ = hook_repo
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    config = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", readme, re.S).group(1)
    site = site_repo(
        tmp_path / "site",
        re.sub(r"repo: \S+", f"repo: {repo}", config, count=1),
        {"README.md": "# Our site\n\nHow to add a question.\n", "pages/about.md": "About QuickTakes.\n"},
    )
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path_factory.getbasetemp() / "pre-commit-home")}

    def run() -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
            cwd=site, env=env, capture_output=True, text=True,
        )  # fmt: skip

    untouched = run()
    assert untouched.returncode == 0, untouched.stdout + untouched.stderr
    record = site / "content" / "learn" / VALID_PATH
    record.write_text(replace_once(VALID, "score: 0.82", "score: -1.0"))
    git(site, "add", ".")
    damaged = run()
    assert damaged.returncode == 1
    assert damaged.stdout.count("Q302 [placeholder-score]") == 1  # once, from the one hook
    assert "README.md" not in damaged.stdout and "about.md" not in damaged.stdout
