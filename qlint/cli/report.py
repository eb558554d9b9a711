"""`qlint report`: the corpus health report, one HTML page, from the same run as `qlint check`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from qlint.cli.check import check_and_write, run_options, run_setup
from qlint.cli.group import cli
from qlint.cli.output import Output


@cli.command()
@run_options
@click.option(
    "--output-file",
    "-o",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the page here (FILE.html).",
)
@click.option(
    "--previous",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="An earlier `qlint check --format json` output, baseline or `qlint report` page: show what is new and "
    "what was fixed since (default: the config's baseline).",
)
def report(output_file: Path, previous: Path | None, **options) -> None:
    """Write a health report of PATHS (default: the configured root) as one HTML page:
    figures, charts by rule and subject, a sample of each rule's problems. Exit 0 once it is
    written, whatever it found (2 on an error)."""
    from qlint.health import HealthPage  # here: every other command would import the charts for nothing

    with run_setup(**options) as run:
        earlier = previous or (run.config.baseline if run.config.baseline and run.config.baseline.exists() else None)
        page = HealthPage(run.linter, run.config, earlier, options["paths"], options["changed_since"])
        code = check_and_write(run.linter, run.targets, Output("html", None, output_file, run.cache, page), exit_zero=True)
    sys.exit(code)
