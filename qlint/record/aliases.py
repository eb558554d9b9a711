"""Values a record takes from elsewhere in its front matter: YAML aliases (`*name`) and
merge keys (`<<: *name`, `<<: [*a, *b]`).

The composed tree holds an aliased value as the anchored node itself, so its marks are the
anchor's, and the alias's own place in the text is lost. For the rare record that has an
anchor, the parser's events are read once more beside the tree to learn where each alias
is; every field reached through one then gets a span at that alias (`AliasFieldSpan`),
which names the anchor. Rules report such a field like any other, and `noted` adds where
the value comes from and takes away any fix: a fix there would have to edit the anchor,
which every other user of it shares.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterator, NamedTuple

import yaml

from qlint.diagnostics import Diagnostic
from qlint.record.document import AliasUse, Document, FieldSpan, AliasFieldSpan
from qlint.record.yamlload import Loader

# An anchor starts a node: it follows the start of the text, white space or a flow
# indicator, and a name follows it. Only a file where one may be is read for aliases; a
# false alarm (`Tom &Jerry` in a value) costs one more parse of that file, nothing else.
_BEFORE_ANCHOR = " \t\r\n\x85\u2028\u2029[{,"
_NOT_A_NAME = " \t\r\n\x85\u2028\u2029[]{},"

_MERGE = "tag:yaml.org,2002:merge"
# The tags of the keys fields are recorded under (as the parse's walk records them).
_KEY_TAGS = frozenset("tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null"))

# Fields recorded through aliases, at most, per record: a "billion laughs" file expands
# exponentially, and no record has more than a few dozen aliased fields.
ALIASED_FIELDS_LIMIT = 10_000


def may_have_anchor(yaml_text: str) -> bool:
    # str.find rather than a regex: most front matters hold no `&`, the rest one or two,
    # and a regex would try every character of every record.
    found = yaml_text.find("&")
    while found >= 0:
        if (found == 0 or yaml_text[found - 1] in _BEFORE_ANCHOR) and yaml_text[found + 1 : found + 2] not in ("", *_NOT_A_NAME):
            return True
        found = yaml_text.find("&", found + 1)
    return False


Slot = tuple  # (id of a collection node, place in it): 2i/2i+1 for key/value of pair i, i for item i


def find_uses(doc: Document, yaml_text: str) -> dict[Slot, AliasUse]:
    """Where each alias of the front matter is and which anchor it names, by its slot in
    the tree; read from the parser's events, which come in the order the tree was composed.
    Call before PyYAML's constructor has flattened merge keys into the tree."""
    try:
        return _uses(doc, yaml_text)
    except (yaml.YAMLError, StopIteration):  # cannot happen for text that composed; if it did:
        return {}  # the record is checked as before, its aliased fields at their anchors


def _uses(doc: Document, yaml_text: str) -> dict[Slot, AliasUse]:
    base, uses = doc.front_matter_start, {}
    anchors: dict[str, tuple[int, int]] = {}
    events = yaml.parse(yaml_text, Loader=Loader)
    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            break
    # (node, slot) still to match, last first; the end event of a collection is a None.
    pending: list[tuple[yaml.Node, Slot] | None] = [(doc.node, (0, 0))]
    while pending:
        item = pending.pop()
        event = next(events)
        if item is None:
            continue  # the collection's end event
        node, slot = item
        if isinstance(event, yaml.AliasEvent):
            anchor = anchors.get(event.anchor, (0, 0))
            uses[slot] = AliasUse(event.anchor, base + event.start_mark.index, base + event.end_mark.index, *anchor)
            continue
        if event.anchor:
            anchors[event.anchor] = (base + node.start_mark.index, base + node.end_mark.index)
        if isinstance(node, yaml.SequenceNode):
            pending.append(None)
            pending.extend(reversed([(child, (id(node), i)) for i, child in enumerate(node.value)]))
        elif isinstance(node, yaml.MappingNode):
            pending.append(None)
            children = [(part, (id(node), 2 * i + side)) for i, pair in enumerate(node.value) for side, part in enumerate(pair)]
            pending.extend(reversed(children))
    return uses


class _Pair(NamedTuple):
    key: yaml.ScalarNode
    value: yaml.Node
    via: tuple[AliasUse, ...]  # the aliases crossed to reach it from the mapping, outermost first
    own: bool  # written in the mapping itself, not merged in


class _Merger:
    """A mapping's pairs as PyYAML's safe constructor builds it (YAML 1.1 merge keys): the
    mapping's own keys win over merged ones, and in `<<: [*a, *b]` a mapping earlier in the
    list wins over a later one."""

    def __init__(self, uses: dict[Slot, AliasUse]) -> None:
        self.uses = uses
        self._done: dict[int, list[_Pair]] = {}

    def pairs(self, node: yaml.MappingNode) -> list[_Pair]:
        """The winning pair of each key, in the order PyYAML's constructor meets them."""
        if id(node) not in self._done:
            self._done[id(node)] = []  # a mapping merged into itself: nothing more from it
            self._done[id(node)] = self._pairs(node)
        return self._done[id(node)]

    def _pairs(self, node: yaml.MappingNode) -> list[_Pair]:
        merged, own = [], []
        for i, (key, value) in enumerate(node.value):
            use = self.uses.get((id(node), 2 * i + 1))
            via = (use,) if use is not None else ()
            if isinstance(key, yaml.ScalarNode) and key.tag == _MERGE:
                if isinstance(value, yaml.MappingNode):
                    merged += self._from(value, via)
                elif isinstance(value, yaml.SequenceNode):
                    for j, source in reversed(list(enumerate(value.value))):
                        inner = self.uses.get((id(value), j))
                        if isinstance(source, yaml.MappingNode):
                            merged += self._from(source, via + ((inner,) if inner is not None else ()))
            elif isinstance(key, yaml.ScalarNode) and key.tag in _KEY_TAGS:
                own.append(_Pair(key, value, via, True))
        winners: dict[tuple[str, str], _Pair] = {}
        for pair in merged + own:
            winners.pop((pair.key.tag, pair.key.value), None)  # the last one wins, in its place
            winners[(pair.key.tag, pair.key.value)] = pair
        return list(winners.values())

    def _from(self, source: yaml.MappingNode, via: tuple[AliasUse, ...]) -> list[_Pair]:
        return [_Pair(p.key, p.value, via + p.via, False) for p in self.pairs(source)]


def record_aliased_fields(doc: Document, uses: dict[Slot, AliasUse], max_depth: int) -> None:
    """Give every field reached through an alias or a merge key its span: at the alias
    (the outermost one crossed), or at the value itself for one merged from a mapping
    written in place. Fields the parse already placed (written in the mapping) stay."""
    merger, budget = _Merger(uses), ALIASED_FIELDS_LIMIT
    fields = doc.fields
    # (node, path, key node, aliases crossed, the key is the field's own) to visit
    pending: list[tuple[yaml.Node, tuple, Any, tuple, bool]] = [(doc.node, (), None, (), True)]
    while pending:
        node, path, key, via, own_key = pending.pop()
        if via:
            if budget <= 0:
                continue
            budget -= 1
            fields[path] = AliasFieldSpan(doc, node, key, via, own_key)
        elif path not in fields:
            fields[path] = FieldSpan(doc, node, key)  # merged from a mapping written in place
        if len(path) >= max_depth:
            continue
        if isinstance(node, yaml.MappingNode):
            children = [
                (pair.value, path + (pair.key.value,), pair.key, via + pair.via, pair.own and not via)
                for pair in merger.pairs(node)
            ]
        elif isinstance(node, yaml.SequenceNode):
            children = []
            for i, item in enumerate(node.value):
                use = uses.get((id(node), i))
                children.append((item, path + (i,), None, via + ((use,) if use is not None else ()), not via))
        else:
            continue
        pending.extend(reversed(children))


# ----- what a diagnostic says through an alias -------------------------------------------


class AliasNotes(NamedTuple):
    """What diagnostics of one record need to know of its aliases, in plain data (the corpus
    index keeps it for the cross-record rules): `at` holds (start, end, where the value
    comes from) of each alias, `shared` (start, end, why not) of each alias and of each
    anchored value an alias shares, where no fix may edit."""

    at: tuple[tuple[int, int, str], ...]
    shared: tuple[tuple[int, int, str], ...]

    @classmethod
    def of(cls, doc: Document) -> "AliasNotes":
        at = tuple((use.start, use.end, _origin(doc, (use,))) for use in doc.aliases)
        shared = [(use.anchor, use.anchor_end, f"anchor &{use.name} is shared by the alias at {_where(doc, use.start)}") for use in doc.aliases]
        shared += [(use.start, use.end, f"it would edit the alias at {_where(doc, use.start)}") for use in doc.aliases]
        return cls(at, tuple(shared))

    def applied(self, diagnostic: Diagnostic, origin: str | None = None) -> Diagnostic:
        """`diagnostic` as it is reported: at an alias, it says where the value comes from
        (`origin`, or the alias's anchor) and has no fix; elsewhere, a fix that would edit an
        alias or an anchored value some alias shares is taken away, saying why."""
        start, fix = diagnostic.span.start_offset, diagnostic.fix
        at = next((said for first, end, said in self.at if first <= start < end), None)
        if at is not None:
            ending = "; not fixed through an alias)" if fix is not None else ")"
            return replace(diagnostic, message=f"{diagnostic.message} ({origin or at}{ending}", fix=None)
        if fix is not None:
            why = next((why for first, end, why in self.shared if overlaps(fix.edits, first, end)), None)
            if why is not None:
                return replace(diagnostic, message=f"{diagnostic.message} (not fixed: {why})", fix=None)
        return diagnostic


def overlaps(edits, start: int, end: int) -> bool:
    """Does one of `edits` change text[start:end] (or insert inside it)?"""
    return any(edit.start < end and edit.end > start or start < edit.start < end for edit in edits)


def _where(doc: Document, offset: int) -> str:
    line, column = doc.position(offset)
    return f"{line}:{column}"


def _origin(doc: Document, via: tuple[AliasUse, ...]) -> str:
    first, *rest = via
    said = f"value from anchor &{first.name} at {_where(doc, first.anchor)}"
    return said + "".join(f", there from anchor &{use.name} at {_where(doc, use.anchor)}" for use in rest)


def noted(doc: Document, diagnostics: Iterator[Diagnostic]) -> Iterator[Diagnostic]:
    """The diagnostics a rule made of a record with aliases, as they are reported."""
    notes = AliasNotes.of(doc)
    for diagnostic in diagnostics:
        origin = None
        if diagnostic.field:
            # The field's own chain of anchors, when it is reported at its alias.
            spot = doc.fields.get(tuple(diagnostic.field.split(".")))
            if isinstance(spot, AliasFieldSpan) and spot.via[0].start <= diagnostic.span.start_offset < spot.via[0].end:
                origin = _origin(doc, spot.via)
        yield notes.applied(diagnostic, origin)


def fix_touches_shared(doc: Document, edits) -> str | None:
    """Why `edits` may not be applied to `doc` (they edit an alias, or an anchored value an
    alias shares), or None: the fixer's own check, whatever made the fix."""
    return next((why for start, end, why in AliasNotes.of(doc).shared if overlaps(edits, start, end)), None)
