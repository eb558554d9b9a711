"""The command line: a thin click layer over the pipeline (`qlint.pipeline.linter`), the
fixer and the reporters.

Exit codes: 0 no problems, 1 problems found, 2 usage, config or internal error (one line on
stderr, never a traceback unless QLINT_DEBUG is set), 130 interrupted (Ctrl-C: one line,
every file either as it was or wholly fixed).
"""

from __future__ import annotations

import gc
import os
import sys
import traceback
import warnings

import click

from qlint.cli import check, info, report, schema, server  # noqa: F401  (the commands register on the group)
from qlint.cli.group import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, Interrupted, cli
from qlint.cli.output import say
from qlint.errors import QlintError
from qlint.pipeline.cache import CacheWarning


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    say(f"qlint: warning: {message}")


def _debugging() -> bool:
    """QLINT_DEBUG set (to anything but nothing or 0): an internal error shows its traceback."""
    return os.environ.get("QLINT_DEBUG", "") not in ("", "0")


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
    except (Interrupted, KeyboardInterrupt, click.exceptions.Abort):
        say("qlint: interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as exc:
        say(f"qlint: error: {exc.format_message()}")
        sys.exit(EXIT_ERROR)
    except QlintError as exc:
        say(f"qlint: error: {exc}")
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # a bug of qlint: one line, unless asked for the traceback
        if _debugging():
            for line in traceback.format_exc().splitlines():  # (each made printable: it may quote a record)
                say(line)
            say(f"qlint: internal error: {type(exc).__name__}: {exc}")
        else:
            say(f"qlint: internal error: {type(exc).__name__}: {exc} (QLINT_DEBUG=1 shows the traceback)")
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_OK)


def run() -> None:
    """The console script (and `python -m qlint`): main(), then the process ends at once.

    What a run made (an index of the whole corpus, even in a pre-commit run) is freed by
    the system with the process, not object by object by the interpreter's shutdown, a
    noticeable part of a short run. The output is flushed first. A check or a fix has
    closed the cache and stopped its workers on its way out; the server's workers exit
    when they see their parent gone. main() itself, which tests and embedders call, exits
    as usual."""
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    else:  # (main always exits)
        code = EXIT_OK
    os._exit(_flushed(code))


def _flushed(code: object) -> int:
    """Flush the output; the exit code as sys.exit would make it of `code`."""
    if code is not None and not isinstance(code, int):  # never from main()
        if sys.stderr is not None:
            say(str(code))
        code = 1
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):  # (the same one twice: no harm)
        try:
            if stream is not None:  # (None: the stream was closed when the process started)
                stream.flush()
        except (OSError, ValueError):  # a reader gone (`| true`), or a stream closed since
            pass
    return code or 0
