"""The pydantic model of a QuickTakes record, and its errors turned into located issues.

Validation runs once per file (`doc.facts.schema_issues`); the schema rules Q101-Q105 each
report the issues of their kind. Every issue is located at the offending value, or, for a
missing field, at the key of the mapping that should hold it (for a top-level field: at the
closing fence, where it would be added).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Optional

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StringConstraints
from pydantic import StrictFloat, StrictStr, ValidationError, create_model

from qlint.record.config import SiteConfig
from qlint.diagnostics import Span
from qlint.record.document import AliasFieldSpan, Document
from qlint.record.site import parse_url

RELATED_KEY = re.compile(r"related_article([1-9][0-9]{0,2})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SAFE_BASENAME = re.compile(r"[^/\\\x00-\x1f]+\.md")
_URL_PART = re.compile(r"[a-z0-9]+(?:-+[a-z0-9]+)*")  # subject keys and slugs


class IssueKind:
    """What went wrong with a field; each schema rule reports one kind."""

    MISSING = "missing"
    WRONG_TYPE = "wrong-type"
    INVALID_FORMAT = "invalid-format"
    UNKNOWN = "unknown"
    EMPTY = "empty"


# "Not empty" is a pattern pydantic checks in Rust: a character that str.strip() would
# keep (Unicode white space and the separators U+001C..U+001F do not count). A Python
# validator per field cost more than the rest of the validation together. A null where
# text or an id belongs is reported as empty too (see _is_empty).
_NOT_BLANK = StringConstraints(pattern=r"[^\s\x1c-\x1f]")


def _is_empty(error: dict[str, Any]) -> bool:
    return error["type"] == "string_pattern_mismatch" or (
        error["type"] in ("string_type", "int_type") and error.get("input", ...) is None
    )


# Formats checked in Python, once pydantic has found the field a non-empty string: the
# same checks as validators pydantic would call back into Python for, a microsecond less
# per record, and plain messages instead of pydantic's custom-error plumbing.
def _date_problem(value: str, site: SiteConfig) -> str | None:
    if not _ISO_DATE.fullmatch(value):
        return f"'{value}' is not an ISO date (YYYY-MM-DD)"
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return f"'{value}' is not a calendar date"
    return None


def _file_name_problem(value: str, site: SiteConfig) -> str | None:
    if not _SAFE_BASENAME.fullmatch(value):
        return f"'{value}' is not a plain file name ending in '.md'"
    if value.startswith("."):
        return f"'{value}' must not start with '.'"
    return None


def _url_problem(value: str, site: SiteConfig) -> str | None:
    # The record's own url; related urls are checked in detail by the malformed-related-url
    # rule, which points at the offending part.
    parts = parse_url(site, value)
    if parts is None or not all(_URL_PART.fullmatch(part) for part in parts):
        expected = site.url_pattern.replace("{subject_key}", "<subject-key>").replace("{slug}", "<slug>")
        return f"'{value}' is not a page url of the form {expected} (lower-case letters, digits and hyphens)"
    return None


_FORMATS = (("date", _date_problem), ("file_name", _file_name_problem), ("url", _url_problem))
Text = Annotated[StrictStr, _NOT_BLANK]
PositiveId = Annotated[StrictInt, Field(gt=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=False)


class Seo(_Strict):
    title: Text
    page_description: Text
    page_keywords: Text


class RelatedArticle(_Strict):
    id: PositiveId
    title: Text
    subject: Text
    url: Text


class Record(_Strict):
    schema_: Text = Field(alias="_schema")
    id: PositiveId
    date: Text  # and _FORMATS
    title: Text
    article_title: Text
    date_format: Text
    post_on_text: Text
    seo: Seo
    author: Text
    question: Text
    answer: Text
    subject: Text
    file_name: Text  # and _FORMATS
    url: Text  # and _FORMATS
    # A missing or null score is reported by the score rules, not by the schema.
    score: Optional[StrictFloat | StrictInt] = None
    no_index: Optional[StrictBool] = None


@lru_cache(maxsize=None)
def record_model(related_count: int) -> type[BaseModel]:
    """Record with optional related_article1..related_article<related_count> fields."""
    if related_count == 0:
        return Record
    extra = {f"related_article{n}": (Optional[RelatedArticle], None) for n in range(1, related_count + 1)}
    return create_model(f"Record{related_count}", __base__=Record, **extra)


@dataclass(frozen=True)
class SchemaIssue:
    kind: str
    field: str | None  # dotted path
    message: str
    span: Span


_KIND_BY_TYPE = {
    "missing": IssueKind.MISSING,
    "extra_forbidden": IssueKind.UNKNOWN,
    "invalid_format": IssueKind.INVALID_FORMAT,
    "greater_than": IssueKind.INVALID_FORMAT,
}


def schema_issues(doc: Document) -> list[SchemaIssue]:
    """The record validated (urls against its site's url pattern), each issue at its field.
    Read it as `doc.facts.schema_issues`: validated once, however many rules ask."""
    # A front matter that parsed but is not a mapping is validated too: it is a wrong type.
    return _validate(doc, doc.site) if doc.problem is None and doc.node is not None else []


_NUMBERS: dict[Any, int] = {}  # key -> its related_articleN number, or 0: keys repeat from record to record


def _related_number(key: Any) -> int:
    number = _NUMBERS.get(key)
    if number is None:
        match = RELATED_KEY.fullmatch(key) if isinstance(key, str) else None
        number = int(match.group(1)) if match else 0
        if len(_NUMBERS) > 10_000:  # a file of made-up keys must not grow it for ever
            _NUMBERS.clear()
        _NUMBERS[key] = number
    return number


def _validate(doc: Document, site: SiteConfig) -> list[SchemaIssue]:
    keys = doc.data if isinstance(doc.data, dict) else ()
    model = record_model(max(map(_related_number, keys), default=0))
    errors: list[dict[str, Any]] = []
    try:
        model.model_validate(doc.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    if isinstance(doc.data, dict):
        flagged = {tuple(error["loc"]) for error in errors}
        for name, problem in _FORMATS:
            value = doc.data.get(name)
            if isinstance(value, str) and (name,) not in flagged and (message := problem(value, site)):
                errors.append({"type": "invalid_format", "loc": (name,), "msg": message, "input": value})
    return _located(doc, errors) if errors else []


def _located(doc: Document, errors: list[dict[str, Any]]) -> list[SchemaIssue]:
    issues: list[SchemaIssue] = []
    seen: set[tuple] = set()
    for error in errors:
        loc = _field_loc(doc, tuple(error["loc"]), error["type"])
        if loc in seen:  # a union reports one error per member; one per field is enough
            continue
        seen.add(loc)
        kind = IssueKind.EMPTY if _is_empty(error) else _KIND_BY_TYPE.get(error["type"], IssueKind.WRONG_TYPE)
        dotted = ".".join(str(part) for part in loc) or None
        issues.append(SchemaIssue(kind, dotted, _message(kind, dotted, error), _locate(doc, loc, kind)))
    return issues


def _field_loc(doc: Document, loc: tuple, error_type: str) -> tuple:
    """Drop what pydantic adds after the field (union members such as ('score', 'float'))."""
    if error_type in ("missing", "extra_forbidden"):
        return loc
    while loc and tuple(p if isinstance(p, int) else str(p) for p in loc) not in doc.fields:
        loc = loc[:-1]
    return loc


def _message(kind: str, dotted: str | None, error: dict[str, Any]) -> str:
    name = f"field '{dotted}'" if dotted else "the front matter"
    if kind == IssueKind.MISSING:
        return f"required {name} is missing"
    if kind == IssueKind.UNKNOWN:
        return f"unknown {name}"
    if kind == IssueKind.EMPTY:
        return f"{name} is empty"
    if kind == IssueKind.WRONG_TYPE:
        if error["type"] in ("model_type", "dict_type", "model_attributes_type"):
            expected = "a mapping"
        else:
            expected = re.sub(r"\ba valid (?=[aeiou])", "an ", error["msg"].replace("Input should be ", ""))
            expected = expected.replace("a valid ", "a ")
        return f"{name} should be {expected}, not {_yaml_type(error.get('input'))}"
    if error["type"] == "greater_than":
        return f"{name} must be a positive integer, not {error.get('input')!r}"
    return f"{name}: {error['msg']}"


def _yaml_type(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list", dict: "a mapping"}
    if value is None:
        return "null"
    return names.get(type(value), type(value).__name__)


def _locate(doc: Document, loc: tuple, kind: str) -> Span:
    if kind == IssueKind.MISSING:
        parent = doc.fields.get(tuple(str(p) for p in loc[:-1]))
        if isinstance(parent, AliasFieldSpan):
            return parent.value  # a mapping written under an anchor: at the alias, which names it
        if parent is not None and parent.key is not None:
            return parent.key
        if len(loc) <= 1:
            # A missing top-level field would be added just before the closing fence.
            return doc.span(doc.front_matter_end, doc.front_matter_end + 3)
    if kind == IssueKind.UNKNOWN:
        found = doc.fields.get(tuple(str(p) for p in loc))
        if found is not None and found.key is not None:
            return found.key
    found = doc.field_span(tuple(str(p) if not isinstance(p, int) else p for p in loc))
    return found.value if found is not None else doc.span(doc.front_matter_start)
