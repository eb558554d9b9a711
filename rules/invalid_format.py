"""A field has the right type but the wrong format.

`date` must be an ISO calendar date (`2025-02-23`); `file_name` a plain file name ending in
`.md` (no folders, no `..`); `url` of the form `/learn/<subject-key>/questions/<slug>` with
lower-case letters, digits and hyphens; ids positive.

Why: the site builds links and sitemaps from these; a malformed one gives a dead page.

Example:
    `date: 2025-13-45` reports `'2025-13-45' is not a calendar date`.

Options: none.

Fix: none.
"""

from qlint.diagnostics import Severity
from qlint.rules._problems import schema_diagnostics
from qlint.record.schema import IssueKind

CODE = "Q103"
NAME = "invalid-format"
SEVERITY = Severity.ERROR


def check(doc, ctx):
    yield from schema_diagnostics(doc, ctx, IssueKind.INVALID_FORMAT)
