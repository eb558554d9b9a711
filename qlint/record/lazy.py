"""`lazy`: an attribute worked out on first read and then stored on the instance.

What `functools.cached_property` does, without the lock it takes on every first read
before Python 3.12: a record's facts are read for the first time about ten times per
record, by a single thread, so the lock was pure cost in the check's hottest loop.
"""

from __future__ import annotations

from typing import Any, Callable, Generic, TypeVar

T = TypeVar("T")


class lazy(Generic[T]):
    """Decorate a method of no arguments: its result is computed on the first read of the
    attribute and kept in the instance's `__dict__` (which later reads find first, as
    this is not a data descriptor); deleting that entry makes the next read compute again."""

    def __init__(self, compute: Callable[[Any], T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> T:
        if instance is None:
            return self  # type: ignore[return-value]
        value = instance.__dict__[self.name] = self.compute(instance)
        return value
