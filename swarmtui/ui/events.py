"""Follows the manager's event stream on a thread of its own and nudges the poller.

A plain daemon thread rather than a Textual worker: the stream blocks in a socket read that
only closing the stream interrupts, and a daemon thread can never hold up the app's exit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..docker.errors import EventStreamIdle, SwarmError
from ..docker.events import REPLAY_SINCE_S, EventHistory, parse_event
from ..docker.protocol import Json, SwarmApi
from .messages import ClusterChanged, EventStreamConnected, EventStreamLost

if TYPE_CHECKING:
    from textual.app import App

RECONNECT_DELAYS_S = (1.0, 2.0, 4.0, 8.0, 15.0)
STREAM_ENDED_WAIT_S = 0.5


class EventFollower:
    def __init__(
        self,
        app: App[None],
        api_factory: Callable[[], SwarmApi],
        history: EventHistory | None = None,
    ) -> None:
        self.app = app
        self.history = history or EventHistory()
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
        failures = 0
        lost = False
        # The first open replays the last hour into the history (the events view); a reopen
        # replays only what was missed.
        start = time.time() - REPLAY_SINCE_S
        self.history.since = datetime.fromtimestamp(start, UTC)
        since: float | None = start
        first_open = True
        last_nano = 0
        while not self._stopped.is_set():
            api = self._api = self.api_factory()
            opened_at = time.time()
            try:
                stream = api.events(since=since)
                if failures or lost or first_open:
                    self.app.post_message(EventStreamConnected())
                live_from = opened_at - 1 if first_open else 0.0
                first_open = False
                failures, lost = 0, False
                since = opened_at - 1  # a quiet stream reopens from here: nothing is missed
                for event in stream:
                    if self._stopped.is_set():
                        return
                    nano = int(event.get("timeNano") or 0)
                    if nano and nano <= last_nano:
                        continue  # replayed by `since` after a reopen: seen already
                    last_nano = max(last_nano, nano)
                    self.received += 1
                    since = event.get("time", since)
                    replayed = float(event.get("time") or 0) < live_from
                    self.history.add(parse_event(event), replayed=replayed)
                    if not replayed:  # the first poll reads everything anyway
                        self._forward(event)
            except EventStreamIdle:
                continue  # a quiet cluster, or a dead connection we cannot tell apart: reopen
            except Exception as error:  # noqa: BLE001 - whatever broke it, follow again
                # Stopping closes the stream under us: that is no loss to report.
                if not lost and not self._stopped.is_set():
                    self.app.post_message(EventStreamLost(_reason(error)))
                lost = True
                failures += 1
            else:
                self._stopped.wait(STREAM_ENDED_WAIT_S)  # the daemon ended it: open it again
                continue
            finally:
                api.close()
            delay = RECONNECT_DELAYS_S[min(failures - 1, len(RECONNECT_DELAYS_S) - 1)]
            self._stopped.wait(delay)

    def _forward(self, event: Json) -> None:
        kind = event.get("Type")
        actor = (event.get("Actor") or {}).get("ID", "")
        if kind == "service" and actor:
            self.app.post_message(ClusterChanged(frozenset({actor}), False))
        elif kind == "node":
            self.app.post_message(ClusterChanged(frozenset(), True))
        elif kind in ("network", "secret", "config"):
            self.app.post_message(ClusterChanged(frozenset(), False, stack_objects_changed=True))


def _reason(error: BaseException) -> str:
    if isinstance(error, SwarmError):
        return str(error)
    return f"{type(error).__name__}: {error}"
