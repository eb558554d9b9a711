"""What changed since a git revision: for `qlint check --changed-since REF`.

Besides the changed files themselves, the urls they had at REF matter: a record that is
deleted, renamed or given a new url leaves links elsewhere pointing at the old url, and
those linking records must be checked too.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from qlint.discovery.walk import file_filter
from qlint.errors import UsageError
from qlint.record.config import Config
from qlint.record.parse import parse_document


class GitError(Exception):
    pass


@dataclass
class Changes:
    changed: list[Path] = field(default_factory=list)  # added or modified, present now
    old_urls: "OldUrls | None" = None  # urls changed or deleted records had at REF


class OldRecord(NamedTuple):
    name: str  # its path in the repository at the revision
    blob: str  # the id of its content there


class OldUrls:
    """The `url`s records had at a revision, read by one `git cat-file --batch` (one process
    for all of them: a bulk change touches thousands of records), which runs while the
    check goes on. Its input and output are files, not pipes: no thread is needed to feed
    and drain them (worker processes are forked meanwhile), and no pipe can fill."""

    def __init__(self, top: Path, records: list[OldRecord]) -> None:
        self.records, self._top = records, top
        self._asked = tempfile.TemporaryFile()
        self._answer = tempfile.TemporaryFile()
        self._asked.write(b"".join(record.blob.encode("ascii") + b"\n" for record in records))
        self._asked.seek(0)
        try:
            self._git = subprocess.Popen(
                ["git", "cat-file", "--batch"], cwd=top, stdin=self._asked, stdout=self._answer, stderr=subprocess.PIPE
            )
        except OSError as exc:
            raise GitError(f"cannot run git: {exc.strerror or exc}") from None
        self._urls: set[str] | None = None

    def close(self) -> None:
        """Stop, unread (the urls were not needed)."""
        if self._urls is None:
            self._git.kill()
            self._git.communicate()
            self._asked.close()
            self._answer.close()
            self._urls = set()

    def get(self) -> set[str]:
        if self._urls is None:
            _, said = self._git.communicate()
            if self._git.returncode != 0:
                reason = _reason(said, f"`git cat-file` exited with status {self._git.returncode}")
                raise GitError(reason + _shallow_remedy(self._top))
            self._answer.seek(0)
            self._urls = _urls_in(self._answer.read(), [record.name for record in self.records])
            self._asked.close()
            self._answer.close()
        return self._urls


def _git(cwd: Path, *args: str, input: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, input=input, capture_output=True, check=False)
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None
    if result.returncode != 0:
        raise GitError(_reason(result.stderr, f"`git {args[0]}` exited with status {result.returncode}"))
    return result.stdout


def _reason(said: bytes, otherwise: str) -> str:
    """git's own reason for failing, from its stderr: the first line that says what went
    wrong (`fatal:`, `error:`), else its first line (the CLI makes it printable)."""
    lines = [line.strip() for line in said.decode("utf-8", "replace").splitlines() if line.strip()]
    if not lines:
        return otherwise
    return "git says: " + next((line for line in lines if line.startswith(("fatal:", "error:"))), lines[0])


def changes_since(ref: str, where: Path) -> Changes:
    top = Path(os.fsdecode(_git(where, "rev-parse", "--show-toplevel").strip()))
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(_unknown_revision(top, ref)) from None
    try:
        return _changes(top, ref)
    except GitError as exc:
        raise GitError(f"{exc}{_shallow_remedy(top)}") from None


def _changes(top: Path, ref: str) -> Changes:
    # The raw form names each changed file's blob at REF: the old urls are read by blob id.
    # (Asked for as REF:path, each blob costs git a walk of the trees above it: a bulk
    # change of thousands of records took seconds.)
    fields = _git(top, "diff", "--raw", "-z", "--no-abbrev", "-M", ref, "--").split(b"\0")
    changes = Changes()
    old_records: list[OldRecord] = []
    i = 0
    while i < len(fields) - 1:
        # `:mode mode blob blob status`, then the path (two for a rename or copy). File names
        # are bytes to git: taken as the file system does (not necessarily UTF-8).
        meta = fields[i].decode("ascii", "replace").split()
        old_blob, status = meta[2], meta[-1]
        if status.startswith(("R", "C")):
            old, new = os.fsdecode(fields[i + 1]), os.fsdecode(fields[i + 2])
            i += 3
            if status.startswith("R"):
                old_records.append(OldRecord(old, old_blob))
            changes.changed.append(top / new)
            continue
        name = os.fsdecode(fields[i + 1])
        i += 2
        if status.startswith("D"):
            old_records.append(OldRecord(name, old_blob))
        else:
            changes.changed.append(top / name)
            if status.startswith("M"):
                old_records.append(OldRecord(name, old_blob))
    for name in _git(top, "ls-files", "--others", "--exclude-standard", "-z").split(b"\0"):
        if name:
            changes.changed.append(top / os.fsdecode(name))
    changes.old_urls = OldUrls(top, [record for record in old_records if record.name.endswith(".md")])
    return changes


def _unknown_revision(top: Path, ref: str) -> str:
    """Why `ref` cannot be read, and what to do about it."""
    if _shallow(top):
        return (
            f"'{ref}' is not in this clone: it is shallow (CI checkouts fetch one commit by default); "
            "fetch the history first (actions/checkout: fetch-depth: 0; or git fetch --unshallow)"
        )
    remote, _, branch = ref.partition("/")
    if branch and remote in _remotes(top):
        return f"'{ref}' is not in this clone: fetch it first (git fetch {remote} {branch})"
    return f"'{ref}' is not a commit of this repository (a branch, tag or commit, such as origin/main)"


def _shallow_remedy(top: Path) -> str:
    """What to add to a git failure in a shallow clone (where history git needs is missing)."""
    if not _shallow(top):
        return ""
    return "; this clone is shallow: fetch the history (actions/checkout: fetch-depth: 0; or git fetch --unshallow)"


def _shallow(top: Path) -> bool:
    try:
        return _git(top, "rev-parse", "--is-shallow-repository").strip() == b"true"
    except GitError:
        return False


def _remotes(top: Path) -> set[str]:
    try:
        return set(os.fsdecode(_git(top, "remote")).split())
    except GitError:
        return set()


def _urls_in(answer: bytes, names: list[str]) -> set[str]:
    """The urls of the records `git cat-file --batch` answered with, one after another."""
    urls, at = set(), 0
    for name in names:
        end = answer.index(b"\n", at)
        header = answer[at:end].split()
        at = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # not a file at that revision ("missing")
        size = int(header[2])
        data, at = answer[at : at + size], at + size + 1  # the content, then a line break
        url = _plain_url(data)
        if url is None:  # quoted, a block, an escape...: the parser says what it is
            doc = parse_document(data, Path(name), name)
            url = doc.value(("url",)) if doc.parsed else None
        if isinstance(url, str):
            urls.add(url)
    return urls


# `url: /learn/x/questions/y` at the start of a line of the front matter: a plain scalar
# without anything YAML would read otherwise (a quote, a comment, a colon and space...).
_PLAIN_URL = re.compile(rb"^url:[ \t]+(/[^\s'\"#]*)[ \t]*\r?$", re.M)


def _plain_url(data: bytes) -> str | None:
    """The record's url when its front matter writes it plainly (most do), read without
    parsing the whole record; None otherwise."""
    end = data.find(b"\n---", 3)
    matches = _PLAIN_URL.findall(data, 0, end if end > 0 else len(data))
    if len(matches) != 1 or b": " in matches[0]:
        return None
    try:
        return matches[0].decode("utf-8")
    except UnicodeDecodeError:
        return None


def changed_targets(ref: str, config: Config) -> tuple[list[str], OldUrls]:
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
