"""The `qlint` command group and its exit codes."""

from __future__ import annotations

import click

from qlint import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="qlint", message="%(prog)s %(version)s")
def cli() -> None:
    """qlint: lint and fix QuickTakes Q&A records (Markdown with YAML front matter)."""
