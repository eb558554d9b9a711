"""The `file_name` field does not name the file the record is in.

Reported at the `file_name` value when it differs in any way (including letter case) from
the record file's real name, for example after a file was renamed or copied without
updating the field. Missing, empty or malformed file names are left to the schema rules.

Why: tools that build or sync the site find a record by `file_name`; a stale one points to
another file, or to none.

Example:
    A record saved as `biology/what-is-osmosis.md` with
    ```
    file_name: what-is-diffusion.md
    ```
    reports `file_name 'what-is-diffusion.md' differs from the real file name 'what-is-osmosis.md'`.

Options: none.

Fix: none.
"""

from qlint.diagnostics import Severity
from qlint.rules._identity import quote_pair, text_field

CODE = "Q501"
NAME = "file-name-mismatch"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(doc, ctx):
    found = text_field(doc, "file_name")
    if found is None:
        return
    value, field = found
    real = doc.path.name
    if value != real:
        shown, actual = quote_pair(value, real)
        message = f"file_name '{shown}' differs from the real file name '{actual}'"
        yield ctx.diagnostic(doc, field.value, message, field="file_name")
