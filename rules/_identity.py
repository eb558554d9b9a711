"""Shared helpers of the identity, consistency and SEO rules (Q50x, Q60x) and self-related.

Not a rule (the leading underscore keeps it out of discovery).
"""

from __future__ import annotations

import yaml

from qlint.diagnostics import Edit, Span
from qlint.record.document import Document, FieldPath, FieldSpan
from qlint.fixing.value_edits import replace_value
from qlint.record.site import parse_url

_EXCERPT = 70  # characters of a value quoted in a message; titles and slugs run to 200+


def text_field(doc: Document, *path: str) -> tuple[str, FieldSpan] | None:
    """The non-blank string at `path` and its span, or None.

    Missing, empty and non-string values are the schema rules' business: these rules skip them."""
    value = doc.value(path)
    field = doc.fields.get(path)
    if not isinstance(value, str) or not value.strip() or field is None:
        return None
    return value, field


def known_subjects(site) -> frozenset[str]:
    """The site's subject names as a set, built once rather than once per record: the last
    set is kept with a copy of the list it was built from, and rebuilt when the list
    differs (comparing two lists of the same strings is cheap)."""
    global _KNOWN
    if _KNOWN[0] != site.subjects:
        _KNOWN = (list(site.subjects), frozenset(site.subjects))
    return _KNOWN[1]


_KNOWN: tuple[list[str], frozenset[str]] = ([], frozenset())


def squash(text: str) -> str:
    """The text as a browser shows it: runs of whitespace as one space, none at the ends."""
    if "  " not in text and text.isprintable() and text == text.strip():
        return text  # already so (printable: no whitespace but the space); the usual case
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


def segment_span(field: FieldSpan, site, url: str, name: str) -> Span:
    """Where the `subject_key` or `slug` segment of `url` (a url that follows the site's
    pattern) is in the file. Its position is derived from the pattern; if that does not
    work out (an unusual configured pattern), the whole value is used. Only worked out for
    a report: most urls are fine."""
    key, slug = parse_url(site, url)
    segment = key if name == "subject_key" else slug
    pattern = site.url_pattern
    prefix = pattern[: pattern.index("{" + name + "}")]
    index = len(prefix.replace("{subject_key}", key).replace("{slug}", slug))
    if url[index : index + len(segment)] != segment:
        return field.value
    return field.locate(index, len(segment))


def repeated_replace_value(doc: Document, path: FieldPath, value: object) -> Edit | None:
    """`replace_value(doc, path, value)`, remembering the new text between records.

    For fixes that write the same few values all over a corpus (a subject's listed
    spelling, the seo title built from it). Working the text out loads YAML to check it
    reads back, which costs more than the rest of a record's checks; the text depends only
    on the new value, the old value's YAML style and its source text (block header and
    indentation included), which make the key. Only the offsets come from this record."""
    field = doc.fields.get(tuple(path))
    if field is None or not isinstance(field.node, yaml.ScalarNode):
        return replace_value(doc, path, value)
    span = field.value
    key = (type(value), value, field.node.style, doc.text[span.start_offset : span.end_offset])
    content = _REPLACEMENTS.get(key)
    if content is None:
        edit = replace_value(doc, path, value)
        if edit is None:
            return None
        if len(_REPLACEMENTS) >= 4096:
            _REPLACEMENTS.clear()
        _REPLACEMENTS[key] = edit.content
        return edit
    return Edit(span.start_offset, span.end_offset, content)


_REPLACEMENTS: dict[tuple, str] = {}
