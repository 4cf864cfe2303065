"""Memoisation by identity, for values worked out once per poll result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class IdentityMemo(Generic[Value]):
    """`build(*inputs)` for the last inputs, recognised by identity: the poller hands on an
    unchanged task list (or service list) as the very same tuple. The entry is one reference,
    so the poll thread can work a value out ahead and the UI thread read it."""

    def __init__(self, build: Callable[..., Value], keys: int | None = None) -> None:
        self._build = build
        self._keys = keys
        """How many leading inputs decide (the rest only help building); None: all."""
        self._entry: tuple[tuple[object, ...], Value] | None = None
        self.builds = 0
        """How many times it was worked out (a test counts them)."""

    def __call__(self, *inputs: object) -> Value:
        key = inputs if self._keys is None else inputs[: self._keys]
        entry = self._entry
        if (
            entry is not None
            and len(entry[0]) == len(key)
            and all(a is b for a, b in zip(entry[0], key, strict=True))
        ):
            return entry[1]
        value = self._build(*inputs)
        self._entry = (key, value)
        self.builds += 1
        return value
