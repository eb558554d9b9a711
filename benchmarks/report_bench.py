"""Time `qlint report` against `qlint check --format json` of the same run, and size the page.

    python benchmarks/report_bench.py CONTENT_ROOT [--repeat N]

Both commands run on a configured copy of the root, as separate processes timed from
start to exit, interleaved (json, report, json, report...) so that a busy machine slows
both alike, in four states of the cache:

- cold, --no-cache: both check every file;
- cold, empty cache: both check every file and fill the cache;
- warm: nothing changed since each command's last run (each prints what it saved);
- one file changed: both check that file again and make the report of every file anew;
- after the other command: a file changed, then the other command ran (untimed), so the
  report is saved in the cache but not in this command's format (`qlint check` in CI,
  then `qlint report`): both render from the saved report.

Printed per state: each command's best, median and range of wall-clock seconds, and the
ratio report / json of each interleaved pair (median, range), in wall-clock seconds and in
CPU seconds (the process and its workers: less swayed by other load on the machine); then
the page's size beside the JSON output's. Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import compile_qlint  # noqa: E402  (the script's own folder)


class Timing(NamedTuple):
    wall: float  # seconds from start to exit
    cpu: float  # user + system seconds of the process and the workers it waited for
    rss: float  # peak resident MB


def qlint(arguments: list[str], cwd: Path) -> Timing:
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "qlint", *arguments], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"qlint {' '.join(arguments)} failed: {process.stderr.read().decode()}")
    return Timing(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="content root to benchmark (copied first)")
    parser.add_argument("--repeat", type=int, default=5, help="pairs per state (cold states: half, at least 2)")
    parser.add_argument("--jobs", type=int, default=0, help="workers (0: one per CPU)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qlint-report-bench-"))
    try:
        project = work / "project"
        shutil.copytree(args.root, project / "content" / "learn")
        (project / "qlint.toml").write_text('root = "content/learn"\n')
        compile_qlint()
        run(project, args.repeat, args.jobs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


COMMANDS = {
    "check --format json": ["check", "--format", "json", "-o", "out.json"],
    "report": ["report", "-o", "out.html"],
}


def run(project: Path, repeat: int, jobs: int) -> None:
    files = sorted((project / "content" / "learn").rglob("*.md"))
    changed = files[len(files) // 2]

    def empty_cache() -> None:
        shutil.rmtree(project / ".qlint_cache", ignore_errors=True)

    def change_one_file() -> None:  # a new change each time: no saved report fits
        text = changed.read_text(encoding="utf-8")
        wider = "score:  " in text
        changed.write_text(text.replace("score:  ", "score: ", 1) if wider else text.replace("score: ", "score:  ", 1), encoding="utf-8")

    common = ["--quiet", "--jobs", str(jobs)]

    def other_command_first(name: str) -> None:
        change_one_file()
        other = next(arguments for other_name, arguments in COMMANDS.items() if other_name != name)
        qlint([*other, *common], project)

    states = [
        ("cold, --no-cache", ["--no-cache"], lambda name: None, max(2, repeat // 2)),
        ("cold, empty cache", [], lambda name: empty_cache(), max(2, repeat // 2)),
        ("warm, nothing changed", [], lambda name: None, repeat),
        ("one file changed", [], lambda name: change_one_file(), repeat),
        ("after the other command", [], other_command_first, repeat),
    ]
    print(f"{len(files)} records; each pair: check --format json, then report, same options and cache\n")
    print(f"| {'state':<23} | {'command':<20} | {'best s':>7} | {'median s':>8} | {'range s':>12} | {'peak RSS MB':>11} |")
    print(f"|{'-' * 25}|{'-' * 22}|{'-' * 8}:|{'-' * 9}:|{'-' * 13}:|{'-' * 12}:|")
    ratios_by_state = {}
    for label, extra, before, pairs in states:
        if label.startswith("warm"):  # each command's saved rendering exists
            for arguments in COMMANDS.values():
                qlint([*arguments, *common, *extra], project)
        times = {name: [] for name in COMMANDS}
        peaks = {name: 0.0 for name in COMMANDS}
        ratios = []
        for _ in range(pairs):
            pair = []
            for name, arguments in COMMANDS.items():
                before(name)
                timing = qlint([*arguments, *common, *extra], project)
                times[name].append(timing.wall)
                peaks[name] = max(peaks[name], timing.rss)
                pair.append(timing)
            ratios.append((pair[1].wall / pair[0].wall, pair[1].cpu / pair[0].cpu))
        ratios_by_state[label] = ratios
        for name in COMMANDS:
            seconds = times[name]
            spread = f"{min(seconds):.2f}-{max(seconds):.2f}"
            print(
                f"| {label:<23} | {name:<20} | {min(seconds):>7.2f} | {statistics.median(seconds):>8.2f} "
                f"| {spread:>12} | {peaks[name]:>11.0f} |"
            )
    print("\nreport / json, per interleaved pair: wall-clock; CPU")
    for label, ratios in ratios_by_state.items():
        wall, cpu = [r[0] for r in ratios], [r[1] for r in ratios]
        print(
            f"  {label:<23} wall median {statistics.median(wall):.3f} range {min(wall):.3f}-{max(wall):.3f}; "
            f"CPU median {statistics.median(cpu):.3f} range {min(cpu):.3f}-{max(cpu):.3f}  ({len(ratios)} pairs)"
        )
    page, output = project / "out.html", project / "out.json"
    print(f"\npage: {page.stat().st_size / 1e6:.2f} MB; JSON output: {output.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
