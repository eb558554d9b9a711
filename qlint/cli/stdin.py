"""`qlint check --stdin-filename PATH -` and `qlint fix --stdin-filename PATH -`: one record
read from standard input and linted, or fixed, as if it were the file at PATH (which need not
exist): the way editors and formatters call a linter.

It goes through the same Linter as `qlint check PATH`: the record rules, the cross-record
rules against the index of the content root (in which the text stands in for PATH's own
file), the decision layer. Nothing is written to any file: a check prints its report; a fix
prints the fixed text on stdout, byte for byte the input where nothing was fixed, and what
remains on stderr.
"""

from __future__ import annotations

import sys
from contextlib import redirect_stdout
from pathlib import Path

import click

from qlint.cli.group import EXIT_OK, EXIT_PROBLEMS
from qlint.cli.output import Output, count_of, say
from qlint.discovery.walk import display_path
from qlint.fixing.loop import fix_document
from qlint.pipeline.linter import Linter, Report
from qlint.record.parse import parse_document


def run_stdin(linter: Linter, path: Path, output: Output, fix: bool, exit_zero: bool, **fixing) -> int:
    """Lint (or fix) standard input as the file at `path`; the exit code."""
    data = sys.stdin.buffer.read()
    absolute = path.absolute()
    absolute = absolute.parent.resolve() / absolute.name  # named as the walk names the file
    shown = display_path(absolute, Path.cwd().absolute())
    doc = parse_document(data, absolute, shown, linter.config.site)
    index = linter.corpus() if linter.cross else None

    def lint(document):
        return linter.lint_document(document, index)

    if not fix:
        report = Report(files=1, diagnostics=lint(doc))
        output.write(report)
        return EXIT_PROBLEMS if report.count and not exit_zero else EXIT_OK
    return _fix(doc, data, lint, output, exit_zero, **fixing)


def _fix(doc, data: bytes, lint, output: Output, exit_zero: bool, unsafe: bool, diff: bool, fix_only: bool,
         non_zero_on_fix: bool, quiet: bool) -> int:  # fmt: skip
    from qlint.fixing.bulk import _diff  # the diff `qlint fix --diff` prints

    outcome = fix_document(doc, lint, unsafe)
    for diagnostic, why in outcome.rejected:
        say(f"qlint: {doc.display_path}: fix of {diagnostic.code} [{diagnostic.name}] not applied: {why}")
    changed = outcome.text != doc.text
    if diff:
        output.write_diff(_diff(doc.display_path, doc.text, outcome.text) if changed else "")
        return EXIT_PROBLEMS if changed else EXIT_OK
    # Unchanged, the input goes out as it came (a file that is not UTF-8 has no text to print).
    fixed = (b"\xef\xbb\xbf" if doc.bom else b"") + outcome.text.encode("utf-8") if changed else data
    sys.stdout.flush()
    sys.stdout.buffer.write(fixed)
    sys.stdout.flush()
    if not fix_only:
        with redirect_stdout(sys.stderr):  # stdout holds the record
            output.write(Report(files=1, diagnostics=outcome.remaining))
    if not quiet:
        click.echo(f"Fixed {count_of(len(outcome.fixed), 'problem')}, {len(outcome.remaining)} remaining.", err=True)
    if non_zero_on_fix and changed:
        return EXIT_PROBLEMS
    return EXIT_OK if fix_only or exit_zero or not outcome.remaining else EXIT_PROBLEMS
