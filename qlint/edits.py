"""Building Edits that change text inside a scalar value without re-emitting it.

An edit inside a value is only safe where the value's text is written verbatim in the file
(no escapes in between) and the new text needs no quoting in that scalar's style. Anything
else returns None; re-emitting the whole scalar is the fixer's job.
"""

from __future__ import annotations

from qlint.diagnostics import Edit
from qlint.document import Document, FieldPath

# Characters that would change meaning if written raw inside a scalar of that style.
_UNSAFE_IN_STYLE = {
    None: "\n\r#:",  # plain: a new line, comment or mapping indicator could change the parse
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
