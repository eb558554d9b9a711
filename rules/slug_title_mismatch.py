"""The record's slug (its file name) is not the one the site derives from `title`.

The site makes a page's slug from its title: lower-cased, every character other than a-z,
0-9 and space dropped (accents, hyphens and punctuation included), each space turned into
`-` without collapsing (so ` & ` gives `--`). Reported at the `title` value when the file
name without `.md` differs from that slug, with both in the message.

Why: the slug is the page's address. When the title was edited but the file kept its old
name (or the file was named by hand), the site and its links disagree about the address,
and a rebuild may publish the page under a new one, breaking every existing link.

Example:
    A record saved as `biology/what-is-osmosis.md` with
    ```
    title: What is diffusion?
    ```
    reports `title gives the slug 'what-is-diffusion' but the file name is 'what-is-osmosis'`.

Options: none; the slug style is the site's `slug-style` setting.

Fix: none; renaming a published page changes its url.
"""

from qlint.diagnostics import Severity
from qlint.rules._identity import quote_pair, text_field
from qlint.record.site import slugify

CODE = "Q504"
NAME = "slug-title-mismatch"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(doc, ctx):
    found = text_field(doc, "title")
    if found is None:
        return
    title, field = found
    expected = slugify(title, ctx.site.slug_style)
    stem = doc.path.stem
    if expected != stem:
        shown, actual = quote_pair(expected, stem)
        message = f"title gives the slug '{shown}' but the file name is '{actual}'"
        yield ctx.diagnostic(doc, field.value, message, field="title")
