"""Every node of a front matter, at any depth, under any key: what the fixer's verification
and the search for comments must see whole.

The Document's field spans stop at a depth and skip values under keys that are not plain
(`!!binary`, complex keys); these walks do not. They are iterative (a record nests three
deep, a hostile file may nest 64) and follow an alias once, as a reference to where its
anchor was first seen.
"""

from __future__ import annotations

import bisect
from typing import Any, Iterator

import yaml

from qlint.record.document import trimmed_block_end

Path = tuple  # mapping keys (a scalar key's text, a complex key's signature) and sequence indices


def walk(root: yaml.Node) -> Iterator[tuple[Path, yaml.Node, yaml.Node | None, Path | None]]:
    """(path, node, its key node, the path it was first seen at when it is an alias) of
    every node, parents before children."""
    seen: dict[int, Path] = {}
    pending: list[tuple[Path, yaml.Node, yaml.Node | None]] = [((), root, None)]
    while pending:
        path, node, key = pending.pop()
        first = seen.get(id(node))
        yield path, node, key, first
        if first is not None:
            continue  # an alias: its content was walked where it was first seen
        seen[id(node)] = path
        if isinstance(node, yaml.MappingNode):
            children = [(path + (key_signature(k),), v, k) for k, v in node.value]
            pending.extend(reversed(children))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(reversed([(path + (i,), item, None) for i, item in enumerate(node.value)]))


def key_signature(key: yaml.Node) -> Any:
    if isinstance(key, yaml.ScalarNode):
        return key.value if key.tag == "tag:yaml.org,2002:str" else (key.tag, key.value)
    return ("complex", tuple(sorted(signatures(key).items(), key=repr)))


def signatures(root: yaml.Node) -> dict[Path, tuple]:
    """path -> what the node at that path is: a scalar's tag and text, a mapping's tag and
    keys (in order), a sequence's tag and length, or the path an alias points back to."""
    found: dict[Path, tuple] = {}
    for path, node, _, first in walk(root):
        if first is not None:
            found[path] = ("alias", first)
        elif isinstance(node, yaml.ScalarNode):
            found[path] = ("scalar", node.tag, node.value)
        elif isinstance(node, yaml.MappingNode):
            found[path] = ("mapping", node.tag, tuple(key_signature(k) for k, _ in node.value))
        else:
            found[path] = ("sequence", node.tag, len(node.value))
    return found


class ScalarSpans:
    """Where every scalar (keys and values) of a front matter is, to tell text inside a
    value from a comment."""

    def __init__(self, root: yaml.Node | None, text: str, base: int) -> None:
        """`text`: the file's text; `base`: the offset in it of the YAML text the node marks
        count from."""
        spans = []
        for _, node, key, first in walk(root) if root is not None else ():
            for scalar in (key, node if first is None else None):  # an alias is its anchor's text
                if isinstance(scalar, yaml.ScalarNode):
                    start, end = base + scalar.start_mark.index, base + scalar.end_mark.index
                    if scalar.style in ("|", ">"):
                        end = trimmed_block_end(text, start, end)  # not the blank lines after it
                    spans.append((start, end, scalar.style))
        self._spans = sorted(spans)
        self._starts = [start for start, _, _ in self._spans]

    def holding(self, offset: int) -> tuple[int, int, str | None] | None:
        """(start, end, style) of the scalar whose text `offset` is in, if any."""
        # Scalars never overlap: only the last one starting at or before `offset` can hold it.
        found = bisect.bisect_right(self._starts, offset) - 1
        return self._spans[found] if found >= 0 and offset < self._spans[found][1] else None
