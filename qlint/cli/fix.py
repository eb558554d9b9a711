"""`qlint fix` (and `check --fix`, `--diff`, `--fix-only`) over many files: the fixes
made, then what is written: the diff, or the report of what remains, the fixes listed and the
summary line; and the exit code."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import click

from qlint.cli.baseline import without_known
from qlint.cli.group import EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS
from qlint.cli.output import Output, count_of, say
from qlint.fixing.bulk import fix_files
from qlint.pipeline.linter import Linter, Targets
from qlint.pipeline.registry import find_rule
from qlint.printable import printable

if TYPE_CHECKING:
    from qlint.pipeline.baseline import Baseline


def fix_and_write(
    linter: Linter,
    targets: Targets,
    output: Output,
    unsafe: bool,
    diff: bool,
    fix_only: bool,
    non_zero_on_fix: bool,
    quiet: bool,
    exit_zero: bool,
    known: Baseline | None,
    show_fixes: bool,
) -> int:
    """Fix `targets` (or show the diff) and write what the options ask for; the exit code."""
    fixed = fix_files(linter, targets, unsafe=unsafe, write=not diff, show_fixes=show_fixes)
    report = fixed.result
    notes = without_known(report, known, linter, targets)
    for line in [*report.internal_errors, *fixed.notes, *fixed.refused]:
        say(f"qlint: {line}")
    if diff:
        output.write_diff("".join(fixed.diffs))
        click.echo(f"Would fix {count_of(fixed.fixed, 'problem')} in {count_of(len(fixed.changed), 'file')}.", err=True)
        return EXIT_PROBLEMS if fixed.diffs else EXIT_OK
    if not fix_only:
        output.write(report, notes)
    to_stderr = output.format != "text" or fix_only
    if fixed.by_file:
        click.echo(_fixes_listed(fixed.by_file), err=to_stderr, nl=False)
    if not quiet:
        summary = f"Fixed {count_of(fixed.fixed, 'problem')} in {count_of(len(fixed.changed), 'file')}, "
        click.echo(summary + f"{report.count} remaining.", err=to_stderr)
    if report.internal_errors:
        return EXIT_ERROR
    if fixed.refused or (non_zero_on_fix and fixed.changed):
        return EXIT_PROBLEMS  # a file left unfixed fails the run, --fix-only or not
    return EXIT_OK if fix_only or exit_zero or not report.count else EXIT_PROBLEMS


def _fixes_listed(by_file: dict[str, Counter]) -> str:
    """What was fixed, per file and rule."""
    lines = []
    for shown, codes in by_file.items():
        lines.append(f"{printable(shown)}:")
        for code, count in sorted(codes.items()):
            rule = find_rule(code)
            lines.append(f"  {count:>4} x {code} ({rule.name if rule else code})")
    return "".join(line + "\n" for line in lines)
