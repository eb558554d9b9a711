"""Hostile and broken input: qlint never raises, positions stay inside the file, limits hold."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qlint.record.config import Config
from qlint.record.document import split_lines
from tests.conftest import RELATED, RELATED_PATH, VALID, VALID_PATH, check_paths, codes, fix_paths, lint_text, replace_once, run_cli

INSERTS = [b"---", b"---\n", b":", b": ", b'"', b"'", b"\t", b"\x00", b"\xff", b"\xc3", b"\r", b"\r\n", b"\n",
           b"#", b"&a", b"*a", b"!!python/object:os.system ", b"[", b"{", b"- ", b"\xef\xbb\xbf", b"\xe2\x80\xa8"]  # fmt: skip


@st.composite
def mutated(draw, base: bytes = VALID.encode()) -> bytes:
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "newlines"]))
        at = draw(st.integers(0, len(data)))
        if kind == "truncate":
            del data[at:]
        elif kind == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(INSERTS))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif kind == "newlines":
            data = bytearray(bytes(data).replace(b"\n", draw(st.sampled_from([b"\r\n", b"\r", b"\n\r"]))))
    return bytes(data)


def check_and_fix(data: bytes) -> None:
    """Lint and fix one file; assert nothing raised and every position is inside the file."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / RELATED_PATH).parent.mkdir(parents=True)
        (root / RELATED_PATH).write_text(RELATED)
        path = root / VALID_PATH
        path.write_bytes(data)
        config = Config(root=root)
        config.source = root / "qlint.toml"
        result = check_paths([path], config)
        assert result.internal_errors == []
        text = data.decode("utf-8", "replace").removeprefix("\ufeff")
        lines = split_lines(text)
        for d in result.diagnostics:
            span = d.span
            assert 1 <= span.start_line <= span.end_line <= len(lines), d
            assert 1 <= span.start_column <= len(lines[span.start_line - 1]) + 1, d
            assert 0 <= span.start_offset <= span.end_offset <= len(text), d
        report = fix_paths([path], config, unsafe=True)
        assert report.result.internal_errors == []
        after = path.read_bytes()
        if after != data:  # a fix never makes a file unreadable
            assert after.decode("utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_records_never_crash_and_positions_stay_inside(data):
    check_and_fix(data)


@pytest.mark.slow
@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_ten_thousand_mutated_records(data):
    check_and_fix(data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda t: ("---\n" + t + "\n---\n").encode("utf-8", "surrogatepass")))
def test_arbitrary_bytes_never_crash(data):
    check_and_fix(data)


def test_billion_laughs_is_built_once_and_checked_quickly(root):
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    text = replace_once(VALID, "_schema: default", "_schema: default\n" + "\n".join(lines))
    text = replace_once(text, "author: QuickTakes", "author: *a9")
    start = time.monotonic()
    found = lint_text(root, text)
    assert time.monotonic() - start < 5
    assert "Q102" in codes(found) and "Q104" in codes(found)


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deep_nesting_is_refused_with_a_diagnostic_where_it_happens(root, depth):
    text = replace_once(VALID, "score: 0.82", "score: 0.82\ndeep: " + "[" * depth + "]" * depth)
    [found] = lint_text(root, text)
    assert found.code == "Q003" and "nesting deeper than 64" in found.message
    # On the nesting's line, inside its brackets: at the level past the limit, or (where
    # libyaml refuses first, scanning ahead) where libyaml stopped.
    assert found.span.start_line == 26 and found.span.start_column >= 7 + 63


def test_deep_block_nesting_is_reported_at_the_first_line_too_deep(root):
    keys = "".join(f"{'  ' * level}k{level}:\n" for level in range(80))
    text = replace_once(VALID, "score: 0.82\n", "score: 0.82\ndeep:\n" + "  " + keys.replace("\n", "\n  ").rstrip() + " 1\n")
    [found] = lint_text(root, text)
    assert found.code == "Q003" and "nesting deeper than 64" in found.message
    # The record's mapping is level 1; k0's (on line 27) is level 2, so k63's, on line
    # 27 + 63, is the 65th.
    assert (found.span.start_line, found.span.start_column) == (27 + 63, 2 * 63 + 3)


def test_python_tags_are_refused(root):
    text = replace_once(VALID, "score: 0.82", "score: !!python/object/apply:os.system ['echo pwned']")
    [found] = lint_text(root, text)
    assert found.code == "Q003" and (found.span.start_line, found.span.start_column) == (25, 8)


def test_a_very_long_line_is_checked_and_shown_as_a_window(root, monkeypatch):
    answer = "word " * 200_000 + "Hereâ€™s the end."
    text = replace_once(VALID, "Plants capture light", answer + " Plants capture light")
    start = time.monotonic()
    path = root / VALID_PATH
    path.parent.mkdir(parents=True)
    path.write_text(text)
    monkeypatch.chdir(root)
    result = run_cli("check", "--no-cache", "--select", "Q201", VALID_PATH)
    assert time.monotonic() - start < 10
    assert result.stdout.count("\n") < 10 and max(len(line) for line in result.stdout.splitlines()) < 400


def test_a_file_over_the_size_cap_is_reported_without_being_read(tmp_path):
    (tmp_path / "qlint.toml").write_text("max-file-size = 1000000\n")
    big = tmp_path / "biology" / "huge.md"
    big.parent.mkdir()
    with big.open("wb") as out:
        out.write(VALID.encode())
        out.truncate(50 * 2**20)  # 50 MB (sparse): reading it would be slow and large
    command = [sys.executable, "-m", "qlint", "check", "--no-cache", "--format", "concise", str(tmp_path)]
    start = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True)
    assert time.monotonic() - start < 10
    assert result.returncode == 1
    assert "Q001 [unreadable-file] file is 50.0 MiB, over the 0.953674 MiB limit" in result.stdout


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_file_that_never_ends_is_not_read(tmp_path, monkeypatch):
    # Its size says 0; reading "the whole file" would never stop.
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--no-cache", "--format", "concise", "--no-force-exclude", "/dev/zero")
    assert result.exit_code == 1
    assert "/dev/zero:1:1: Q001 [unreadable-file] not a file but a character device: not read" in result.stdout


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("file_name", "../../etc/passwd.md"),
        ("file_name", "/abs/path.md"),
        ("file_name", "sub/dir.md"),
        ("file_name", '"name\\0.md"'),
        ("url", "/learn/../questions/x"),
        ("url", "/learn/biology/questions/../../admin"),
        ("url", "//evil.example/learn/a/questions/b"),
        ("url", '"/learn/biology/questions/a\\0b"'),
    ],
)
def test_path_like_values_that_escape_are_invalid_format(root, field, value):
    old = next(line for line in VALID.splitlines() if line.startswith(f"{field}: "))
    found = lint_text(root, replace_once(VALID, old, f"{field}: {value}"), select=["Q103"])
    assert [(d.code, d.field) for d in found] == [("Q103", field)]


def test_symlinks_are_not_followed_out_of_the_root(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(replace_once(VALID, "    id: 501240", "    id: 77"))
    root = tmp_path / "learn"
    (root / "biology").mkdir(parents=True)
    (root / RELATED_PATH).write_text(RELATED)
    os.symlink(outside / "secret.md", root / "biology" / "linked.md")
    os.symlink(outside, root / "linked-folder")
    (tmp_path / "qlint.toml").write_text('root = "learn"\n')
    result = run_cli("fix", "--no-cache", str(root))
    assert "1 file checked" in result.stdout and "Fixed 0 problems" in result.stdout
    assert "id: 77" in (outside / "secret.md").read_text()


def test_fix_refuses_to_write_outside_the_content_root(tmp_path):
    (tmp_path / "qlint.toml").write_text('root = "learn"\n')
    (tmp_path / "learn" / "biology").mkdir(parents=True)
    (tmp_path / "learn" / RELATED_PATH).write_text(RELATED)
    stray = tmp_path / "elsewhere" / "biology" / "x.md"
    stray.parent.mkdir(parents=True)
    stray.write_text(replace_once(VALID, "    id: 501240", "    id: 77"))
    skipped = run_cli("fix", "--no-cache", "--config", str(tmp_path / "qlint.toml"), str(stray))
    assert "0 files checked" in skipped.stdout  # named, but outside the root: not a record of it
    result = run_cli("fix", "--no-cache", "--no-force-exclude", "--config", str(tmp_path / "qlint.toml"), str(stray))
    assert "not written: it is outside the content root" in result.stderr
    assert "id: 77" in stray.read_text()
