"""Memoisation by identity, for values worked out once per poll result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

Value = TypeVar("Value")


KEPT = 2
"""Entries a memo keeps: the poll thread works the next snapshot out ahead while the screen
may still draw the last one (or the early one handed out with the last task list). With one
entry each overwrote the other, and the UI thread worked out again what was ready."""


class IdentityMemo(Generic[Value]):
    """`build(*inputs)` for the last KEPT inputs, recognised by identity: the poller hands on
    an unchanged task list (or service list) as the very same tuple. The entries are one
    reference, replaced whole, so the poll thread can work a value out ahead and the UI thread
    read it."""

    def __init__(
        self, build: Callable[..., Value], keys: int | None = None, by_value: int = 0
    ) -> None:
        self._build = build
        self._keys = keys
        """How many leading inputs decide (the rest only help building); None: all."""
        self._by_value = by_value
        """How many of the deciding inputs, the last ones, are compared by value: small sets a
        snapshot works out anew on each read (the stalled rollouts' ids)."""
        self._entries: tuple[tuple[tuple[object, ...], Value], ...] = ()
        self.builds = 0
        """How many times it was worked out (a test counts them)."""

    def __call__(self, *inputs: object) -> Value:
        key = inputs if self._keys is None else inputs[: self._keys]
        entries = self._entries
        by_identity = len(key) - self._by_value
        for inputs_then, value in entries:
            if (
                len(inputs_then) == len(key)
                and all(
                    a is b
                    for a, b in zip(inputs_then[:by_identity], key[:by_identity], strict=True)
                )
                and inputs_then[by_identity:] == key[by_identity:]
            ):
                return value
        value = self._build(*inputs)
        self._entries = ((key, value), *entries[: KEPT - 1])
        self.builds += 1
        return value
