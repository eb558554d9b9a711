"""`seo.title` is not the site's page title for the record's subject.

The browser-tab and search-result title of a page is built from its subject by the site's
`seo-title` setting, `QuickTakes | <subject>` by default. Reported at the `seo.title` value
when it differs from that (whitespace differences aside). The record's own `subject` is
used as written, so a subject with unusual capitals is compared as it is (`unknown-subject`
reports the spelling itself). Records without a text `subject` are skipped.

Why: a title naming another subject, or a typo in the brand, shows in search results and
browser tabs.

Example:
    ```
    seo:
      title: QuickTakes | Chemistry
    subject: Biology
    ```
    reports `seo.title 'QuickTakes | Chemistry' should be 'QuickTakes | Biology'`.

Options: none; the pattern is the site's `seo-title` setting.

Fix: safe: `seo.title` is set to the site's title for the record's `subject` (`QuickTakes |
Biology`), keeping the value's YAML style. The subject is the field the site files and shows
the page under, so the title follows it. Only offered when the subject is in the site's
subject list, or differs from a listed one only in case (`unknown-subject` then fixes both
together); for an unknown subject a person has to decide which field is wrong.
"""

from functools import lru_cache

from qlint.diagnostics import Applicability, Fix, Severity
from qlint.rules._identity import quote_pair, repeated_replace_value, squash, text_field
from qlint.record.site import canonical_subject

CODE = "Q602"
NAME = "seo-title-mismatch"
SEVERITY = Severity.ERROR
FIXABLE = True


def check(doc, ctx):
    found, subject = text_field(doc, "seo", "title"), text_field(doc, "subject")
    if found is None or subject is None:
        return
    expected = _expected(ctx.site.seo_title, subject[0])
    if expected is None:
        return  # a seo-title setting with other placeholders is a configuration problem
    value, field = found
    if value != expected and squash(value) != expected:  # most titles are exactly right
        shown, wanted = quote_pair(squash(value), expected)
        message = f"seo.title '{shown}' should be '{wanted}'"
        fix = _fix(doc, ctx, squash(subject[0]), expected)
        yield ctx.diagnostic(doc, field.value, message, field="seo.title", fix=fix)


@lru_cache(maxsize=256)
def _expected(pattern: str, subject: str) -> str | None:
    """The seo title for `subject`; None when the pattern has other placeholders. Remembered:
    a corpus has few subjects."""
    try:
        return squash(pattern.format(subject=squash(subject)))
    except (KeyError, IndexError, ValueError):
        return None


def _fix(doc, ctx, subject, expected):
    # A subject outside the site's list may itself be the typo: no guess then.
    if canonical_subject(ctx.site, subject) is None:
        return None
    edit = repeated_replace_value(doc, ("seo", "title"), expected)
    return Fix(Applicability.SAFE, (edit,)) if edit is not None else None
