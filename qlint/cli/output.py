"""Writing a report: rendered by a reporter (or as statistics), to stdout or a file, and
saved in the cache, so a run over an unchanged corpus prints it again without checking;
saying a line on stderr (`say`), made printable.

Colour: the report is coloured when it goes to stdout and stdout is a terminal (as click
sees it), never when NO_COLOR is set (to anything but nothing), always when FORCE_COLOR is
(even piped: a CI log that shows colours); a file named by --output-file never is.
"""

from __future__ import annotations

import codecs
import io
import marshal
import os
import sys
from pathlib import Path
from typing import NamedTuple, Protocol

import click
import click.globals
import click.utils

from qlint.cli.statistics import statistics
from qlint.errors import UsageError
from qlint.fixing.atomic import write_whole
from qlint.pipeline.cache import Cache
from qlint.pipeline.linter import Report
from qlint.pipeline.reports import ReportKey
from qlint.printable import printable
from qlint.reporters import REPORTERS

_DAMAGED = (ValueError, TypeError, EOFError)


class Counts(NamedTuple):
    files: int
    problems: int
    notes: tuple[str, ...] = ()  # said on stderr with the report


class Page(Protocol):
    """A rendering made from more than a reporter sees (the diagnostics): `qlint report`'s."""

    how: str  # what the rendering depends on besides the report (the key of a saved one)

    def render(self, report: Report) -> str: ...


class Output:
    def __init__(
        self,
        format: str,
        statistics: str | None,
        file: Path | None,
        cache: Cache | None,
        page: Page | None = None,
        baseline: str = "",
    ) -> None:
        """`statistics`: how to group counts instead of listing problems (None: list them);
        `baseline`: the digest of the baseline the report is filtered by, if any."""
        self.format, self.statistics, self.file, self.cache, self.page = format, statistics, file, cache, page
        self.colour = file is None and page is None and wants_colour()
        # What a saved rendering must have been made for.
        self.how = f"{format}|statistics={statistics}" if page is None else f"{format}|{page.how}"
        if self.colour:
            self.how += "|colour"
        if baseline:
            self.how += f"|baseline={baseline}"

    def write_saved(self, key: ReportKey | None) -> Counts | None:
        """Write the report saved under `key`, as rendered before in this format, if there
        is one; its counts, or None."""
        if key is None or self.cache is None:
            return None
        saved = self.cache.rendered(*key, self.how)
        if saved is None:
            return None
        try:
            counts = Counts(*marshal.loads(saved[1]))
        except _DAMAGED:
            return None  # rendered again
        _write(self.file, saved[0])
        _say(counts.notes)
        return counts

    def write(self, report: Report, notes: tuple[str, ...] = ()) -> None:
        """Write the report (and say `notes` on stderr), and save the rendering for a run over
        the very same files."""
        if self.page is not None:
            text = self.page.render(report)
        else:
            buffer = io.StringIO()
            if self.statistics:
                buffer.write(statistics(report, self.statistics, self.format in ("json", "json-lines")))
            else:
                REPORTERS[self.format](buffer, self.colour).report(report.diagnostics, report.files)
            text = buffer.getvalue()
        if self.cache is not None and report.key is not None:
            counts = Counts(report.files, report.count, tuple(notes))
            self.cache.save_rendered(*report.key, self.how, text, marshal.dumps(tuple(counts)))
        _write(self.file, text)
        _say(notes)

    def write_diff(self, diff: str) -> None:
        """A unified diff: exact when piped or written to a file (for git apply); at a
        terminal, each line made printable, as a report is (a record may hold anything)."""
        if self.file is None and at_terminal():
            diff = "\n".join(printable(line) for line in diff.split("\n"))
        _write(self.file, diff)


def _say(notes) -> None:
    for note in notes:
        say(f"qlint: {note}")


def say(line: str, err: bool = True) -> None:
    """`line` (which may quote a path or a value of a record) on stderr (or stdout), made
    printable: one line, whatever it quotes."""
    click.echo(printable(line), err=err)


def wants_colour() -> bool:
    """Whether the report on stdout is coloured (see the module's documentation)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return at_terminal()


def at_terminal() -> bool:
    """Whether stdout is a terminal, as click sees it (its test runner can say it is)."""
    return not click.utils.should_strip_ansi(sys.stdout, click.globals.resolve_color_default())


def count_of(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _write(output_file: Path | None, text: str | bytes) -> None:
    """The report (text, or UTF-8 bytes) to stdout, or to --output-file (written whole,
    through a temporary file)."""
    if output_file is None:
        if isinstance(text, bytes):
            # Written as they are where the text would have been encoded the same way.
            raw = getattr(sys.stdout, "buffer", None)
            if raw is not None and os.linesep == "\n" and codecs.lookup(sys.stdout.encoding or "ascii").name == "utf-8":
                sys.stdout.flush()
                raw.write(text)
                return
            text = text.decode("utf-8", "surrogatepass")
        sys.stdout.write(text)
        return
    try:
        output_file.parent.mkdir(parents=True, exist_ok=True)
        write_whole(output_file, text if isinstance(text, bytes) else text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot write {output_file}: {exc.strerror or exc}") from None
