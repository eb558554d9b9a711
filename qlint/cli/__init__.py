"""The command line: a thin click layer over the pipeline (`qlint.pipeline.linter`), the
fixer and the reporters.

Exit codes: 0 no problems, 1 problems found, 2 usage, config or internal error (one line on
stderr, never a traceback).
"""

from __future__ import annotations

import gc
import sys
import warnings

import click

from qlint.cli import check, info, report, schema, server  # noqa: F401  (the commands register on the group)
from qlint.cli.group import EXIT_ERROR, EXIT_OK, cli
from qlint.errors import QlintError
from qlint.pipeline.cache import CacheWarning


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    click.echo(f"qlint: warning: {message}", err=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point: click in non-standalone mode so every error becomes one line and exit 2."""
    # A run makes hundreds of thousands of objects that live until the report is out; the
    # cyclic collector would scan them again and again for the few parse trees it frees
    # (measured: a third of the parent's time). Collect rarely; the workers inherit this.
    gc.freeze()
    gc.set_threshold(200_000, 100, 1000)
    warnings.showwarning = _show_warning  # a cache problem is one line on stderr, not a traceback
    warnings.simplefilter("always", CacheWarning)
    try:
        cli.main(args=argv, prog_name="qlint", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("qlint: aborted", err=True)
        sys.exit(EXIT_ERROR)
    except click.ClickException as exc:
        click.echo(f"qlint: error: {exc.format_message()}", err=True)
        sys.exit(EXIT_ERROR)
    except QlintError as exc:
        click.echo(f"qlint: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # never a traceback for the user
        click.echo(f"qlint: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_OK)
