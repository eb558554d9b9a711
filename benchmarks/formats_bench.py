"""Time how long each output format takes to render a run's report, and its size.

    python benchmarks/formats_bench.py CONTENT_ROOT [--repeat N] [--format F ...]

The corpus under CONTENT_ROOT is checked once (no cache); then each reporter renders the
same diagnostics into memory, the formats interleaved round by round (text, concise, ...,
text, concise, ...) so that a busy machine slows them alike. Printed per format: the best,
median and worst seconds of N renderings and the size of the output. What this measures
is the reporter alone (escaping included: qlint/printable.py), not the check or the
writing. Run it from two checkouts to compare them. Not a test: the numbers depend on the
machine.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from pathlib import Path

from qlint.pipeline.linter import Linter
from qlint.pipeline.registry import active_rules
from qlint.record.config import Config
from qlint.reporters import REPORTERS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="the content root to check (e.g. .../content/learn)")
    parser.add_argument("--repeat", type=int, default=5, help="renderings per format (default 5)")
    parser.add_argument("--format", action="append", choices=list(REPORTERS), help="only these formats")
    args = parser.parse_args()
    config = Config(root=args.root.resolve())
    linter = Linter(config, active_rules(config, None), None, 1)
    try:
        report = linter.check(linter.targets([], None))
    finally:
        linter.close()
    print(f"{report.count} diagnostics in {report.files} files")
    formats = args.format or list(REPORTERS)
    seconds: dict[str, list[float]] = {name: [] for name in formats}
    sizes: dict[str, int] = {}
    for _ in range(args.repeat):
        for name in formats:
            buffer = io.StringIO()
            start = time.perf_counter()
            REPORTERS[name](buffer).report(report.diagnostics, report.files)
            seconds[name].append(time.perf_counter() - start)
            sizes[name] = len(buffer.getvalue().encode("utf-8", "surrogatepass"))
    for name in formats:
        times = seconds[name]
        print(
            f"{name:<11} best {min(times):6.3f} s  median {statistics.median(times):6.3f} s  "
            f"worst {max(times):6.3f} s  {sizes[name] / 1e6:7.1f} MB"
        )


if __name__ == "__main__":
    main()
