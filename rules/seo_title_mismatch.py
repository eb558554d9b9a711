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

Fix: none.
"""

from qlint.diagnostics import Severity
from qlint.rules._identity import quote_pair, squash, text_field

CODE = "Q602"
NAME = "seo-title-mismatch"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(doc, ctx):
    found, subject = text_field(doc, "seo", "title"), text_field(doc, "subject")
    if found is None or subject is None:
        return
    try:
        expected = squash(ctx.site.seo_title.format(subject=squash(subject[0])))
    except (KeyError, IndexError, ValueError):
        return  # a seo-title setting with other placeholders is a configuration problem
    value, field = found
    if squash(value) != expected:
        shown, wanted = quote_pair(squash(value), expected)
        yield ctx.diagnostic(doc, field.value, f"seo.title '{shown}' should be '{wanted}'", field="seo.title")
