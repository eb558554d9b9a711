"""One bad file never stops a run: each is a diagnostic of its own, and every other file's
results are what they would be without it."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import qlint.fixing.atomic
import qlint.fixing.bulk
from tests.conftest import RELATED, RELATED_PATH, VALID, VALID_PATH, replace_once, run_cli
from tests.rules.corpus_helpers import write

NOBODY = 65534


def unprivileged() -> list[str]:
    """The prefix that runs a command as a user file permissions apply to: root ignores
    them, and the tests here are about what a user who cannot read or write sees."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: file permissions cannot be tested")
    prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    if not _can_import_qlint(tuple(prefix)):
        pytest.skip(f"the unprivileged user cannot import qlint from {sys.prefix} (a folder it cannot read)")
    return prefix


@functools.lru_cache(maxsize=1)
def _can_import_qlint(prefix: tuple[str, ...]) -> bool:
    tried = subprocess.run([*prefix, sys.executable, "-c", "import qlint.cli"], cwd="/", capture_output=True)
    return tried.returncode == 0


def run_qlint(project: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """qlint run as the unprivileged user, in `project`."""
    command = [*unprivileged(), sys.executable, "-m", "qlint", *args]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=timeout, errors="surrogateescape")


def give_away(project: Path) -> None:
    """The project as the unprivileged user's own (when the tests run as root)."""
    if os.geteuid() == 0:
        project.chmod(0o755)
        for folder, folders, files in os.walk(project):
            for name in [*folders, *files]:
                os.lchown(os.path.join(folder, name), NOBODY, NOBODY)
        os.lchown(project, NOBODY, NOBODY)
        for parent in project.parents:  # the user must reach it (pytest's folders are 0700)
            if parent.stat().st_mode & 0o005 != 0o005:
                parent.chmod(parent.stat().st_mode | 0o005)


@pytest.fixture
def reachable_tmp():
    """A fresh folder outside pytest's own temporary root: that root is private to the user
    running the tests (pytest makes it so again whenever a session starts), and the
    unprivileged user must reach the projects."""
    folder = Path(tempfile.mkdtemp(prefix="qlint-hostile-"))
    folder.chmod(0o755)
    yield folder
    for inside, folders, _ in os.walk(folder):  # (a folder of the test's made unreadable)
        for name in folders:
            os.chmod(os.path.join(inside, name), 0o755)
    shutil.rmtree(folder, ignore_errors=True)


def good_records(root: Path) -> None:
    """Records with problems of their own, some fixable: the results other files must keep."""
    write(root, VALID_PATH, replace_once(VALID, "score: 0.82", "score: -1.0"))
    write(root, RELATED_PATH, replace_once(RELATED, "    id: 501234", "    id: 42"))  # fixable: stale link id
    write(root, "biology/mojibake.md", replace_once(
        VALID.replace("how-do-plants-turn-sunlight-into-chemical-energy", "mojibake").replace("501234", "501299"),
        "Plants capture light", "Hereâ€™s how plants capture light",
    ))  # fmt: skip


def big_number(field: str) -> str:
    return VALID.replace(f"\n{field}: ", f"\n{field}: {'9' * 5000}\nwas_{field}: ", 1)


def hostile_records(root: Path) -> dict[str, str]:
    """One of each file that once ended a run; name -> what its diagnostic must say."""
    expected = {}
    for field in ("id", "score"):
        write(root, f"numbers/{field}.md", big_number(field))
        expected[f"numbers/{field}.md"] = "Q003 [yaml-syntax-error] a number of 5000 digits: too long to read"
    locked = root / "locked"
    write(locked, "inside.md", VALID)
    locked.chmod(0)
    expected["locked"] = "Q001 [unreadable-file] cannot list folder: Permission denied: the records in it are not checked"
    (root / "binary.md").write_bytes(b"---\x00\x01")
    expected["binary.md"] = "Q001 [unreadable-file] binary file: NUL byte at byte offset 3"
    (root / "latin1.md").write_bytes(VALID.replace("How do plants", "Caf\xe9: how do plants").encode("latin-1"))
    expected["latin1.md"] = "Q001 [unreadable-file] not valid UTF-8: byte 0xe9 at byte offset 66"
    deep = replace_once(VALID, "score: 0.82", "score: 0.82\ndeep: " + "[" * 80 + "]" * 80)
    write(root, "deep.md", deep)
    expected["deep.md"] = "deep.md:26:70: Q003 [yaml-syntax-error] invalid YAML: nesting deeper than 64 levels"
    return expected


def clean_and_hostile(folder: Path) -> tuple[Path, Path, dict[str, str]]:
    """Two projects holding the same good records, one with the hostile files besides, given
    to the unprivileged user; and what each hostile file's diagnostic must say."""
    clean, hostile = folder / "clean", folder / "hostile"
    for project in (clean, hostile):
        (project / "learn").mkdir(parents=True)
        (project / "qlint.toml").write_text('root = "learn"\n')
        good_records(project / "learn")
    expected = hostile_records(hostile / "learn")
    give_away(folder)
    return clean, hostile, expected


def diagnostics_by_file(output: str) -> dict[str, list]:
    found: dict[str, list] = {}
    for d in json.loads(output):
        found.setdefault(d["path"], []).append(d)
    return found


def test_a_corpus_with_one_of_each_hostile_file_reports_each_and_changes_no_other_result(reachable_tmp):
    clean, hostile, expected = clean_and_hostile(reachable_tmp)
    before = run_qlint(clean, "check", "--no-cache", "--format", "json")
    after = run_qlint(hostile, "check", "--no-cache", "--format", "json")
    assert before.returncode == after.returncode == 1, after.stderr
    assert "internal error" not in after.stderr
    wanted, got = diagnostics_by_file(before.stdout), diagnostics_by_file(after.stdout)
    for path, found in wanted.items():
        assert got.pop(path) == found
    text = run_qlint(hostile, "check", "--no-cache", "--format", "concise").stdout
    for name, says in expected.items():
        assert f"learn/{name}" in got, name
        assert any(says in line for line in text.splitlines() if f"learn/{name}" in line), (name, text)
    assert sorted(got) == sorted(f"learn/{name}" for name in expected)


def test_a_fix_run_with_hostile_files_fixes_every_other_file(reachable_tmp):
    clean, hostile, _ = clean_and_hostile(reachable_tmp)
    fixed_clean = run_qlint(clean, "fix", "--no-cache")
    fixed = run_qlint(hostile, "fix", "--no-cache")
    assert fixed.returncode == 1 and "internal error" not in fixed.stderr
    assert "Fixed 2 problems in 2 files" in fixed_clean.stdout and "Fixed 2 problems in 2 files" in fixed.stdout
    for path in (clean / "learn").rglob("*.md"):
        assert (hostile / path.relative_to(clean)).read_bytes() == path.read_bytes()


def test_a_folder_qlint_cannot_write_into_refuses_its_fixes_and_the_run_goes_on(reachable_tmp):
    (reachable_tmp / "qlint.toml").write_text('root = "learn"\n')
    root = reachable_tmp / "learn"
    good_records(root)
    give_away(reachable_tmp)
    (root / "biology").chmod(0o555)  # its files stay writable, the folder takes no new file
    write(root, "chemistry/mojibake.md", (root / "biology" / "mojibake.md").read_text().replace("501299", "501298"))
    give_away(reachable_tmp)
    result = run_qlint(reachable_tmp, "fix", "--no-cache")
    assert result.returncode == 1 and "internal error" not in result.stderr
    assert "learn/biology/mojibake.md: not written: cannot write it: Permission denied" in result.stderr
    assert "â€™" not in (root / "chemistry" / "mojibake.md").read_text()  # fixed all the same


def test_a_fifo_named_on_the_command_line_is_reported_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    write(tmp_path, VALID_PATH, VALID)
    command = [sys.executable, "-m", "qlint", "check", "--no-cache", "--format", "concise", str(fifo), str(tmp_path / VALID_PATH)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 1
    assert "pipe.md:1:1: Q001 [unreadable-file] not a file but a FIFO: not read" in result.stdout.splitlines()


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_device_named_on_the_command_line_is_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--no-cache", "--format", "concise", "--no-force-exclude", "/dev/null")
    assert result.exit_code == 1
    assert "/dev/null:1:1: Q001 [unreadable-file] not a file but a character device: not read" in result.stdout


@pytest.mark.parametrize("field", ["id", "score"])
def test_a_number_too_long_for_python_is_reported_where_it_is(tmp_path, monkeypatch, field):
    write(tmp_path, VALID_PATH, big_number(field))
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--no-cache", "--format", "concise", VALID_PATH)
    line = 1 + big_number(field).split(f"\n{field}: 9")[0].count("\n") + 1
    column = len(field) + 3
    assert result.exit_code == 1
    assert f"{VALID_PATH}:{line}:{column}: Q003 [yaml-syntax-error] a number of 5000 digits: too long to read" in result.stdout


def test_a_file_name_too_long_for_a_temporary_name_beside_it_is_fixed(tmp_path, monkeypatch):
    name = "a" * (255 - len(".md")) + ".md"  # the longest name the file system takes
    text = replace_once(RELATED, "    id: 501234", "    id: 42")
    write(tmp_path, VALID_PATH, VALID)
    path = write(tmp_path, f"biology/{name}", text.replace("what-is-the-role-of-chlorophyll-in-photosynthesis.md", name))
    monkeypatch.chdir(tmp_path)
    result = run_cli("fix", "--no-cache", "--select", "related-id-mismatch", ".")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "    id: 501234" in path.read_text()


def test_a_file_deleted_while_being_fixed_is_refused_and_the_others_are_written(tmp_path, monkeypatch):
    first = write(tmp_path, "biology/a.md", replace_once(RELATED, "    id: 501234", "    id: 42"))
    second = write(tmp_path, "biology/b.md", replace_once(RELATED, "    id: 501234", "    id: 43"))
    write(tmp_path, VALID_PATH, VALID)
    original = qlint.fixing.atomic.write_all

    def deleting_first(writes):
        first.unlink()  # gone between the fix and its write
        return original(writes)

    monkeypatch.setattr(qlint.fixing.atomic, "write_all", deleting_first)
    monkeypatch.setattr(qlint.fixing.bulk, "write_all", deleting_first)
    monkeypatch.chdir(tmp_path)
    result = run_cli("fix", "--no-cache", "--jobs", "1", "--select", "related-id-mismatch", ".")
    assert "biology/a.md: not written: it was deleted while being fixed" in result.stdout + result.stderr
    assert not first.exists() and "    id: 501234" in second.read_text()
    assert result.exit_code == 1 and "internal error" not in result.stderr


def test_an_unreadable_folder_is_reported_in_process_too(tmp_path, monkeypatch):
    """The same report from the API's in-process run (root can read anything: the refusal
    is simulated where the walk lists the folder)."""
    write(tmp_path, VALID_PATH, VALID)
    write(tmp_path, "locked/inside.md", VALID)
    locked = str(tmp_path / "locked")
    real_scandir = os.scandir

    def refusing(path="."):
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--no-cache", "--jobs", "1", "--format", "concise", ".")
    assert result.exit_code == 1
    assert (
        "locked:1:1: Q001 [unreadable-file] cannot list folder: Permission denied: the records in it are not checked"
    ) in result.stdout.splitlines()
