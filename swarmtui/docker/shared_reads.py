"""One client for the dashboard's occasional short reads on worker threads (deploy plans,
join tokens, inspect): over ssh:// that is one connection for all of them instead of a new ssh
process each time a screen opens. Calls take turns, since docker-py is not thread-safe, and a
borrower's `close` is ignored: the owner closes it once, at the end."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, cast

from .protocol import SwarmApi


class SharedReads:
    def __init__(self, factory: Callable[[], SwarmApi]) -> None:
        self._factory = factory
        self._api: SwarmApi | None = None
        self._lock = threading.RLock()

    def borrow(self) -> SwarmApi:
        """What a screen's api_factory returns: this, seen as a client of its own."""
        return cast(SwarmApi, _Borrowed(self))

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            if self._api is None:
                self._api = self._factory()
            return getattr(self._api, name)(*args, **kwargs)

    def attribute(self, name: str) -> Any:
        with self._lock:
            if self._api is None:
                self._api = self._factory()
            return getattr(self._api, name)

    def close(self) -> None:
        with self._lock:
            api, self._api = self._api, None
        if api is not None:
            api.close()


class _Borrowed:
    """Forwards every call to the shared client under its lock; `close` does nothing.
    Streams (events, logs) are not for sharing: they keep a client of their own."""

    def __init__(self, shared: SharedReads) -> None:
        self._shared = shared

    def close(self) -> None:
        """The owner closes the shared client, once."""

    def __getattr__(self, name: str) -> Any:
        value = self._shared.attribute(name)
        if not callable(value):
            return value  # endpoint, traffic
        return lambda *args, **kwargs: self._shared.call(name, *args, **kwargs)
