"""Benchmark qlint against the floor (read + libyaml compose) and, if installed, yamllint.

    python benchmarks/bench.py CONTENT_ROOT            # e.g. the real corpus, extracted
    python benchmarks/bench.py --generate 100000       # a synthetic corpus (benchmarks/generate.py)

Every qlint run is a separate `qlint check` process on a configured copy of the root, timed
from start to exit, with its peak RSS. Printed as a table with ratios to the floor. Not a
test: numbers depend on the machine; run it on a quiet one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def floor(files: list[Path]) -> float:
    """Read every file and compose its front matter with libyaml: the least any linter does."""
    loader = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader
    start = time.perf_counter()
    for path in files:
        text = path.read_bytes().decode("utf-8")
        end = text.find("\n---", 3)
        if text.startswith("---") and end > 0:
            yaml.compose(text[4:end], Loader=loader)
    return time.perf_counter() - start


def timed(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit code) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, help="content root to benchmark (copied first)")
    parser.add_argument("--generate", type=int, metavar="N", help="benchmark a generated corpus of N records")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="workers for the parallel runs")
    parser.add_argument("--no-yamllint", action="store_true", help="skip the yamllint row (minutes on 100k records)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qlint-bench-"))
    try:
        project = work / "project"
        if args.generate:
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(args.generate), str(project)], check=True)
        elif args.root:
            shutil.copytree(args.root, project / "content" / "learn")
        else:
            parser.error("give a content root or --generate N")
        (project / "qlint.toml").write_text('root = "content/learn"\n')
        files = sorted((project / "content" / "learn").rglob("*.md"))
        run(project, files, args.jobs, yamllint=not args.no_yamllint)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def compile_qlint() -> None:
    """Compile qlint's modules to bytecode, as `pip install` does. A machine set not to
    write bytecode (PYTHONDONTWRITEBYTECODE, as some sandboxes are) would otherwise compile
    them again in every run: 50 ms, an eighth of a warm run."""
    import compileall

    import qlint
    import qlint.rules

    for package in (qlint, qlint.rules):
        compileall.compile_dir(str(Path(package.__file__).parent), quiet=1)


def run(project: Path, files: list[Path], jobs: int, yamllint: bool = True) -> None:
    qlint = [sys.executable, "-m", "qlint", "check", "--quiet", "--format", "concise"]
    compile_qlint()
    floor(files)  # warm the page cache, so every row reads from memory
    base = floor(files)
    rows = [("floor: read + libyaml compose (1 process)", base, None)]

    def qlint_row(label: str, *extra: str, repeat: int = 1, before=lambda: None) -> float:
        """The best of `repeat` runs (the least disturbed by the rest of the machine)."""
        best, peak = float("inf"), 0.0
        for _ in range(repeat):
            before()
            seconds, rss, _ = timed([*qlint, *extra], project)
            best, peak = min(best, seconds), max(peak, rss)
        rows.append((f"{label} (best of {repeat})" if repeat > 1 else label, best, peak))
        return best

    def no_cache() -> None:
        shutil.rmtree(project / ".qlint_cache", ignore_errors=True)

    changed = files[len(files) // 2]

    def change_one_file() -> None:  # a new change each time: the last report must not fit
        text = changed.read_text(encoding="utf-8")
        wider = "score:  " in text  # one space more or less after the key: same record, new file
        text = text.replace("score:  ", "score: ", 1) if wider else text.replace("score: ", "score:  ", 1)
        changed.write_text(text, encoding="utf-8")

    qlint_row("qlint check, cold, --jobs 1", "--jobs", "1", "--no-cache")
    # The default output (text, with a source excerpt per problem) reads each reported file
    # again: shown apart, the other rows time the checking.
    qlint_row(f"qlint check, cold, --jobs {jobs}, --format text", "--jobs", str(jobs), "--format", "text", before=no_cache)
    cold = qlint_row(f"qlint check, cold, --jobs {jobs}", "--jobs", str(jobs), repeat=2, before=no_cache)
    warm = qlint_row("qlint check, warm cache, nothing changed", "--jobs", str(jobs), repeat=3)
    one = qlint_row("qlint check FILE (pre-commit), 1 changed", str(changed), repeat=3, before=change_one_file)
    yamllint_seconds = yamllint_row(project, files, rows) if yamllint else None

    print(f"\n{len(files)} records, {os.cpu_count()} CPUs\n")
    print(f"| {'run':<48} | {'seconds':>8} | {'x floor':>8} | {'peak RSS MB':>11} |")
    print(f"|{'-' * 50}|{'-' * 10}:|{'-' * 10}:|{'-' * 13}:|")
    for label, seconds, rss in rows:
        shown_rss = f"{rss:.0f}" if rss is not None else ""
        print(f"| {label:<48} | {seconds:>8.2f} | {seconds / base:>8.2f} | {shown_rss:>11} |")
    print(f"\nwarm / cold = {warm / cold:.3f}   one changed file / cold = {one / cold:.3f}")
    if yamllint_seconds:
        print(f"qlint cold ({jobs} jobs) / yamllint = {cold / yamllint_seconds:.2f}")


def yamllint_row(project: Path, files: list[Path], rows: list) -> float | None:
    """yamllint on the same front matter (extracted to .yaml files), if it is installed."""
    if shutil.which("yamllint") is None:
        rows.append(("yamllint (not installed: pip install yamllint)", float("nan"), None))
        return None
    extracted = project / "front-matter"
    for n, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        end = text.find("\n---", 3)
        (extracted / f"{n // 1000}").mkdir(parents=True, exist_ok=True)
        (extracted / f"{n // 1000}" / f"{n}.yaml").write_text(text[4 : end + 1], encoding="utf-8")
    seconds, rss, _ = timed(["yamllint", "-d", "relaxed", "-f", "parsable", str(extracted)], project)
    rows.append(("yamllint -d relaxed, same front matter", seconds, rss))
    return seconds


if __name__ == "__main__":
    main()
