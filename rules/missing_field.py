"""A required field of the record is absent.

Required at the top level: `_schema`, `id`, `date`, `title`, `article_title`, `date_format`,
`post_on_text`, `seo`, `author`, `question`, `answer`, `subject`, `file_name`, `url`; inside
`seo`: `title`, `page_description`, `page_keywords`; inside each `related_articleN`: `id`,
`title`, `subject`, `url`. (`score` and `no_index` are optional; a missing score has its own
rule, `missing-score`.) A missing nested field is reported at its parent's key; a missing
top-level field at the closing `---`, where it would be added.

Why: the page template reads these fields; a missing one renders as an empty or broken page.

Example:
    A record without `url:` reports `required field 'url' is missing`.

Options: none.

Fix: none.
"""

from qlint.diagnostics import Severity
from qlint.rules._problems import schema_diagnostics
from qlint.record.schema import IssueKind

CODE = "Q101"
NAME = "missing-field"
SEVERITY = Severity.ERROR


def check(doc, ctx):
    yield from schema_diagnostics(doc, ctx, IssueKind.MISSING)
