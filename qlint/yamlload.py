"""A safe YAML loader that keeps dates as text and composes once.

libyaml's CSafeLoader is used when PyYAML was built with it (10-15x faster than the pure
Python loader, same node marks); otherwise the pure-Python SafeLoader. The timestamp
resolver is dropped so `date: 2025-13-45` reaches the schema as a string it can report on,
instead of PyYAML raising while loading the whole file.
"""

from __future__ import annotations

import yaml

WITH_LIBYAML: bool = bool(getattr(yaml, "__with_libyaml__", False))
_BASE = yaml.CSafeLoader if WITH_LIBYAML else yaml.SafeLoader
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class Loader(_BASE):  # type: ignore[misc, valid-type]
    """Safe loader without implicit timestamps."""


# Copy the resolver table so the base class (and every other user of PyYAML) is untouched.
Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _BASE.yaml_implicit_resolvers.items()
}


def compose(text: str) -> yaml.Node | None:
    """Parse `text` into a node tree (None for an empty document); raises yaml.YAMLError."""
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
