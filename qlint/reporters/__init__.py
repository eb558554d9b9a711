"""Output formats: a registry from `--format` name to reporter class.

A reporter gets every diagnostic of the run at once (sorted by path, line, column) and the
number of files checked, and writes to the stream it was given.
"""

from __future__ import annotations

from qlint.reporters.base import Reporter
from qlint.reporters.json import JsonReporter
from qlint.reporters.text import TextReporter


REPORTERS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
}
