"""A related article's `subject` does not match the subject in its `url`.

Reported at `related_articleN.subject` when the subject key of that subject (lower-cased,
spaces as `-`) differs from the subject segment of the entry's `url`. Entries whose url does
not follow the site's url pattern are left to `malformed-related-url`; missing or non-text
fields to the schema rules.

Why: the subject is shown next to the link, the url is where the link goes; when they
disagree the reader is told one subject and taken to another. The url is usually the part
that is right: it is the address of an existing page and is copied from it, while the
subject is a label that can be edited by hand, so the diagnostic points at the subject.

Example:
    ```
    related_article2:
        subject: Chemistry
        url: /learn/biology/questions/what-is-osmosis
    ```
    reports `related subject 'Chemistry' (key 'chemistry') does not match the url's subject key 'biology'`.

Options: none.

Fix: none; either field may be the wrong one.
"""

from qlint.diagnostics import Severity
from qlint.record.site import parse_url, subject_key

CODE = "Q402"
NAME = "related-subject-mismatch"
SEVERITY = Severity.ERROR


def check(doc, ctx):
    for related in doc.facts.related:
        url, subject = related.url, related.subject
        if url is None or subject is None or not subject.strip():
            continue
        parsed = parse_url(ctx.site, url)
        if parsed is None:
            continue
        expected = subject_key(subject.strip())
        if expected != parsed[0] and (field := doc.fields.get((related.key, "subject"))) is not None:
            message = f"related subject '{subject}' (key '{expected}') does not match the url's subject key '{parsed[0]}'"
            yield ctx.diagnostic(doc, field.value, message, field=f"{related.key}.subject")
