"""A field the record schema does not know.

Reported at the key. Related articles are `related_article1`, `related_article2`, ... with no
leading zeros; anything else (a typo like `tittle`, `related_article_1`) is unknown.

Why: the site ignores unknown fields, so a typo silently drops the value it was meant to set.

Example:
    `tittle: Photosynthesis` reports `unknown field 'tittle'`.

Options: none.

Fix: none.
"""

from qlint.diagnostics import Severity
from qlint.rules._problems import schema_diagnostics
from qlint.record.schema import IssueKind

CODE = "Q104"
NAME = "unknown-field"
SEVERITY = Severity.ERROR


def check(doc, ctx):
    yield from schema_diagnostics(doc, ctx, IssueKind.UNKNOWN)
