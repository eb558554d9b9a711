"""The verifier's quick walk never lets through what its whole comparison refuses."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from qlint.fixing.verify import _alike_outside, _untargeted_change
from qlint.record.yamlload import Loader

KEYS = st.sampled_from(["title", "seo", "url", "related", "k", "1", "null", "yes"])
SCALARS = st.one_of(
    st.sampled_from(["1", "null", "yes", 1, None, True]),
    st.text(alphabet="ab 1:#'\"", max_size=6), st.integers(-3, 3), st.booleans(), st.none(), st.floats(allow_nan=False, width=16),
)
TREES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4), max_leaves=12)


def _compose(data) -> yaml.Node:
    return yaml.compose(yaml.safe_dump({"front": data}, sort_keys=False), Loader=Loader)


def _paths(node: yaml.Node, path: tuple = ()) -> list[tuple]:
    """Every path of the tree, as the verifier names them (a key's text, an item's index)."""
    found = [path]
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found += _paths(value, path + (key.value if key.tag.endswith(":str") else (key.tag, key.value),))
    elif isinstance(node, yaml.SequenceNode):
        for number, item in enumerate(node.value):
            found += _paths(item, path + (number,))
    return found


def _changed(tree, data):
    """`tree` with one part of it (or itself) replaced by another tree, or a key renamed."""
    if isinstance(tree, dict) and tree and data.draw(st.integers(0, 3)) == 0:
        old, new = data.draw(st.sampled_from(list(tree))), data.draw(KEYS)
        return {new if key == old else key: value for key, value in tree.items()}
    if isinstance(tree, (dict, list)) and tree and data.draw(st.booleans()):
        copy = dict(tree) if isinstance(tree, dict) else list(tree)
        where = data.draw(st.sampled_from(list(copy) if isinstance(copy, dict) else range(len(copy))))
        copy[where] = _changed(copy[where], data)
        return copy
    # Often the same text under another type: "1" and 1, "null" and None, "yes" and True.
    if data.draw(st.booleans()):
        for one, other in (("1", 1), ("null", None), ("yes", True)):
            if type(tree) is type(one) and tree == one:
                return other
            if type(tree) is type(other) and tree == other:
                return one
    return data.draw(TREES)


@settings(max_examples=500, deadline=None)
@given(before=TREES, data=st.data())
def test_the_quick_walk_agrees_with_the_whole_comparison(before, data):
    old, new = _compose(before), _compose(_changed(before, data))
    candidates = sorted(set(_paths(old) + _paths(new)), key=repr)
    targets = set(data.draw(st.lists(st.sampled_from(candidates), max_size=2)))
    if _alike_outside(old, new, targets):
        assert _untargeted_change(old, new, targets) is None


def test_the_quick_walk_sees_a_change_outside_the_targets():
    old = _compose({"title": "a", "seo": {"title": "b"}})
    assert _alike_outside(old, _compose({"title": "x", "seo": {"title": "b"}}), {("front", "title")})
    assert not _alike_outside(old, _compose({"title": "a", "seo": {"title": "x"}}), {("front", "title")})
    assert not _alike_outside(_compose({"n": "1"}), _compose({"n": 1}), set())  # the same text, another type
    assert not _alike_outside(old, _compose({"seo": {"title": "b"}, "title": "a"}), set())  # an order
