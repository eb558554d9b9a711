"""A field has the wrong YAML type.

`id` must be an integer (not `abc`, not the string `"123"`, not `true`), text fields must be
strings, `seo` and `related_articleN` must be mappings, `score` a number, `no_index` a
boolean. Reported at the value.

Why: the site's template and search index expect these types; a list where a title should
be renders as `[object Object]` or breaks the build.

Example:
    `id: abc` reports `field 'id' should be integer, not a string`.

Options: none.

Fix: none.
"""

from qlint.diagnostics import Severity
from qlint.rules._problems import schema_diagnostics
from qlint.record.schema import IssueKind

CODE = "Q102"
NAME = "wrong-type"
SEVERITY = Severity.ERROR
NEEDS_RECORD = False  # a front matter that is a list or a scalar is a wrong type too


def check(doc, ctx):
    yield from schema_diagnostics(doc, ctx, IssueKind.WRONG_TYPE)
