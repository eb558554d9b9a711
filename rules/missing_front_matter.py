"""The file has no YAML front matter, or it is empty or never closed.

A record is a Markdown file that starts with a `---` line, holds YAML, and closes it with a
second `---` line. Reports an empty file, a file that does not start with `---`, front
matter that is never closed, and front matter with nothing in it.

Why: without front matter the page has no title, url or answer; the site skips it or fails.

Example:
    A file starting with `title: Photosynthesis` (no opening `---`) is reported at 1:1.

Options: none.

Fix: none.
"""

from qlint.diagnostics import Severity
from qlint.record.document import ProblemKind
from qlint.rules._problems import problem_diagnostics

CODE = "Q002"
NAME = "missing-front-matter"
SEVERITY = Severity.ERROR
NEEDS_RECORD = False


def check(doc, ctx):
    yield from problem_diagnostics(doc, ctx, ProblemKind.NO_FRONT_MATTER)
