"""Writing a report: rendered by a reporter (or as statistics), to stdout or a file, and
saved in the cache, so a run over an unchanged corpus prints it again without checking.
"""

from __future__ import annotations

import codecs
import io
import marshal
import os
import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple, Protocol

from qlint.errors import UsageError
from qlint.fixing.atomic import temporary_beside
from qlint.pipeline.cache import Cache
from qlint.pipeline.linter import Report
from qlint.pipeline.reports import ReportKey
from qlint.reporters import REPORTERS

_DAMAGED = (ValueError, TypeError, EOFError)


class Counts(NamedTuple):
    files: int
    problems: int


class Page(Protocol):
    """A rendering made from more than a reporter sees (the diagnostics): `qlint report`'s."""

    how: str  # what the rendering depends on besides the report (the key of a saved one)

    def render(self, report: Report) -> str: ...


class Output:
    def __init__(
        self, format: str, statistics: bool, file: Path | None, cache: Cache | None, page: Page | None = None
    ) -> None:
        self.format, self.statistics, self.file, self.cache, self.page = format, statistics, file, cache, page
        # What a saved rendering must have been made for (colour is decided by the
        # reporters from the stream, which is never a terminal here: a buffer).
        self.how = f"{format}|statistics={statistics}" if page is None else f"{format}|{page.how}"

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
        return counts

    def write(self, report: Report) -> None:
        if self.page is not None:
            text = self.page.render(report)
        else:
            buffer = io.StringIO()
            if self.statistics:
                _statistics(buffer, report)
            else:
                REPORTERS[self.format](buffer).report(report.diagnostics, report.files)
            text = buffer.getvalue()
        if self.cache is not None and report.key is not None:
            self.cache.save_rendered(*report.key, self.how, text, marshal.dumps(tuple(Counts(report.files, report.count))))
        _write(self.file, text)

    def write_text(self, text: str) -> None:
        _write(self.file, text)


def count_of(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _statistics(stream, report: Report) -> None:
    counts = Counter((d.code, d.name) for d in report.diagnostics)
    fixable = Counter((d.code, d.name) for d in report.diagnostics if d.fix is not None)
    for (code, name), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        marker = "[*]" if fixable[(code, name)] else "   "
        stream.write(f"{count:>7}  {code}  {marker} {name}\n")
    stream.write(f"Found {count_of(report.count, 'problem')}.\n")


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
        if output_file.is_symlink():
            raise UsageError(f"cannot write {output_file}: it is a symbolic link")
        with temporary_beside(output_file) as temporary:  # a random name, created exclusively
            temporary.handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
            temporary.handle.close()
            os.replace(temporary.name, output_file)
    except OSError as exc:
        raise UsageError(f"cannot write {output_file}: {exc.strerror or exc}") from None
