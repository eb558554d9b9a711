"""The same article is listed twice among one record's related articles.

Reported at the later entry when its `url` is exactly the url of an earlier
`related_articleN` (at the url), or, failing that, when its `id` equals an earlier entry's
id (at the id). Entries are compared in numeric order, and each later entry is reported at
most once, naming the first entry it repeats.

Why: the page shows the same link twice and one of the few related slots is wasted. A
repeated id with a different url is the same question too: the site files one question
under several subjects with one id, so two urls with one id lead to the same text.

Example:
    ```
    related_article1:
        id: 501240
        url: /learn/biology/questions/what-is-osmosis
    related_article2:
        id: 501240
        url: /learn/biology/questions/what-is-osmosis
    ```
    reports `related_article2 repeats the url of related_article1` at the second url.

Options: none.

Fix: unsafe: the repeated entry is dropped, lines and all (from its key's line to the end
of the line holding its last value), and every entry numbered after it moves up one number
(`related_article4` becomes `related_article3`), so the numbering keeps no gap. Every other
character, comments and blank lines between entries included, stays as it was. Unsafe
because it changes what the page shows: the other entries move up a slot, and a repeated id
with another url may be a deliberate link to the same question under another subject. No
fix when the record repeats a key or an entry does not start on its own line.
"""

import re

import yaml

from qlint.diagnostics import Applicability, Edit, Fix, Severity
from qlint.rules._related import related_entries

CODE = "Q406"
NAME = "duplicate-related"
SEVERITY = Severity.ERROR
FIXABLE = True

_LINE_END = re.compile(r"\r\n|\r|\n|\Z")
_ANY_BREAK = re.compile(r"\r\n|\r")


def check(doc, ctx):
    first_url: dict[str, str] = {}  # url -> key of the first entry with it
    first_id: dict[int, str] = {}
    for related in related_entries(doc):
        url, ident = related.url, related.ident
        if url is not None and url.strip() and url in first_url:
            field = doc.fields.get((related.key, "url"))
            if field is not None:
                message = f"{related.key} repeats the url of {first_url[url]}"
                yield ctx.diagnostic(doc, field.value, message, field=f"{related.key}.url", fix=_fix(doc, related))
        elif ident is not None and ident in first_id:
            field = doc.fields.get((related.key, "id"))
            if field is not None:
                message = f"{related.key} repeats the id '{ident}' of {first_id[ident]}: the same question twice"
                yield ctx.diagnostic(doc, field.value, message, field=f"{related.key}.id", fix=_fix(doc, related))
        if url is not None and url.strip():
            first_url.setdefault(url, related.key)
        if ident is not None:
            first_id.setdefault(ident, related.key)


def _entry_lines(doc, key):
    """(start, end) of the lines of the related entry `key`: from the start of the key's
    line to the end of the line holding its last value, line break included; None when the
    key does not begin its line. Worked out only for the entries a fix moves or drops (the
    positions of values are the costly part) and remembered: a record may repeat many."""
    memo = doc.memo.setdefault("related_lines", {})
    if key in memo:
        return memo[key]
    text, field = doc.text, doc.fields.get((key,))
    memo[key] = None  # unless the key begins its own line (not a flow mapping, not a merge)
    if field is not None and field.key_start is not None:
        start = max(text.rfind("\n", 0, field.key_start), text.rfind("\r", 0, field.key_start)) + 1
        if not text[start : field.key_start].strip(" "):
            end = max((spot.value.end_offset for spot in _value_spots(doc).get(key, ())), default=0)
            memo[key] = (start, _LINE_END.search(text, max(field.key_end, end)).end())
    return memo[key]


def _value_spots(doc):
    """related key -> the spans of its scalars and flow collections, whose ends tell where
    the entry ends: a block mapping's own end mark lies on the next key's line, and a block
    scalar's raw end after blank lines. Grouped once per record."""
    grouped = doc.memo.get("related_value_spots")
    if grouped is None:
        keys, grouped = {r.key for r in related_entries(doc)}, {}
        for path, spot in doc.fields.items():
            if path and path[0] in keys and (isinstance(spot.node, yaml.ScalarNode) or spot.node.flow_style):
                grouped.setdefault(path[0], []).append(spot)
        doc.memo["related_value_spots"] = grouped
    return grouped


def _fix(doc, repeated):
    """One edit over the text from the repeated entry to the last later entry: the repeated
    entry's lines are left out, the later entries' keys renumbered, the rest copied."""
    if doc.duplicates:
        return None  # a repeated key: which lines belong to which entry is unclear
    dropped = _entry_lines(doc, repeated.key)
    if dropped is None:
        return None
    later = [r for r in related_entries(doc) if r.number > repeated.number]
    moved = [(r, _entry_lines(doc, r.key)) for r in later]
    if any(lines is None for _, lines in moved):
        return None
    changes = [(dropped[0], dropped[1], "")]  # (start, end, new text), all inside the region
    for entry, _ in moved:
        spot = doc.fields[(entry.key,)]
        source = doc.text[spot.key_start : spot.key_end]
        if source.count(entry.key) != 1:
            return None  # a key spelled with escapes: leave it to a person
        changes.append((spot.key_start, spot.key_end, source.replace(entry.key, f"related_article{entry.number - 1}")))
    start = min(lines[0] for lines in [dropped, *(lines for _, lines in moved)])
    end = max(lines[1] for lines in [dropped, *(lines for _, lines in moved)])
    pieces, cursor = [], start
    for change_start, change_end, new in sorted(changes):
        pieces += [doc.text[cursor:change_start], new]
        cursor = change_end
    pieces.append(doc.text[cursor:end])
    # Edit content uses \n; the fixer writes the file's own line ending for it.
    content = "".join(pieces)
    if "\r" in content:  # most files use \n alone: a memchr spares the regex
        content = _ANY_BREAK.sub("\n", content)
    return Fix(Applicability.UNSAFE, (Edit(start, end, content),))
