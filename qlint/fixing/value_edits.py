"""How a fix edits a scalar value: replace it whole, in the style it already has, or
replace a part of it where its text is written verbatim.

`replace_value` replaces exactly the source span of one value. The new text keeps the
value's style (plain, single- or double-quoted, folded `>-`, literal `|`) and its
indentation when that style can hold the new value exactly; otherwise it falls back to a
double-quoted scalar, which can hold any string. Every candidate is checked by loading it
back with PyYAML's full safe loader (dates included): a plain `2025-01-01`, `123` or `yes`
would read back as another type, so it is quoted instead.

`replace_in_value` edits inside a value, only where the value's text is written verbatim
in the file (no escapes in between) and the new text needs no quoting in that scalar's
style; anything else gives None.
"""

from __future__ import annotations

import json
import re

import yaml

from qlint.diagnostics import Edit
from qlint.record.document import Document, FieldPath

# Characters YAML treats as line breaks or refuses raw: always escaped in double quotes.
_NEEDS_ESCAPE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_BLOCK_HEADER = re.compile(r"([|>])([+-]?)(?:[ \t]+#.*)?")  # a comment after the header is kept


def double_quoted(value: str) -> str:
    # JSON string escapes are valid YAML double-quoted escapes; YAML's extra line breaks
    # (NEL, LS, PS) and other controls are escaped as well so they stay characters.
    text = json.dumps(value, ensure_ascii=False)
    return _NEEDS_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _reads_back(candidate: str, value: object, indent: int) -> bool:
    try:
        loaded = yaml.load("k: " + candidate + "\n", Loader=yaml.SafeLoader)  # noqa: S506 - safe loader
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and type(loaded.get("k")) is type(value) and loaded.get("k") == value


def emit_scalar(value: object, style: str | None, header: str = "", indent: int = 2) -> str:
    """YAML text for `value`, in `style` (None = plain, quotes, or a block `header` like
    `>-` with content `indent` spaces deep) when that reads back exactly, else double-quoted."""
    if not isinstance(value, str):
        text = json.dumps(value)  # numbers, booleans, null: plain is their only style
        return text if _reads_back(text, value, indent) else double_quoted(str(value))
    candidates: list[str] = []
    if style in (">", "|") and value and not _NEEDS_ESCAPE.search(value):
        match = _BLOCK_HEADER.fullmatch(header)
        if match and not value.startswith((" ", "\t")):
            chomp = match.group(2)
            body = value[:-1] if chomp == "" and value.endswith("\n") else value
            lines = body.split("\n")
            # Folded style turns single line breaks into spaces: only one-line values are exact.
            if style == "|" or len(lines) == 1:
                pad = " " * indent
                candidates.append(header + "".join("\n" + (pad + line if line else "") for line in lines))
    elif style == "'" and "\n" not in value and not _NEEDS_ESCAPE.search(value):
        candidates.append("'" + value.replace("'", "''") + "'")
    elif style is None and "\n" not in value:
        candidates.append(value)
    for candidate in candidates:
        if _reads_back(candidate, value, indent):
            return candidate
    return double_quoted(value)


def block_indent(text: str, start: int, end: int) -> int:
    """Content indentation of a block scalar whose source is text[start:end]."""
    source = text[start:end]
    lines = source.splitlines()[1:]
    content = [line for line in lines if line.strip()]
    return len(content[0]) - len(content[0].lstrip(" ")) if content else 2


def replace_value(doc: Document, path: FieldPath, value: object) -> Edit | None:
    """An Edit that sets the scalar at `path` to `value`, keeping its style; None if there
    is no such scalar."""
    field = doc.fields.get(tuple(path))
    if field is None or not isinstance(field.node, yaml.ScalarNode):
        return None
    span = field.value
    style = field.node.style or None
    header, indent = "", 2
    if style in (">", "|"):
        header = doc.text[span.start_offset : span.end_offset].split("\n", 1)[0].strip()
        indent = block_indent(doc.text, span.start_offset, span.end_offset)
    elif style == '"':
        return Edit(span.start_offset, span.end_offset, double_quoted(value) if isinstance(value, str) else json.dumps(value))
    return Edit(span.start_offset, span.end_offset, emit_scalar(value, style, header, indent))


# Characters that would change meaning if written raw inside a scalar of that style.
_UNSAFE_IN_STYLE = {
    None: "\n\r#:",  # plain: a new line, comment or mapping indicator could change the parse
    "": "\n\r#:",  # plain, as libyaml's composer reports it
    ">": "\n\r",
    "|": "\n\r",
    '"': '"\\\n\r',
    "'": "'\n\r",
}


def replace_in_value(doc: Document, path: FieldPath, index: int, length: int, new_text: str) -> Edit | None:
    """An Edit replacing value[index:index + length] of the string at `path` by `new_text`."""
    field = doc.fields.get(tuple(path))
    value = doc.value(tuple(path))
    if field is None or not isinstance(value, str):
        return None
    style = getattr(field.node, "style", None)
    if style not in _UNSAFE_IN_STYLE or any(ch in _UNSAFE_IN_STYLE[style] for ch in new_text):
        return None
    span = field.locate(index, length)
    if doc.text[span.start_offset : span.end_offset] != value[index : index + length]:
        return None  # the source spells this part differently (an escape, a fold)
    return Edit(span.start_offset, span.end_offset, new_text)
