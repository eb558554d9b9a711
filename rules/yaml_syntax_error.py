"""The front matter is not valid YAML, or uses tags that are not plain data.

Reported at the position where the YAML parser gave up. Tags that would build program
objects (`!!python/object`, ...) are refused here too: qlint loads values safely.

Why: a record that does not parse is not published, and nothing else can be checked in it.

Example:
    `title: "What is osmosis?` (quote never closed) is reported where the string runs into
    the end of the front matter.

Options: none.

Fix: none.
"""

from qlint.diagnostics import Severity
from qlint.record.document import ProblemKind
from qlint.rules._problems import problem_diagnostics

CODE = "Q003"
NAME = "yaml-syntax-error"
SEVERITY = Severity.ERROR
NEEDS_RECORD = False


def check(doc, ctx):
    yield from problem_diagnostics(doc, ctx, ProblemKind.YAML)
