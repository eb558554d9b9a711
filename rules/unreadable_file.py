"""The file cannot be read as UTF-8 text.

Reports a file that the operating system refuses to read, that is not valid UTF-8 (for
example saved as Latin-1 or Windows-1252), or that holds NUL characters (a binary file).
The position is that of the first byte that could not be decoded.

Why: the site builds pages from UTF-8 text; anything else is shown garbled or fails the
build. No other rule can look into such a file.

Example:
    A record saved as Latin-1 has the byte 0xE9 for "é": reported as
    `Q001 [unreadable-file] not valid UTF-8: byte 0xe9 at byte offset 212`.

Options: none.

Fix: none; re-save the file as UTF-8 (a BOM is accepted and kept).
"""

from qlint.diagnostics import Severity
from qlint.record.document import ProblemKind
from qlint.rules._problems import problem_diagnostics

CODE = "Q001"
NAME = "unreadable-file"
SEVERITY = Severity.ERROR
NEEDS_RECORD = False


def check(doc, ctx):
    yield from problem_diagnostics(doc, ctx, ProblemKind.UNREADABLE)
