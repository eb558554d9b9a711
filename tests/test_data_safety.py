"""Bulk fixing on a copy of the whole real corpus: nothing but the intended bytes change.

Slow (a few minutes): run with `python -m pytest -m slow`.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401 - registers the sloppy-windows-1252 codec
import pytest

pytestmark = pytest.mark.slow


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.md"))}


def qlint_fix(root: Path, *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "qlint", "fix", "--quiet", "--fix-only", "--cache-dir", str(root.parent / f"cache{len(extra)}"), str(root), *extra]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def run(root: Path, *extra: str) -> None:
    process = qlint_fix(root, *extra)
    _, err = process.communicate()
    assert process.returncode == 0, err.decode()


def inject(text: str, rng: random.Random) -> tuple[str, str] | None:
    """(broken, repaired): a defect whose safe fix gives exactly `repaired`, or None."""
    answer_at = text.find("\nanswer: >-\n    ")
    subject_at = text.find("\nsubject:", answer_at)
    choices = []
    if answer_at > 0 and text[answer_at:subject_at].isascii():
        # In an otherwise ASCII answer, ftfy's repair is a plain re-decoding: a safe fix.
        at = text.find(". ", answer_at, subject_at) + 1
        word = rng.choice([" Here’s", " café", " 25°C", " naïve", " 10 µm"])
        broken = word.encode().decode("sloppy-windows-1252")  # as a browser would mis-decode it
        if at > 0:
            choices.append((text[:at] + broken + text[at:], text[:at] + word + text[at:]))
    title_at = text.find("\ntitle: >-\n    ")
    if title_at >= 0:
        at = title_at + len("\ntitle: >-\n    ") + 3
        choices.append((text[:at] + "\u200b" + text[at:], text))
    return rng.choice(choices) if choices else None


def test_bulk_fix_changes_exactly_the_injected_defects(corpus_root, tmp_path):
    root = tmp_path / "learn"
    shutil.copytree(corpus_root, root)
    (tmp_path / "qlint.toml").write_text('root = "learn"\n')
    original = snapshot(root)

    # 1. The corpus as it is: files without a safe fix stay byte-identical; a second run changes nothing.
    run(root)
    first = snapshot(root)
    changed = {name for name in original if first[name] != original[name]}
    assert 2000 < len(changed) < len(original) // 5  # unknown-subject alone fixes 2,475 records
    run(root)
    assert snapshot(root) == first

    # 2. Inject defects with exact safe repairs into files that are otherwise clean now.
    rng = random.Random(8)
    candidates = sorted(set(first) - changed)
    injected: dict[str, str] = {}
    expected = dict(first)
    for name in rng.sample(candidates, 400):
        pair = inject(first[name].decode(), rng)
        if pair is not None:
            (root / name).write_bytes(pair[0].encode())
            injected[name], expected[name] = pair[0], pair[1].encode()
    modes = {}
    for number, name in enumerate(sorted(injected)[:40]):
        mode = 0o600 if number % 2 else 0o640
        (root / name).chmod(mode)
        modes[name] = mode
    assert len(injected) > 300
    run(root)
    after = snapshot(root)
    assert [name for name in first if after[name] != expected[name]] == []  # injected ones repaired exactly, rest untouched
    for name, mode in modes.items():
        assert (root / name).stat().st_mode & 0o777 == mode
    assert not list(root.rglob(".*.qlint-tmp"))

    # 3. Two fix runs at once on the same tree: every file ends either as it was or repaired.
    for name, broken in injected.items():
        (root / name).write_bytes(broken.encode())
    runs = [qlint_fix(root), qlint_fix(root, "--jobs", "1")]
    for process in runs:
        process.communicate()
    final = snapshot(root)
    for name in first:
        assert final[name] in (expected[name], injected.get(name, "").encode()), name
    run(root)
    assert snapshot(root) == expected
