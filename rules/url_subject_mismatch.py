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

Fix: unsafe, only when the url's subject differs from the folder: `url` is rebuilt from the
site's url pattern with the file's folder and name, keeping the value's YAML style, so it
points where the page is served. Unsafe because it changes a public url, and the folder may
be the wrong one. When the url agrees with the folder but not with `subject`, there is no
fix: the folder or the subject must change, and which one needs a person.
"""

from qlint.diagnostics import Applicability, Fix, Severity
from qlint.fixing.value_edits import replace_value
from qlint.rules._identity import segment_span, text_field
from qlint.record.site import page_url, subject_key

CODE = "Q503"
NAME = "url-subject-mismatch"
SEVERITY = Severity.ERROR
FIXABLE = True


def check(doc, ctx):
    found = text_field(doc, "url")
    if found is None:
        return
    url, field = found
    parts = doc.facts.own_url_parts
    if parts is None:
        return
    key = parts[0]
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
        # Rebuilt only when the folder disagrees: the page is served from the folder.
        fix = _fix(doc, ctx, url) if key != folder else None
        yield ctx.diagnostic(doc, segment_span(field, ctx.site, url, "subject_key"), message, field="url", fix=fix)


def _fix(doc, ctx, url):
    """The url the site serves this file at, as an unsafe fix; None when it is already that."""
    served = page_url(ctx.site, doc.path.parent.name, doc.path.stem)
    edit = replace_value(doc, ("url",), served) if served != url else None
    return Fix(Applicability.UNSAFE, (edit,)) if edit is not None else None
