"""The loader's lean resolver gives PyYAML's tags, first time and remembered, dates aside."""

from __future__ import annotations

import datetime

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from qlint.record.yamlload import Loader

TRICKY = [
    "yes", "No", "on", "OFF", "y", "true", "False", "~", "null", "Null", "", "0", "-1.0", "1e3", "1_000",
    "0x1F", "0o17", "017", "+12", ".inf", "-.Inf", ".nan", "1:20", "190:20:30", "2025-02-23", "2025-2-3",
    "2025-02-23 10:00:00", "<<", "=", "id", "title", "score", "12.5.1", "0b101", "-0", "1__2",
]  # fmt: skip
plain = st.sampled_from(TRICKY) | st.text(st.sampled_from("0123456789.-+_:eExoOb yYnNtTfF~"), max_size=12)


def load(value: str, loader) -> object:
    return yaml.load("k: " + value + "\n", Loader=loader)["k"]


@settings(max_examples=400, deadline=None)
@given(plain)
def test_plain_scalars_resolve_as_in_pyyaml_safe_loader_also_when_remembered(value):
    try:
        expected = load(value, yaml.SafeLoader)
    except (yaml.YAMLError, ValueError):
        return  # not a plain scalar on its own (": ", "#"...) or a date PyYAML cannot build
    if isinstance(expected, (datetime.date, datetime.datetime)):
        expected = value.strip()  # dates stay text in qlint
    first, again = load(value, Loader), load(value, Loader)
    assert first == again == expected or (first != first and again != again and expected != expected)  # NaN
    assert type(first) is type(again) is type(expected)
