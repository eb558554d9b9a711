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

Fix: safe: `file_name` is set to the real file name, keeping the value's YAML style. The
file on disk is what the site serves, so the field follows it; the file is never renamed.
No fix when the real name is not UTF-8 (a record is UTF-8 text: the name cannot be
written in it); rename the file instead.
"""

from qlint.diagnostics import Applicability, Fix, Severity
from qlint.fixing.value_edits import replace_value
from qlint.rules._identity import quote_pair, text_field

CODE = "Q501"
NAME = "file-name-mismatch"
SEVERITY = Severity.ERROR
FIXABLE = True


def check(doc, ctx):
    found = text_field(doc, "file_name")
    if found is None:
        return
    value, field = found
    real = doc.path.name
    if value != real:
        shown, actual = quote_pair(value, real)
        message = f"file_name '{shown}' differs from the real file name '{actual}'"
        edit = replace_value(doc, ("file_name",), real) if _writable(real) else None
        fix = Fix(Applicability.SAFE, (edit,)) if edit is not None else None
        yield ctx.diagnostic(doc, field.value, message, field="file_name", fix=fix)


def _writable(name: str) -> bool:
    """Can `name` be written in a record? Not when its bytes are not UTF-8 (Python keeps
    them as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
