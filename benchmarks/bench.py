"""Benchmark qlint against the floor (read + libyaml compose) and, if installed, yamllint.

    python benchmarks/bench.py CONTENT_ROOT            # e.g. the real corpus, extracted
    python benchmarks/bench.py --generate 100000       # a synthetic corpus (benchmarks/generate.py)
    python benchmarks/bench.py CONTENT_ROOT --against OTHER/bin/python --no-yamllint
    python benchmarks/bench.py CONTENT_ROOT --against OTHER/bin/python --no-yamllint \
        --options="--ignore mojibake" --against-options="--ignore mojibake"

Every qlint run is a separate `qlint check` process on a configured copy of the root, timed
from start to exit, with its peak RSS. Printed as a table with ratios to the floor at equal
parallelism: a one-process run against the one-process floor, a run with N workers against
the floor run by N processes (each reading and composing its share of the files). With
`--against`, every qlint row is run by this interpreter's qlint and by the other's (another
version installed there, say the code before a change), the two interleaved, and both are
printed with their spread and the ratio of their medians. `--options` and `--against-options`
add arguments to every run of each (to compare the two on the rules both have, say). Not a
test: numbers depend on the machine; run it on a quiet one.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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


def parallel_floor(files: list[Path], jobs: int) -> float:
    """The floor run by `jobs` processes, each on its share of the files, timed from the start
    of the first to the end of the last: what a run of qlint with `jobs` workers is held to."""
    shares = [files[start::jobs] for start in range(jobs)]
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.map(floor, shares)
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
    parser.add_argument("--against", metavar="PYTHON", help="also time the qlint installed for this interpreter, interleaved")
    parser.add_argument("--options", default="", metavar="ARGS", help="more arguments for every run of this qlint")
    parser.add_argument("--against-options", default="", metavar="ARGS", help="more arguments for every run of the other")
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
        options = {"qlint": shlex.split(args.options), "against": shlex.split(args.against_options)}
        run(project, files, args.jobs, yamllint=not args.no_yamllint, against=args.against, options=options)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def compile_qlint(python: str = sys.executable) -> None:
    """Compile qlint's modules to bytecode, as `pip install` does. A machine set not to
    write bytecode (PYTHONDONTWRITEBYTECODE, as some sandboxes are) would otherwise compile
    them again in every run: 50 ms, an eighth of a warm run."""
    script = (
        "import compileall, pathlib, qlint, qlint.rules\n"
        "for package in (qlint, qlint.rules):\n"
        "    compileall.compile_dir(str(pathlib.Path(package.__file__).parent), quiet=1)\n"
    )
    subprocess.run([python, "-c", script], check=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""})


def run(
    project: Path,
    files: list[Path],
    jobs: int,
    yamllint: bool = True,
    against: str | None = None,
    options: dict[str, list[str]] | None = None,
) -> None:
    contenders = {"qlint": sys.executable, **({"against": against} if against else {})}
    for python in contenders.values():
        compile_qlint(python)
    floor(files)  # warm the page cache, so every row reads from memory
    floors = {1: [floor(files) for _ in range(3)], jobs: [parallel_floor(files, jobs) for _ in range(3)]}
    rows = [Row("floor: read + libyaml compose (1 process)", floors[1], None, 1)]
    if jobs != 1:
        rows.append(Row(f"floor: read + libyaml compose ({jobs} processes)", floors[jobs], None, jobs))

    def qlint_row(label: str, *extra: str, repeat: int = 1, before=lambda name: None, workers: int = jobs) -> dict[str, list[float]]:
        """`repeat` runs of each contender, interleaved; every time kept (the spread)."""
        times: dict[str, list[float]] = {name: [] for name in contenders}
        peaks: dict[str, float] = {name: 0.0 for name in contenders}
        for _ in range(repeat):
            for name, python in contenders.items():
                before(name)
                # Each contender its own cache: one would find the other's foreign and start again.
                command = [python, "-m", "qlint", "check", "--quiet", "--format", "concise", "--cache-dir", cache_of(name), *extra]
                command += (options or {}).get(name, [])
                seconds, rss, _ = timed(command, project)
                times[name].append(seconds)
                peaks[name] = max(peaks[name], rss)
        for name in contenders:
            shown = label if len(contenders) == 1 else f"{label} [{name}]"
            rows.append(Row(f"{shown} (x{repeat})" if repeat > 1 else shown, times[name], peaks[name], workers))
        return times

    def cache_of(name: str) -> str:
        return str(project / f".qlint_cache-{name}")

    def no_cache(name: str) -> None:  # (only this contender's: the other's must stay warm)
        shutil.rmtree(cache_of(name), ignore_errors=True)

    changed = files[len(files) // 2]

    def change_one_file(name: str) -> None:  # a new change each time: the last report must not fit
        text = changed.read_text(encoding="utf-8")
        wider = "score:  " in text  # one space more or less after the key: same record, new file
        text = text.replace("score:  ", "score: ", 1) if wider else text.replace("score: ", "score:  ", 1)
        changed.write_text(text, encoding="utf-8")

    repeat = 3 if against else 1
    qlint_row("qlint check, cold, --jobs 1", "--jobs", "1", "--no-cache", repeat=repeat, workers=1)
    # The default output (text, with a source excerpt per problem): shown apart, the other
    # rows time the checking.
    qlint_row(f"qlint check, cold, --jobs {jobs}, --format text", "--jobs", str(jobs), "--format", "text", repeat=repeat, before=no_cache)
    cold = qlint_row(f"qlint check, cold, --jobs {jobs}", "--jobs", str(jobs), repeat=2 * repeat, before=no_cache)
    warm = qlint_row("qlint check, warm cache, nothing changed", "--jobs", str(jobs), repeat=3 * repeat)
    # (one file: a single worker reads it, so it is held to the one-process floor)
    one = qlint_row("qlint check FILE (pre-commit), 1 changed", str(changed), repeat=3 * repeat, before=change_one_file, workers=1)
    yamllint_seconds = yamllint_row(project, files, rows) if yamllint else None

    print(f"\n{len(files)} records, {os.cpu_count()} CPUs; x floor: median against the median floor at the row's parallelism\n")
    print(f"| {'run':<58} | {'procs':>5} | {'best s':>7} | {'median s':>8} | {'range s':>13} | {'x floor':>7} | {'x 1-process floor':>17} | {'peak RSS MB':>11} |")
    print(f"|{'-' * 60}|{'-' * 6}:|{'-' * 8}:|{'-' * 9}:|{'-' * 14}:|{'-' * 8}:|{'-' * 18}:|{'-' * 12}:|")
    for row in rows:
        median = statistics.median(row.seconds)
        shown_rss = f"{row.rss:.0f}" if row.rss is not None else ""
        spread = f"{min(row.seconds):.2f}-{max(row.seconds):.2f}"
        equal = median / statistics.median(floors.get(row.processes, floors[1]))
        print(
            f"| {row.label:<58} | {row.processes:>5} | {min(row.seconds):>7.2f} | {median:>8.2f} | {spread:>13} "
            f"| {equal:>7.2f} | {median / statistics.median(floors[1]):>17.2f} | {shown_rss:>11} |"
        )
    for name in contenders:
        best = {row: min(times[name]) for row, times in (("cold", cold), ("warm", warm), ("one", one))}
        print(f"\n[{name}] warm / cold = {best['warm'] / best['cold']:.3f}   one changed file / cold = {best['one'] / best['cold']:.3f}")
    if against:
        for row, times in (("cold", cold), ("warm", warm), ("one changed file", one)):
            ratio = statistics.median(times["qlint"]) / statistics.median(times["against"])
            print(f"{row}: median qlint / median against = {ratio:.3f}")
    if yamllint_seconds:
        print(f"qlint cold ({jobs} jobs) / yamllint = {min(cold['qlint']) / yamllint_seconds:.2f}")


@dataclass
class Row:
    label: str
    seconds: list[float]  # every run's
    rss: float | None  # peak, MB
    processes: int  # the parallelism it is compared at


def yamllint_row(project: Path, files: list[Path], rows: list[Row]) -> float | None:
    """yamllint on the same front matter (extracted to .yaml files), if it is installed."""
    if shutil.which("yamllint") is None:
        rows.append(Row("yamllint (not installed: pip install yamllint)", [float("nan")], None, 1))
        return None
    extracted = project / "front-matter"
    for n, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        end = text.find("\n---", 3)
        (extracted / f"{n // 1000}").mkdir(parents=True, exist_ok=True)
        (extracted / f"{n // 1000}" / f"{n}.yaml").write_text(text[4 : end + 1], encoding="utf-8")
    seconds, rss, _ = timed(["yamllint", "-d", "relaxed", "-f", "parsable", str(extracted)], project)
    rows.append(Row("yamllint -d relaxed, same front matter", [seconds], rss, 1))
    return seconds


if __name__ == "__main__":
    main()
