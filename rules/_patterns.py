"""Regular expressions compiled when first used, not when a rule module is imported.

A run whose files all come from the cache runs no rule, yet imports every rule module; a
module with a few dozen large patterns would compile them all for nothing (the
refusal-answer patterns took 18 ms, a twentieth of a warm run).
"""

from __future__ import annotations

import re
from typing import Any

# What a rule calls on a pattern: bound to the compiled pattern's own methods at first use,
# so that later calls cost what a compiled pattern's do.
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """re.compile(pattern, flags), compiled at the first call of one of its methods."""

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags

    def __getattr__(self, name: str) -> Any:
        # Called only for what the instance does not hold yet: the methods, before first use.
        if name not in _METHODS:
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self.flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags!r})"
