"""Benchmark pull-request mode: `qlint check --changed-since REF` after a large change,
against a check of the whole corpus, both from the same warm cache.

    python benchmarks/changed_since.py PATH/TO/content/learn [--changed 3000] [--repeat 5]

The corpus is copied into a git repository and committed; a check fills the cache; then
`--changed` records are edited (a score changed: each one a new file to parse). Every run
starts from a copy of that same cache, the two commands interleaved, `--repeat` times.
Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GIT = ["git", "-c", "user.email=bench@example.com", "-c", "user.name=bench", "-c", "commit.gpgsign=false"]


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {result.stderr.decode()}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--changed", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qlint-changed-"))
    try:
        project = work / "project"
        shutil.copytree(args.root, project / "content" / "learn")
        (project / "qlint.toml").write_text('root = "content/learn"\n')
        # Committed and packed, as a clone is (and no automatic gc running during a run).
        for command in (["init", "-q"], ["add", "."], ["-c", "gc.auto=0", "commit", "-qm", "corpus"], ["gc", "-q"]):
            subprocess.run([*GIT, *command], cwd=project, check=True, capture_output=True)
        qlint = [sys.executable, "-m", "qlint", "check", "--quiet", "--format", "concise"]
        timed(qlint, project)  # the cache, as of the commit
        shutil.copytree(project / ".qlint_cache", work / "warm-cache")
        records = sorted((project / "content" / "learn").rglob("*.md"))
        for path in random.Random(3).sample(records, args.changed):
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("score: ", "score:  ", 1), encoding="utf-8")
        runs: dict[str, list[float]] = {"whole corpus": [], "--changed-since HEAD": []}
        for _ in range(args.repeat):
            for name, extra in (("whole corpus", []), ("--changed-since HEAD", ["--changed-since", "HEAD"])):
                shutil.rmtree(project / ".qlint_cache")
                shutil.copytree(work / "warm-cache", project / ".qlint_cache")
                runs[name].append(timed([*qlint, *extra], project))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{len(records)} records, {args.changed} changed since the commit; warm cache of the commit; {os.cpu_count()} CPUs\n")
    print(f"| {'run':<38} | {'median s':>8} | {'range s':>13} |")
    print(f"|{'-' * 40}|{'-' * 9}:|{'-' * 14}:|")
    for name, seconds in runs.items():
        print(f"| {'qlint check ' + name:<38} | {statistics.median(seconds):>8.2f} | {min(seconds):>6.2f}-{max(seconds):<6.2f} |")
    ratio = statistics.median(runs["--changed-since HEAD"]) / statistics.median(runs["whole corpus"])
    print(f"\n--changed-since / whole corpus: {ratio:.2f} (medians)")


if __name__ == "__main__":
    main()
