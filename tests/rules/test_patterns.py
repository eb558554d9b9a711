"""rules/_patterns.py: a pattern compiled at first use finds what re.compile's finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qlint.rules._patterns import LazyPattern


@given(st.text(alphabet="ab \\nNo", max_size=30))
def test_a_lazy_pattern_finds_what_the_compiled_one_finds(text):
    source = r"(?:\bno|n't)\s+(\w+)|\\n"
    lazy, compiled = LazyPattern(source, re.I), re.compile(source, re.I)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.sub("-", text) == compiled.sub("-", text) and lazy.split(text) == compiled.split(text)
    assert bool(lazy.search(text, 1)) == bool(compiled.search(text, 1))


def test_nothing_is_compiled_before_first_use(monkeypatch):
    compiled: list[str] = []
    original = re.compile
    monkeypatch.setattr(re, "compile", lambda pattern, flags=0: compiled.append(pattern) or original(pattern, flags))
    pattern = LazyPattern("a+b", re.I)
    assert (pattern.pattern, pattern.flags, compiled) == ("a+b", re.I, [])
    assert pattern.match("AAB").group() == "AAB" and pattern.fullmatch("ab") and compiled == ["a+b"]
    assert pattern.search("xab").start() == 1 and compiled == ["a+b"]  # compiled once
    with pytest.raises(AttributeError):
        pattern.groupindex  # noqa: B018  (only the matching methods are offered)
