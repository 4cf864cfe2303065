"""Follows the manager's event stream on a thread of its own and nudges the poller.

A plain daemon thread rather than a Textual worker: the stream blocks in a socket read that
only closing the stream interrupts, and a daemon thread can never hold up the app's exit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from .docker.errors import SwarmError
from .docker.protocol import SwarmApi
from .messages import ClusterChanged, EventStreamConnected

if TYPE_CHECKING:
    from textual.app import App

RECONNECT_DELAYS_S = (1.0, 2.0, 4.0)


class EventFollower:
    def __init__(self, app: App[None], api_factory: Callable[[], SwarmApi]) -> None:
        self.app = app
        self.api_factory = api_factory
        self._stopped = threading.Event()
        self._api: SwarmApi | None = None
        self._thread = threading.Thread(target=self._run, name="swarm-events", daemon=True)
        self.received = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._api is not None:
            self._api.close()

    def _run(self) -> None:
        attempt = 0
        since: float | None = None
        while not self._stopped.is_set():
            self._api = self.api_factory()
            try:
                stream = self._api.events(since=since)
                self.app.post_message(EventStreamConnected())
                attempt = 0
                for event in stream:
                    if self._stopped.is_set():
                        return
                    self.received += 1
                    since = event.get("time", since)
                    self._forward(event)
            except SwarmError:
                pass
            finally:
                self._api.close()
            delay = RECONNECT_DELAYS_S[min(attempt, len(RECONNECT_DELAYS_S) - 1)]
            attempt += 1
            self._stopped.wait(delay)

    def _forward(self, event: dict) -> None:
        kind = event.get("Type")
        actor = (event.get("Actor") or {}).get("ID", "")
        if kind == "service" and actor:
            self.app.post_message(ClusterChanged(frozenset({actor}), False))
        elif kind == "node":
            self.app.post_message(ClusterChanged(frozenset(), True))
        elif kind in ("network", "secret", "config"):
            self.app.post_message(ClusterChanged(frozenset(), False, stack_objects_changed=True))
