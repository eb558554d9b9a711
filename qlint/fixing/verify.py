"""Verifying fixed text before it replaces anything: the fixes did what they meant and
nothing else.

The fixed text is parsed again and compared with the text as it was, whole: every node of
the front matter at any depth (keys, values, tags, anchors and aliases) outside the fields
the fixes target must be exactly as it was, the body must be unchanged, no key may be
repeated that was not, and a value a fix edited in place must read back as its source with
the edits applied; no fix may edit an alias or an anchored value an alias shares. A fix that
fails is not applied.
"""

from __future__ import annotations

import bisect

import yaml

from qlint.diagnostics import Diagnostic, Edit
from qlint.fixing.apply import apply_edits
from qlint.record.aliases import fix_touches_shared
from qlint.record.document import Document, FieldSpan
from qlint.record.nodes import key_signature, signatures
from qlint.record.yamlload import Loader

_MISSING = object()


def verify(before: Document, after: Document, applied: list[Diagnostic]) -> str | None:
    """Why `after` (`before` with the fixes of `applied`) is not what the fixes meant, or
    None when it is."""
    if after.problem is not None and before.problem is None:
        return f"the fixed file would not parse ({after.problem.message})"
    if before.text[before.body_start :] != after.text[after.body_start :]:
        return "the fix would change the body"
    if len(after.duplicates) > len(before.duplicates):
        return "the fix would repeat a key"
    if before.aliases and (why := fix_touches_shared(before, [e for d in applied for e in d.fix.edits])):
        return f"the fix would change a value shared through an alias: {why}"
    if before.node is None or after.node is None:
        return None  # a file that did not parse: nothing to compare but that it now does
    targets = {path for d in applied for path in _scope(d)}
    # Most fixes change one value of a record without aliases: a walk of the two trees side
    # by side says so at once; anything else gets the whole comparison.
    alike = not (before.aliases or after.aliases) and _alike_outside(before.node, after.node, targets)
    problem = None if alike else _untargeted_change(before.node, after.node, targets)
    return problem or _check_scalar_edits(before, after, [e for d in applied for e in d.fix.edits])


def _scope(d: Diagnostic) -> list[tuple]:
    """The fields a diagnostic's fix may change, as paths."""
    fields = d.fix.scope if d.fix.scope is not None else ((d.field,) if d.field else ())
    return [tuple(field.split(".")) for field in fields]


def _within(path: tuple, targets: set[tuple]) -> bool:
    return any(path[: len(target)] == target for target in targets)


def _alike_outside(before: yaml.Node, after: yaml.Node, targets: set[tuple]) -> bool:
    """Are two trees without aliases the same outside `targets`, node for node and key for
    key in order? (False also when targeted keys came, went or moved: only the whole
    comparison can tell that from an untargeted change.)"""
    pending = [((), before, after)]
    while pending:
        path, old, new = pending.pop()
        if _within(path, targets):
            continue
        if type(old) is not type(new) or old.tag != new.tag:
            return False
        if isinstance(old, yaml.ScalarNode):
            if old.value != new.value:
                return False
        elif len(old.value) != len(new.value):
            return False
        elif isinstance(old, yaml.MappingNode):
            for (old_key, old_value), (new_key, new_value) in zip(old.value, new.value):
                if not (isinstance(old_key, yaml.ScalarNode) and isinstance(new_key, yaml.ScalarNode)):
                    return False  # a complex key: compared whole
                if old_key.tag != new_key.tag or old_key.value != new_key.value:
                    return False
                pending.append((path + (key_signature(old_key),), old_value, new_value))
        else:
            pending.extend((path + (i,), item, new.value[i]) for i, item in enumerate(old.value))
    return True


def _untargeted_change(before: yaml.Node, after: yaml.Node, targets: set[tuple]) -> str | None:
    """The first node outside `targets` that differs between the two trees, said as a reason."""
    was, now = signatures(before), signatures(after)
    for path in [*was, *(path for path in now if path not in was)]:
        old, new = was.get(path), now.get(path)
        if old == new or _within(path, targets):
            continue
        if old and new and old[0] == new[0] == "mapping" and old[1] == new[1]:
            # A mapping holding targeted keys: only those may come, go or be renamed.
            if [k for k in old[2] if not _within(path + (k,), targets)] == [k for k in new[2] if not _within(path + (k,), targets)]:
                continue
        return f"the fix would change '{_dotted(path) or 'the front matter'}', which it does not target"
    return None


def _dotted(path: tuple) -> str:
    return ".".join(str(part) for part in path)


def _check_scalar_edits(before: Document, after: Document, edits: list[Edit]) -> str | None:
    """Edits inside one scalar value: the value must read back as its source with all of
    its edits applied (a fix may edit a value in two places). Edits over several values
    (entries dropped or renumbered) are checked by the comparison of the trees."""
    # A value starts where its node does; only the few that may hold an edit have their end
    # worked out (the end of a block scalar takes a search).
    base = before.front_matter_start
    scalars = sorted(
        ((base + spot.node.start_mark.index, path, spot) for path, spot in before.fields.items()
         if isinstance(spot.node, yaml.ScalarNode) and type(spot) is FieldSpan),  # (not one placed at an alias)
        key=lambda scalar: scalar[0],
    )  # fmt: skip
    starts = [start for start, *_ in scalars]
    by_scalar: dict[tuple, list[Edit]] = {}
    for edit in edits:
        # Scalars do not overlap: only the last ones starting at or before the edit (several
        # when empty ones start at one offset) can hold it; of those, the shortest that does.
        last = bisect.bisect_right(starts, edit.start) - 1
        first = bisect.bisect_left(starts, starts[last]) if last >= 0 else 0
        holders = [scalars[i] for i in range(first, last + 1) if edit.end <= scalars[i][2].value.end_offset]
        if holders:
            holder = min(holders, key=lambda scalar: scalar[2].value.end_offset)
            by_scalar.setdefault(holder[1], []).append(edit)
    for path, inside in by_scalar.items():
        problem = _reads_back(before.fields[path], after, path, inside)
        if problem:
            return problem
    return None


def _reads_back(spot: FieldSpan, after: Document, path: tuple, edits: list[Edit]) -> str | None:
    span, text = spot.value, spot.doc.text
    local = apply_edits(
        text[span.start_offset : span.end_offset],
        [Edit(e.start - span.start_offset, e.end - span.start_offset, e.content) for e in edits],
    )
    try:
        loaded = yaml.load("k: " + " " * (span.start_column - 1) + local + "\n", Loader=Loader)  # noqa: S506
        # Exactly one key: an edit must not smuggle new keys in after the value.
        intended = loaded["k"] if isinstance(loaded, dict) and list(loaded) == ["k"] else _MISSING
    except yaml.YAMLError:
        return f"the fix would write invalid YAML into '{_dotted(path)}'"
    if intended is _MISSING or after.value(path, _MISSING) != intended:
        return f"'{_dotted(path)}' would not read back as the fix wrote it"
    return None
