"""The subject segment of `url` disagrees with the record's folder or its `subject`.

The site serves `<subject-key>/<slug>.md` at `/learn/<subject-key>/questions/<slug>`, and the
subject key of a subject is its name lower-cased with spaces as `-` (`Computer Science` ->
`computer-science`). Reported once per record, at the subject segment inside the `url`
value, when that segment differs from the name of the folder the file is in, from the key
of `subject`, or from both; the message says which. Urls that do not follow the url pattern
are left to `invalid-format`.

Why: a url under the wrong subject is a dead link, since the page is served from the file's
folder; a folder or url that disagrees with `subject` files the question under one subject
and labels it with another.

Example:
    A record saved as `biology/what-is-osmosis.md` with
    ```
    subject: Biology
    url: /learn/chemistry/questions/what-is-osmosis
    ```
    reports `url subject 'chemistry' differs from the folder 'biology' and from the key 'biology' of subject 'Biology'`.

Options: none.

Fix: none; any of the three may be the wrong one.
"""

from qlint.diagnostics import Severity
from qlint.rules._identity import text_field, url_segment
from qlint.site import subject_key

CODE = "Q503"
NAME = "url-subject-mismatch"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(doc, ctx):
    found = text_field(doc, "url")
    if found is None:
        return
    url, field = found
    segment = url_segment(doc, ctx.site, field, url, "subject_key")
    if segment is None:
        return
    key, span = segment
    folder = doc.path.parent.name
    problems = []
    if key != folder:
        problems.append(f"the folder '{folder}'")
    subject = doc.value(("subject",))
    if isinstance(subject, str) and subject.strip():
        # Strip: surrounding spaces are not part of the name the site shows.
        expected = subject_key(subject.strip())
        if key != expected:
            problems.append(f"the key '{expected}' of subject '{subject.strip()}'")
    if problems:
        message = f"url subject '{key}' differs from " + " and from ".join(problems)
        yield ctx.diagnostic(doc, span, message, field="url")
