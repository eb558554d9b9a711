"""A required text field is present but empty.

An empty value (`title:`), an explicit `null`, or a string of only spaces.

Why: an empty title, answer or url renders a blank page or a broken link.

Example:
    `answer: ""` reports `field 'answer' is empty`.

Options: none.

Fix: none.
"""

from qlint.diagnostics import Severity
from qlint.rules._problems import schema_diagnostics
from qlint.record.schema import IssueKind

CODE = "Q105"
NAME = "empty-field"
SEVERITY = Severity.ERROR


def check(doc, ctx):
    yield from schema_diagnostics(doc, ctx, IssueKind.EMPTY)
