"""Benchmark a bulk fix against a check of the same corpus: time and memory, side by side.

    python benchmarks/fix_bench.py 100000            # a generated corpus, every record fixable
    python benchmarks/fix_bench.py 100000 --repeat 3 --jobs 2

Each run is a separate process on a fresh copy of the corpus with an empty cache (a first
bulk fix, as a team would run it): `qlint check` and `qlint fix --unsafe-fixes`, the two
interleaved, `--repeat` times. Memory is measured two ways: the largest single process
(the parent or a worker: what the kernel reports at exit) and the whole process tree,
sampled every 50 ms (proportional set sizes: shared pages count once). Then one record with 20,000 fixes (doubled quotes): checking it
against fixing it. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def tree_rss(pid: int) -> int:
    """The memory of `pid` and its descendants, in bytes: the sum of their proportional set
    sizes (Linux /proc), where a page two processes share counts half in each (worker
    processes forked from a parent share its pages until they write them)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as handle:
                total += next(int(line.split()[1]) * 1024 for line in handle if line.startswith("Pss:"))
        except (OSError, ValueError, StopIteration):
            pass
        pending.extend(children.get(current, []))
    return total


def timed(command: list[str], cwd: Path) -> tuple[float, float, float, int]:
    """(seconds, largest process MB, largest process tree MB, exit code)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_tree = [0]

    def sample() -> None:
        while process.poll() is None:
            peak_tree[0] = max(peak_tree[0], tree_rss(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024, peak_tree[0] / 2**20, process.returncode


def summary(label: str, runs: list[tuple[float, float, float, int]]) -> str:
    seconds = [run[0] for run in runs]
    return (
        f"| {label:<34} | {statistics.median(seconds):>8.2f} | {min(seconds):>6.2f}-{max(seconds):<6.2f} "
        f"| {max(run[1] for run in runs):>8.0f} | {max(run[2] for run in runs):>9.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=int)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qlint-fix-bench-"))
    try:
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(args.records), str(work / "base"), "--every-record-fixable"], check=True)
        qlint = [sys.executable, "-m", "qlint"]
        runs: dict[str, list] = {"check": [], "fix": []}
        for attempt in range(args.repeat):
            for name, extra in (("check", ["check"]), ("fix", ["fix", "--unsafe-fixes"])):
                # A new copy each time, the old ones deleted only at the end: on a file system
                # without a journal, ext4 passes over inodes deleted in the last minutes when
                # it makes a file, and 100,000 just deleted made each file the fix writes
                # cost a scan (a third of the fix's time was the kernel's).
                project = work / f"project-{attempt}-{name}"
                shutil.copytree(work / "base", project)
                (project / "qlint.toml").write_text('root = "content/learn"\n')
                runs[name].append(timed([*qlint, *extra, "--quiet", "--format", "concise", "--jobs", str(args.jobs)], project))
        one = work / "one"
        shutil.rmtree(one, ignore_errors=True)
        single = next((work / "base" / "content" / "learn").rglob("*.md"))
        target = one / "content" / "learn" / single.parent.name / single.name
        target.parent.mkdir(parents=True)
        text = single.read_text(encoding="utf-8")
        answer_at = text.index("answer: >-\n    ") + len("answer: >-\n    ")
        quotes = " ".join(f'He said ""yes {n}"".' for n in range(10_000))
        (one / "qlint.toml").write_text('root = "content/learn"\n')
        many: dict[str, list] = {"check": [], "fix": []}
        for _ in range(max(3, args.repeat)):
            for name in ("check", "fix"):
                target.write_text(text[:answer_at] + quotes + " " + text[answer_at:], encoding="utf-8")
                many[name].append(timed([*qlint, name, "--quiet", "--no-cache", "--select", "doubled-quotes", str(target)], one))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{args.records} generated records, every one fixable; {args.jobs} jobs; {os.cpu_count()} CPUs\n")
    print(f"| {'run':<34} | {'median s':>8} | {'range s':>13} | {'max proc MB':>8} | {'max tree MB':>9} |")
    print(f"|{'-' * 36}|{'-' * 9}:|{'-' * 15}:|{'-' * 13}:|{'-' * 14}:|")
    print(summary("qlint check (cold)", runs["check"]))
    print(summary("qlint fix --unsafe-fixes (cold)", runs["fix"]))
    print(summary("one record, 20,000 fixes: check", many["check"]))
    print(summary("one record, 20,000 fixes: fix", many["fix"]))
    ratio = statistics.median(r[0] for r in runs["fix"]) / statistics.median(r[0] for r in runs["check"])
    memory = max(r[2] for r in runs["fix"]) / max(r[2] for r in runs["check"])
    single_memory = max(r[1] for r in runs["fix"]) / max(r[1] for r in runs["check"])
    one_ratio = statistics.median(r[0] for r in many["fix"]) / statistics.median(r[0] for r in many["check"])
    print(f"\nfix / check: time {ratio:.2f}x (medians), tree memory {memory:.2f}x, largest process {single_memory:.2f}x")
    print(f"one record with 20,000 fixes: fix / check time {one_ratio:.2f}x (medians)")


if __name__ == "__main__":
    main()
