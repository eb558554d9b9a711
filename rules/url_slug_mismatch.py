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

Fix: unsafe: `url` is rebuilt from the site's url pattern with the file's folder and name
(`/learn/biology/questions/what-is-osmosis`), keeping the value's YAML style. Unsafe because
it changes a public url: links, bookmarks and search results that use the old one may need a
redirect, and the old slug may have been the intended one (then the file should be renamed).
"""

from qlint.diagnostics import Applicability, Fix, Severity
from qlint.fixing.value_edits import replace_value
from qlint.rules._identity import quote_pair, segment_span, text_field
from qlint.record.site import page_url

CODE = "Q502"
NAME = "url-slug-mismatch"
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
    slug = parts[1]
    stem = doc.path.stem
    if slug != stem:
        shown, actual = quote_pair(slug, stem)
        message = f"url slug '{shown}' differs from the file name '{actual}'"
        span = segment_span(field, ctx.site, url, "slug")
        yield ctx.diagnostic(doc, span, message, field="url", fix=_fix(doc, ctx, url))


def _fix(doc, ctx, url):
    """The url the site serves this file at, as an unsafe fix; None when it is already that."""
    served = page_url(ctx.site, doc.path.parent.name, doc.path.stem)
    edit = replace_value(doc, ("url",), served) if served != url else None
    return Fix(Applicability.UNSAFE, (edit,)) if edit is not None else None
