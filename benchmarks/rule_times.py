"""CPU time of each record rule per record, in one process: what each rule costs a check.

    python benchmarks/rule_times.py CONTENT_ROOT                       # every record
    python benchmarks/rule_times.py CONTENT_ROOT --every 3 --rules Q203,Q205,Q206,Q207
    OTHER/bin/python benchmarks/rule_times.py CONTENT_ROOT --every 3   # the qlint installed there

The records are parsed once and every rule runs once over them, so that the facts the
rules share (the answer, the text of all fields) are worked out before any rule is timed;
then each rule runs over all records, `--repeat` times, and its best pass is kept. What
a rule costs a cold check is its time here; the check's own time per record is that of
`qlint check --no-cache --jobs 1` divided by the number of records (bench.py's first row).
Not a test: numbers depend on the machine; run it on a quiet one.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from qlint.pipeline.registry import active_rules, record_checks
from qlint.record.config import Config
from qlint.record.parse import parse_document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="content root to read (not changed)")
    parser.add_argument("--every", type=int, default=1, metavar="N", help="take every Nth record (sorted by path)")
    parser.add_argument("--repeat", type=int, default=3, help="passes per rule; the best is kept")
    parser.add_argument("--rules", default="", help="comma-separated codes to show apart, with their sum")
    args = parser.parse_args()
    config = Config(root=args.root)
    paths = sorted(args.root.rglob("*.md"))[:: args.every]
    docs = [parse_document(path.read_bytes(), path, site=config.site) for path in paths]
    checks = record_checks(active_rules(config, select=["Q"]))
    for doc in docs:  # the shared facts, once
        for check, context, needs_record in checks:
            if doc.parsed or not needs_record:
                list(check(doc, context))
    per_record = {}
    for check, context, needs_record in checks:
        best = float("inf")
        for _ in range(args.repeat):
            start = time.process_time()
            for doc in docs:
                if doc.parsed or not needs_record:
                    for _ in check(doc, context):
                        pass
            best = min(best, time.process_time() - start)
        per_record[context.rule.code] = best / len(docs) * 1e6
    print(f"{len(docs)} records; CPU microseconds per record, best of {args.repeat}\n")
    for code, micro in sorted(per_record.items(), key=lambda item: -item[1]):
        print(f"{code} {micro:8.1f}")
    print(f"all record rules {sum(per_record.values()):.1f}")
    chosen = [code.strip() for code in args.rules.split(",") if code.strip()]
    if chosen:
        print(f"{', '.join(chosen)} together {sum(per_record.get(code, 0.0) for code in chosen):.1f}")


if __name__ == "__main__":
    main()
