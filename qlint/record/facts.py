"""What several rules want to know about one record, each worked out once, on first use.

`doc.facts.text_fields`, `doc.facts.answer`, `doc.facts.related`... are read as attributes;
the first rule that asks pays for the work, the others read the result. Most records are
never asked most of these (a rule looks at `joined_text` first and stops there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from qlint.record.lazy import lazy
from qlint.record.schema import RELATED_KEY, SchemaIssue, schema_issues
from qlint.record.site import parse_url

if TYPE_CHECKING:
    from qlint.record.document import Document, FieldPath, FieldSpan

# The fields people read: the page's prose, its SEO texts and the titles of its links.
# Ids, dates, urls and file names have their own format rules.
_TOP_PATHS = tuple((key,) for key in ("title", "article_title", "question", "answer", "subject", "author"))
_SEO_PATHS = tuple(("seo", key) for key in ("title", "page_description", "page_keywords"))
_RELATED_TEXTS = ("title", "subject")
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))
# A named tuple made from a tuple of its fields, without the keyword handling of its
# constructor: the facts below make some thirty for every record.
_new = tuple.__new__


class TextValue(NamedTuple):
    path: FieldPath
    value: str


class TextField(NamedTuple):
    path: FieldPath
    value: str
    field: FieldSpan


class Answer(NamedTuple):
    value: str
    field: FieldSpan


class Related(NamedTuple):
    """One `related_articleN` entry of the record."""

    number: int  # N of related_articleN
    key: str  # "related_articleN"
    entry: Any  # the value under the key; a dict for a well-formed entry
    url: str | None  # the entry's `url` when it is a string
    subject: str | None  # its `subject` when it is a string
    ident: int | None  # its `id` when it is an int

    @classmethod
    def of(cls, number: int, key: str, entry: Any) -> "Related":
        if not isinstance(entry, dict):
            return _new(cls, (number, key, entry, None, None, None))
        url, subject, ident = entry.get("url"), entry.get("subject"), entry.get("id")
        url = url if isinstance(url, str) else None
        subject = subject if isinstance(subject, str) else None
        # bool is an int in Python, but `id: true` is the schema's problem, not an id.
        ident = ident if isinstance(ident, int) and not isinstance(ident, bool) else None
        return _new(cls, (number, key, entry, url, subject, ident))


class RecordFacts:
    """Facts of a record. The text and related facts need a parsed record (`doc.parsed`),
    as the rules that read them do; `schema_issues` holds for any front matter."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    @lazy
    def text_values(self) -> list[TextValue]:
        """Every non-empty string text field, spans not looked up: a value without a
        recorded span (past the limit of fields placed at aliases) is in this list only. Every
        `related_articleN` is looked at, not only the ones the page shows; missing and
        non-string values are skipped (the schema rules report them)."""
        data, found = self.doc.data, []
        # Three plain loops rather than one over a list of candidate paths: this runs for
        # every record, and building that list cost more than the lookups.
        for path in _TOP_PATHS:
            value = data.get(path[0])
            if isinstance(value, str) and value:
                found.append(_new(TextValue, (path, value)))
        seo = data.get("seo")
        if isinstance(seo, dict):
            for path in _SEO_PATHS:
                value = seo.get(path[1])
                if isinstance(value, str) and value:
                    found.append(_new(TextValue, (path, value)))
        for key, entry in self.related_like:
            if isinstance(entry, dict):
                for name in _RELATED_TEXTS:
                    value = entry.get(name)
                    if isinstance(value, str) and value:
                        found.append(_new(TextValue, ((key, name), value)))
        return found

    @lazy
    def text_fields(self) -> list[TextField]:
        """The text values that have a span of their own."""
        fields = self.doc.fields
        return [_new(TextField, (path, value, field)) for path, value in self.text_values if (field := fields.get(path))]

    @lazy
    def joined_text(self) -> str:
        """All text values run together, to ask once per record what most records have
        nowhere: a control character, a `$`, a non-ASCII character. A "no" holds for every
        field; a "yes" may come from two values meeting (`\\` then `(`) or from a value
        without a span, so a rule then looks field by field."""
        return "".join([value for _, value in self.text_values])

    @lazy
    def all_printable(self) -> bool:
        """Every text value is printable (`str.isprintable`): no control, format or
        separator character other than the space."""
        joined = self.joined_text
        if joined.isascii():
            # Printable ASCII is U+0020..U+007E: deleting those bytes leaves nothing. Three
            # times faster than `isprintable`, which looks each character up.
            return not joined.encode("ascii").translate(None, _PRINTABLE_ASCII)
        return joined.isprintable()

    @lazy
    def answer(self) -> Answer | None:
        """The answer and its span; None when it is missing, blank or not a string."""
        value, field = self.doc.data.get("answer"), self.doc.fields.get(("answer",))
        return Answer(value, field) if isinstance(value, str) and value.strip() and field is not None else None

    @lazy
    def related_like(self) -> list[tuple[str, Any]]:
        """(key, value) of every top-level key starting with `related_article`, in file
        order: the entries, and keys such as `related_article0` that only look like one."""
        return [(key, value) for key, value in self.doc.data.items() if isinstance(key, str) and key.startswith("related_article")]

    @lazy
    def related(self) -> list[Related]:
        """Every `related_articleN` entry, in numeric order (not file order)."""
        found = [Related.of(int(match.group(1)), key, entry) for key, entry in self.related_like if (match := RELATED_KEY.fullmatch(key))]
        return sorted(found, key=lambda related: related.number)

    @lazy
    def own_url_parts(self) -> tuple[str, str] | None:
        """(subject key, slug) of the record's own `url`; None when it is not a string or
        does not follow the site's pattern (the schema reports that)."""
        url = self.doc.data.get("url")
        return parse_url(self.doc.site, url) if isinstance(url, str) else None

    @lazy
    def schema_issues(self) -> list[SchemaIssue]:
        """The record validated against the schema, each issue at its field."""
        return schema_issues(self.doc)
