"""What changed since a git revision: for `qlint check --changed-since REF`.

Besides the changed files themselves, the urls they had at REF matter: a record that is
deleted, renamed or given a new url leaves links elsewhere pointing at the old url, and
those linking records must be checked too.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from qlint.discovery.walk import file_filter
from qlint.errors import UsageError
from qlint.record.config import Config
from qlint.record.parse import parse_document


class GitError(Exception):
    pass


@dataclass
class Changes:
    changed: list[Path] = field(default_factory=list)  # added or modified, present now
    old_urls: set[str] = field(default_factory=set)  # urls changed or deleted records had at REF


def _git(cwd: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip().splitlines()[-1] if result.stderr else "git failed")
    return result.stdout


def changes_since(ref: str, where: Path) -> Changes:
    top = Path(_git(where, "rev-parse", "--show-toplevel").decode().strip())
    _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    fields = _git(top, "diff", "--name-status", "-z", "-M", ref, "--").split(b"\0")
    changes = Changes()
    old_paths: list[str] = []
    i = 0
    while i < len(fields) - 1:
        status = fields[i].decode()
        if status.startswith(("R", "C")):
            old, new = fields[i + 1].decode(), fields[i + 2].decode()
            i += 3
            if status.startswith("R"):
                old_paths.append(old)
            changes.changed.append(top / new)
            continue
        name = fields[i + 1].decode()
        i += 2
        if status.startswith("D"):
            old_paths.append(name)
        else:
            changes.changed.append(top / name)
            if status.startswith("M"):
                old_paths.append(name)
    for name in _git(top, "ls-files", "--others", "--exclude-standard", "-z").split(b"\0"):
        if name:
            changes.changed.append(top / name.decode())
    for name in old_paths:
        url = _url_at(top, ref, name)
        if url:
            changes.old_urls.add(url)
    return changes


def _url_at(top: Path, ref: str, name: str) -> str | None:
    """The `url` a record had at `ref` (None if it had none or did not parse)."""
    if not name.endswith(".md"):
        return None
    try:
        data = _git(top, "show", f"{ref}:{name}")
    except GitError:
        return None
    doc = parse_document(data, Path(name), name)
    url = doc.value(("url",)) if doc.parsed else None
    return url if isinstance(url, str) else None


def changed_targets(ref: str, config: Config) -> tuple[list[str], set[str]]:
    """The files under the content root changed since `ref` that the config includes
    (sorted absolute paths), and the urls changed or deleted records had at `ref`."""
    try:
        changes = changes_since(ref, config.root)
    except GitError as exc:
        raise UsageError(f"--changed-since {ref}: {exc}") from None
    keep, targets = file_filter(config), []
    for path in changes.changed:
        try:
            relative = path.relative_to(config.root).as_posix()
        except ValueError:
            continue
        if path.is_file() and keep(relative):
            targets.append(str(path))
    return sorted(targets), changes.old_urls
