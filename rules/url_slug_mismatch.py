"""The slug at the end of `url` is not the record's file name.

The site serves `<subject-key>/<slug>.md` at `/learn/<subject-key>/questions/<slug>`, so the
slug segment of `url` must equal the file name without `.md`. Reported at the slug inside
the `url` value. Urls that do not follow the url pattern are left to `invalid-format`.

Why: `url` is what sitemaps, search results and other pages link to; if its slug is not the
file's, that link leads to a page that does not exist (or to another record).

Example:
    A record saved as `biology/what-is-osmosis.md` with
    ```
    url: /learn/biology/questions/what-is-diffusion
    ```
    reports `url slug 'what-is-diffusion' differs from the file name 'what-is-osmosis'`.

Options: none.

Fix: none.
"""

from qlint.diagnostics import Severity
from qlint.rules._identity import quote_pair, text_field, url_segment

CODE = "Q502"
NAME = "url-slug-mismatch"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(doc, ctx):
    found = text_field(doc, "url")
    if found is None:
        return
    url, field = found
    segment = url_segment(doc, ctx.site, field, url, "slug")
    if segment is None:
        return
    slug, span = segment
    stem = doc.path.stem
    if slug != stem:
        shown, actual = quote_pair(slug, stem)
        yield ctx.diagnostic(doc, span, f"url slug '{shown}' differs from the file name '{actual}'", field="url")
