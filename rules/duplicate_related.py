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

Fix: unsafe: the repeated entries are dropped, lines and all (from a key's line to the end
of the line holding its last value), and every entry numbered after one moves up to close
the gap (`related_article4` becomes `related_article3`). One fix covers every repeat of
the record, so however many there are, one run removes them all. Every other
character, comments and blank lines between entries included, stays as it was. Unsafe
because it changes what the page shows: the other entries move up a slot, and a repeated id
with another url may be a deliberate link to the same question under another subject. No
fix when the record repeats a key or an entry does not start on its own line.
"""

import re

import yaml

from qlint.diagnostics import Applicability, Edit, Fix, Severity

CODE = "Q406"
NAME = "duplicate-related"
SEVERITY = Severity.ERROR
FIXABLE = True

_LINE_END = re.compile(r"\r\n|\r|\n|\Z")
_ANY_BREAK = re.compile(r"\r\n|\r")


def check(doc, ctx):
    first_url: dict[str, str] = {}  # url -> key of the first entry with it
    first_id: dict[int, str] = {}
    found = []  # (repeated entry, diagnostic made without its fix)
    for related in doc.facts.related:
        url, ident = related.url, related.ident
        if url is not None and url.strip() and url in first_url:
            field = doc.fields.get((related.key, "url"))
            if field is not None:
                message = f"{related.key} repeats the url of {first_url[url]}"
                found.append((related, ctx.diagnostic(doc, field.value, message, field=f"{related.key}.url")))
        elif ident is not None and ident in first_id:
            field = doc.fields.get((related.key, "id"))
            if field is not None:
                message = f"{related.key} repeats the id '{ident}' of {first_id[ident]}: the same question twice"
                found.append((related, ctx.diagnostic(doc, field.value, message, field=f"{related.key}.id")))
        if url is not None and url.strip():
            first_url.setdefault(url, related.key)
        if ident is not None:
            first_id.setdefault(ident, related.key)
    if found:
        # One fix for them all, which every report carries: it converges in one pass.
        fix = _fix(doc, [related for related, _ in found])
        for _, diagnostic in found:
            yield diagnostic.with_fix(fix) if fix is not None else diagnostic


class _EntryLines:
    """Where each related entry's lines are, in one record: worked out only for the entries
    a fix moves or drops (the positions of values are the costly part), and remembered, as
    a record may repeat many."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self._lines: dict[str, tuple[int, int] | None] = {}
        self._value_spots: dict[str, list] | None = None

    def of(self, key: str) -> tuple[int, int] | None:
        """(start, end) of the lines of the entry `key`: from the start of the key's line to
        the end of the line holding its last value, line break included; None when the key
        does not begin its line (a flow mapping, a merge)."""
        if key not in self._lines:
            self._lines[key] = self._find(key)
        return self._lines[key]

    def _find(self, key: str) -> tuple[int, int] | None:
        text, field = self.doc.text, self.doc.fields.get((key,))
        if field is None or field.key_start is None:
            return None
        start = max(text.rfind("\n", 0, field.key_start), text.rfind("\r", 0, field.key_start)) + 1
        if text[start : field.key_start].strip(" "):
            return None
        end = max((spot.value.end_offset for spot in self._spots().get(key, ())), default=0)
        return start, _LINE_END.search(text, max(field.key_end, end)).end()

    def _spots(self) -> dict[str, list]:
        """related key -> the spans of its scalars and flow collections, whose ends tell
        where the entry ends: a block mapping's own end mark lies on the next key's line,
        and a block scalar's raw end after blank lines."""
        if self._value_spots is None:
            keys, self._value_spots = {r.key for r in self.doc.facts.related}, {}
            for path, spot in self.doc.fields.items():
                if path and path[0] in keys and (isinstance(spot.node, yaml.ScalarNode) or spot.node.flow_style):
                    self._value_spots.setdefault(path[0], []).append(spot)
        return self._value_spots


def _fix(doc, repeated: list):
    """One edit over the text from the first repeated entry to the last entry: the repeated
    entries' lines are left out, the later entries' keys renumbered to close the gaps, the
    rest copied."""
    if doc.duplicates:
        return None  # a repeated key: which lines belong to which entry is unclear
    lines, dropped_keys = _EntryLines(doc), {related.key for related in repeated}
    first = min(related.number for related in repeated)
    involved = [r for r in doc.facts.related if r.number >= first]
    where = {r.key: lines.of(r.key) for r in involved}
    if any(span is None for span in where.values()):
        return None
    changes = [(*where[key], "") for key in dropped_keys]  # (start, end, new text), all inside the region
    gone = 0
    for entry in involved:
        if entry.key in dropped_keys:
            gone += 1
            continue
        if gone:
            spot = doc.fields[(entry.key,)]
            source = doc.text[spot.key_start : spot.key_end]
            if source.count(entry.key) != 1:
                return None  # a key spelled with escapes: leave it to a person
            changes.append((spot.key_start, spot.key_end, source.replace(entry.key, f"related_article{entry.number - gone}")))
    start = min(span[0] for span in where.values())
    end = max(span[1] for span in where.values())
    pieces, cursor = [], start
    for change_start, change_end, new in sorted(changes):
        pieces += [doc.text[cursor:change_start], new]
        cursor = change_end
    pieces.append(doc.text[cursor:end])
    # Edit content uses \n; the fixer writes the file's own line ending for it.
    content = "".join(pieces)
    if "\r" in content:  # most files use \n alone: a memchr spares the regex
        content = _ANY_BREAK.sub("\n", content)
    scope = tuple(entry.key for entry in involved)  # the entries dropped, and the ones renumbered
    return Fix(Applicability.UNSAFE, (Edit(start, end, content),), scope)
