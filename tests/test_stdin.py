"""`qlint check --stdin-filename PATH -` and `qlint fix --stdin-filename PATH -`: a record on
stdin is linted as the file at PATH would be, and fixed the way `qlint fix` fixes that file;
nothing is written to disk."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qlint.cli import main
from tests.conftest import VALID, VALID_PATH, replace_once

MOJIBAKE = replace_once(VALID, "Plants capture light", "Plantsâ€™ leaves capture light")
BROKEN_LINK = "/learn/biology/questions/what-is-the-role-of-chlorophyll-in-photosynthesis"


def qlint(cwd: Path, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    """`qlint ARGS` run in `cwd` with `stdin`, in this process (a process each is seconds)."""
    streams = [io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="") for data in (stdin, b"", b"")]
    saved, cwd_before = (sys.stdin, sys.stdout, sys.stderr), os.getcwd()
    sys.stdin, sys.stdout, sys.stderr = streams
    code = 0
    try:
        os.chdir(cwd)
        main(list(args))
    except SystemExit as exc:
        code = exc.code
    finally:
        os.chdir(cwd_before)
        sys.stdin, sys.stdout, sys.stderr = saved
    out, err = (stream.flush() or stream.buffer.getvalue() for stream in streams[1:])
    return subprocess.CompletedProcess(args, code, out, err)


def test_a_real_pipe_from_another_process(project):
    rel = "content/learn/" + VALID_PATH
    command = [sys.executable, "-m", "qlint", "fix", "--no-cache", "--stdin-filename", rel, "-"]
    piped = subprocess.run(command, cwd=project, input=MOJIBAKE.encode(), capture_output=True, timeout=120)
    assert piped.returncode == 0 and piped.stdout == MOJIBAKE.replace("Plantsâ€™", "Plants’").encode()


def test_check_reports_what_a_check_of_the_file_with_that_text_reports(project):
    rel = "content/learn/" + VALID_PATH
    text = replace_once(MOJIBAKE, "score: 0.82", "score: -1.0")
    piped = qlint(project, "check", "--format", "json", "--no-cache", "--stdin-filename", rel, "-", stdin=text.encode())
    (project / rel).write_text(text, encoding="utf-8")
    on_disk = qlint(project, "check", "--format", "json", "--no-cache", rel)
    assert piped.returncode == on_disk.returncode == 1
    assert [d["code"] for d in json.loads(piped.stdout)] == ["Q201", "Q302"]
    assert json.loads(piped.stdout) == json.loads(on_disk.stdout)


def test_links_resolve_against_the_content_root_and_the_text_stands_in_for_its_file(project):
    rel = "content/learn/" + VALID_PATH
    clean = qlint(project, "check", "--no-cache", "--stdin-filename", rel, stdin=VALID.encode())  # (no '-': stdin too)
    assert clean.returncode == 0, clean.stdout.decode()  # its own file, same url and id, is not a duplicate
    broken = replace_once(VALID, BROKEN_LINK, BROKEN_LINK + "-in-algae")
    found = qlint(project, "check", "--format", "json", "--no-cache", "--stdin-filename", rel, "-", stdin=broken.encode())
    assert [(d["code"], d["line"], d["column"]) for d in json.loads(found.stdout)] == [("Q403", 31, 10)]
    # A record that is not on disk yet links to the root's records like any other.
    new = qlint(project, "check", "--no-cache", "--stdin-filename", "content/learn/biology/new.md", "-", stdin=broken.encode())
    assert b"Q403" in new.stdout and b"Q501" in new.stdout  # file_name names another file


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_fix_prints_what_qlint_fix_writes_and_writes_nothing(project, newline, bom):
    rel = "content/learn/" + VALID_PATH
    given = bom + MOJIBAKE.replace("\n", newline).encode()
    before = (project / rel).read_bytes()
    piped = qlint(project, "fix", "--no-cache", "--stdin-filename", rel, "-", stdin=given)
    assert (project / rel).read_bytes() == before  # nothing written
    assert piped.returncode == 0 and b"Fixed 1 problem, 0 remaining." in piped.stderr
    (project / rel).write_bytes(given)
    assert qlint(project, "fix", "--no-cache", rel).returncode == 0
    assert piped.stdout == (project / rel).read_bytes()
    assert piped.stdout.startswith(bom + b"---" + newline.encode()) and "Plants’ leaves".encode() in piped.stdout


def test_fix_reports_what_remains_on_stderr_and_keeps_stdout_for_the_record(project):
    rel = "content/learn/" + VALID_PATH
    text = replace_once(MOJIBAKE, "score: 0.82", "score: -1.0")
    piped = qlint(project, "check", "--fix", "--no-cache", "--stdin-filename", rel, "-", stdin=text.encode())
    assert piped.returncode == 1  # a problem remains
    assert piped.stdout.decode() == text.replace("Plantsâ€™", "Plants’")
    assert b"Q302 [placeholder-score]" in piped.stderr and b"Fixed 1 problem, 1 remaining." in piped.stderr


@pytest.mark.parametrize("given", [VALID.encode(), b"\xff\xfe not UTF-8 \x00", b"no front matter\r\n"])
def test_fix_with_nothing_to_fix_prints_the_input_byte_for_byte(project, given):
    piped = qlint(project, "fix", "--no-cache", "--fix-only", "--stdin-filename", "content/learn/" + VALID_PATH, "-", stdin=given)
    assert piped.returncode == 0 and piped.stdout == given


def test_diff_prints_the_fix_as_a_diff(project):
    rel = "content/learn/" + VALID_PATH
    piped = qlint(project, "fix", "--diff", "--no-cache", "--stdin-filename", rel, "-", stdin=MOJIBAKE.encode())
    assert piped.returncode == 1
    assert f"--- a/{rel}".encode() in piped.stdout and "+    Plants’ leaves".encode() in piped.stdout


@pytest.mark.parametrize(
    "args",
    [["check", "-"], ["check", "--stdin-filename", "a.md", "a.md"], ["check", "--stdin-filename", "a.md", "-", "b.md"],
     ["check", "--stdin-filename", "a.md", "--changed-since", "HEAD"]],  # fmt: skip
)
def test_stdin_usage_errors_are_one_line_and_exit_2(project, args):
    result = qlint(project, *args, stdin=VALID.encode())
    assert result.returncode == 2 and result.stderr.decode().count("\n") == 1 and b"stdin" in result.stderr
