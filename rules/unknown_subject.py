"""A subject is not one of the site's subjects, or is spelled with different capitals.

Checks `subject` and the `subject` of every `related_articleN` against the configured
subject list (`[site] subjects`, by default the QuickTakes site's list). A name that matches
a listed subject except for letter case (`Computer science` for `Computer Science`) is
reported as a variant, with the listed spelling; any other name as unknown. Reported at the
subject value.

Why: the site groups pages by its own list of subject names. A case variant shows the
subject spelled two ways across the site and splits it in any listing that compares names
exactly; an unknown subject is served as a hidden subject, outside every subject page.

Example:
    ```
    subject: Computer science
    ```
    reports `subject 'Computer science' is spelled differently from the site's 'Computer Science'`;
    `subject: Astrology` reports `unknown subject 'Astrology': not in the site's subject list`.

Options: none; the list is the site's `subjects` setting.

Fix: none.
"""

from qlint.diagnostics import Severity
from qlint.rules._identity import text_field
from qlint.schema import RELATED_KEY
from qlint.site import canonical_subject

CODE = "Q505"
NAME = "unknown-subject"
SEVERITY = Severity.ERROR
FIXABLE = False


def _subject_paths(doc):
    yield ("subject",)
    related = [k for k in doc.data if isinstance(k, str) and RELATED_KEY.fullmatch(k)]
    for key in sorted(related, key=lambda k: int(RELATED_KEY.fullmatch(k).group(1))):
        yield (key, "subject")


def check(doc, ctx):
    known = set(ctx.site.subjects)
    for path in _subject_paths(doc):
        found = text_field(doc, *path)
        if found is None:
            continue
        subject, field = found
        name = subject.strip()  # surrounding spaces are not part of the name the site shows
        if name in known:
            continue
        canonical = canonical_subject(ctx.site, name)
        if canonical is not None:
            message = f"subject '{name}' is spelled differently from the site's '{canonical}'"
        else:
            message = f"unknown subject '{name}': not in the site's subject list"
        yield ctx.diagnostic(doc, field.value, message, field=".".join(path))
