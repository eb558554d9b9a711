"""The `qlint` command group and its exit codes."""

from __future__ import annotations

import click

from qlint import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command Ctrl-C stopped


class Interrupted(Exception):
    """Ctrl-C during a command."""


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        # click turns Ctrl-C into Abort after a blank line on stderr; qlint says one line.
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="qlint", message="%(prog)s %(version)s")
def cli() -> None:
    """qlint: lint and fix QuickTakes Q&A records (Markdown with YAML front matter)."""
