"""Shared helpers of the identity, consistency and SEO rules (Q50x, Q60x).

Not a rule (the leading underscore keeps it out of discovery).
"""

from __future__ import annotations

from qlint.diagnostics import Span
from qlint.document import Document, FieldSpan
from qlint.site import parse_url

_EXCERPT = 70  # characters of a value quoted in a message; titles and slugs run to 200+


def text_field(doc: Document, *path: str) -> tuple[str, FieldSpan] | None:
    """The non-blank string at `path` and its span, or None.

    Missing, empty and non-string values are the schema rules' business: these rules skip them."""
    value = doc.value(path)
    field = doc.fields.get(path)
    if not isinstance(value, str) or not value.strip() or field is None:
        return None
    return value, field


def squash(text: str) -> str:
    """The text as a browser shows it: runs of whitespace as one space, none at the ends."""
    return " ".join(text.split())


def excerpt(text: str, start: int = 0) -> str:
    """`text` shortened for a message, from `start` (where two values begin to differ)."""
    start = max(0, min(start - 20, len(text) - _EXCERPT))
    head = "..." if start > 0 else ""
    tail = "..." if len(text) - start > _EXCERPT else ""
    return head + text[start : start + _EXCERPT] + tail


def quote_pair(one: str, two: str) -> tuple[str, str]:
    """Both values quoted for a message; long ones cut around their first difference."""
    first = next((i for i, (a, b) in enumerate(zip(one, two)) if a != b), min(len(one), len(two)))
    return excerpt(one, first), excerpt(two, first)


def url_segment(doc: Document, site, field: FieldSpan, url: str, name: str) -> tuple[str, Span] | None:
    """The `subject_key` or `slug` segment of a page url and where it is in the file.

    None when the url does not follow the site's pattern (the schema reports that). The
    segment's position is derived from the pattern; if that does not work out (an unusual
    configured pattern), the whole value is used."""
    parsed = parse_url(site, url)
    if parsed is None:
        return None
    key, slug = parsed
    segment = key if name == "subject_key" else slug
    pattern = site.url_pattern
    prefix = pattern[: pattern.index("{" + name + "}")]
    index = len(prefix.replace("{subject_key}", key).replace("{slug}", slug))
    if url[index : index + len(segment)] != segment:
        return segment, field.value
    return segment, field.locate(index, len(segment))
