"""A safe YAML loader that keeps dates as text and composes once.

libyaml's CSafeLoader is used when PyYAML was built with it (10-15x faster than the pure
Python loader, same node marks); otherwise the pure-Python SafeLoader. The timestamp
resolver is dropped so `date: 2025-13-45` reaches the schema as a string it can report on,
instead of PyYAML raising while loading the whole file.
"""

from __future__ import annotations

import re

import yaml

WITH_LIBYAML: bool = bool(getattr(yaml, "__with_libyaml__", False))
_BASE = yaml.CSafeLoader if WITH_LIBYAML else yaml.SafeLoader
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_MERGE, _VALUE = "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"


# The tag of a plain scalar depends on its text alone. Keys, dates, scores and subjects
# repeat from record to record: their tags are remembered rather than matched against the
# resolver patterns again (a tenth of composing a record). Short texts only, and a bounded
# number of them.
_PLAIN_TAGS: dict[str, str] = {}
_REMEMBERED_LENGTH, _REMEMBERED = 32, 50_000


class Loader(_BASE):  # type: ignore[misc, valid-type]
    """Safe loader without implicit timestamps.

    libyaml's composer calls back into Python for the tag of every node, about 60 times per
    record. PyYAML's generic resolver also handles path resolvers and wildcard resolvers; a
    safe loader has neither, so these lean versions give the same tags in less time."""

    def resolve(self, kind, value, implicit):  # noqa: D401 - PyYAML's hook
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR  # quoted or block: always a string
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = _STR
                for candidate, pattern in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if pattern.match(value):
                        tag = candidate
                        break
                if len(value) <= _REMEMBERED_LENGTH:
                    if len(_PLAIN_TAGS) >= _REMEMBERED:
                        _PLAIN_TAGS.clear()
                    _PLAIN_TAGS[value] = tag
            return tag
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node, current_index):
        pass  # path resolvers only

    def ascend_resolver(self):
        pass

    def flatten_mapping(self, node):  # noqa: D401 - PyYAML's hook
        """Merge keys (`<<`) as YAML 1.1 defines them: the mapping's own keys win, and in
        `<<: [*a, *b]` a mapping earlier in the list wins over a later one.

        PyYAML 6.0.2 and later keep the first pair of each key *object* and then let the
        last pair win, so `[*a, *b]` takes b's value for a key both hold (a's for a
        one-letter key, whose string object Python shares). qlint.record.aliases places
        merged values by this rule; it mutates the tree as PyYAML's does."""
        merged: list = []
        index = 0
        while index < len(node.value):
            key, value = node.value[index]
            if key.tag != _MERGE:
                if key.tag == _VALUE:
                    key.tag = _STR  # a `=` key: PyYAML has no constructor for the value tag
                index += 1
                continue
            del node.value[index]
            sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
            # Later mappings go first, so that earlier ones, coming after, win.
            for source in reversed(sources):
                if not isinstance(source, yaml.MappingNode):
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark,
                        f"expected a mapping or list of mappings for merging, but found {source.id}", source.start_mark,
                    )  # fmt: skip
                self.flatten_mapping(source)
                merged.extend(source.value)
        if merged:
            node.value = merged + node.value


# Copy the resolver table so the base class (and every other user of PyYAML) is untouched.
Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _BASE.yaml_implicit_resolvers.items()
}


MAX_DEPTH = 64  # a record nests 3 deep; libyaml's composer recurses, and crashes on deep input


class TooDeep(yaml.YAMLError):
    """Nesting no record has; `problem_mark` is where it goes past the limit (as the
    parser's own errors say where they happen)."""

    def __init__(self, limit: int, where: yaml.Mark | None) -> None:
        super().__init__(f"nesting deeper than {limit} levels")
        self.problem_mark = where


# Each block level indents at least one column (or adds a `- `): a deep line starts with a
# long run of these. Searched after a literal line break, which the regex engine skips to
# fast (a character class before the run would be tried at every position).
_DEEP_AFTER_LF = re.compile(r"\n[ \t-]{%d}" % MAX_DEPTH)
_DEEP_AFTER_CR = re.compile(r"\r[ \t-]{%d}" % MAX_DEPTH)
_OPENS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSES = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _too_deep(text: str) -> TooDeep | None:
    """Cheap for ordinary records; an event scan (iterative, no recursion) for suspects."""
    deep_line = (
        len(text) - len(text.lstrip(" \t-")) >= MAX_DEPTH
        or _DEEP_AFTER_LF.search(text)
        or ("\r" in text and _DEEP_AFTER_CR.search(text))
    )
    if text.count("[") + text.count("{") < MAX_DEPTH and not deep_line:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, _OPENS):
                depth += 1
                if depth > MAX_DEPTH:
                    return TooDeep(MAX_DEPTH, event.start_mark)
            elif isinstance(event, _CLOSES):
                depth -= 1
    except yaml.YAMLError as exc:
        # Newer libyaml (PyYAML 6.0.4's) refuses deep nesting itself, often before the
        # first event (flow brackets are scanned ahead): the same refusal, said our way.
        # Any other error is reported by compose as a syntax error.
        if "nesting depth" in str(exc):
            return TooDeep(MAX_DEPTH, getattr(exc, "problem_mark", None))
    return None


def compose(text: str) -> yaml.Node | None:
    """Parse `text` into a node tree (None for an empty document); raises yaml.YAMLError,
    and TooDeep for nesting no record has (before libyaml's recursive composer sees it)."""
    too_deep = _too_deep(text)
    if too_deep is not None:
        raise too_deep
    loader = Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def construct_values(node: yaml.Node) -> object:
    """Build Python values from a composed tree with PyYAML's safe constructor."""
    loader = Loader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()
