"""The manager's events as frozen models, and the bounded history the views read.

The event follower (ui/events.py) opens the stream once with `since` an hour back, so the
daemon replays what it still holds, then follows it live; each event is added here.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime

from .protocol import Json

HISTORY_SIZE = 1000
REPLAY_SINCE_S = 3600.0
DAEMON_BUFFER = 256
"""The daemon keeps only its last 256 events (of every kind) to replay with `since`."""

CHANGE_KEYS = ("availability", "role", "state", "leader", "image", "replicas", "updatestate")
"""Attributes the daemon reports as `<key>.old` / `<key>.new` on node and service updates."""


@dataclass(frozen=True, slots=True)
class Change:
    key: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class SwarmEvent:
    kind: str
    """service, node, network, secret or config."""
    action: str
    """create, update, remove."""
    object_id: str
    name: str
    at: datetime
    changes: tuple[Change, ...] = ()
    nano: int = 0


def parse_event(raw: Json) -> SwarmEvent:
    actor = raw.get("Actor") or {}
    attributes = actor.get("Attributes") or {}
    nano = int(raw.get("timeNano") or 0)
    seconds = nano / 1e9 if nano else float(raw.get("time") or 0)
    changes = tuple(
        Change(key, str(attributes.get(f"{key}.old", "")), str(attributes.get(f"{key}.new", "")))
        for key in CHANGE_KEYS
        if f"{key}.old" in attributes or f"{key}.new" in attributes
    )
    return SwarmEvent(
        kind=str(raw.get("Type", "")),
        action=str(raw.get("Action", "")),
        object_id=str(actor.get("ID", "")),
        name=str(attributes.get("name", "")),
        at=datetime.fromtimestamp(seconds, UTC),
        changes=changes,
        nano=nano,
    )


class EventHistory:
    """The newest events, bounded; written by the follower's thread, read by the UI."""

    def __init__(self, size: int = HISTORY_SIZE) -> None:
        self._events: deque[SwarmEvent] = deque(maxlen=size)
        self._lock = threading.Lock()
        self.version = 0
        """Bumped on every change, so a view redraws only when something arrived."""
        self.since: datetime | None = None
        """Where the replay was asked to start (an hour before the stream first opened)."""
        self.replayed = 0
        """Events the daemon replayed from before the stream opened."""

    def add(self, event: SwarmEvent, replayed: bool = False) -> None:
        with self._lock:
            self._events.append(event)
            self.replayed += replayed
            self.version += 1

    def clear(self) -> None:
        """Forget every event: the dashboard moved to another endpoint, whose follower
        replays its own hour."""
        with self._lock:
            self._events.clear()
            self.replayed = 0
            self.version += 1

    def events(self) -> tuple[SwarmEvent, ...]:
        with self._lock:
            return tuple(self._events)

    def of_object(self, object_id: str, count: int = 5) -> tuple[SwarmEvent, ...]:
        return self.of_objects({object_id}, count)

    def of_objects(self, object_ids: Collection[str], count: int = 5) -> tuple[SwarmEvent, ...]:
        """The last `count` events of any of these objects (a stack's, say), oldest first."""
        with self._lock:
            found = [event for event in self._events if event.object_id in object_ids]
        return tuple(found[-count:])

    @property
    def cut(self) -> bool:
        """Whether the replay filled the daemon's whole buffer, so older events are gone.
        Events of other kinds (containers) share that buffer, so a shorter replay may be cut
        too: the events view says so in words either way."""
        return self.replayed >= DAEMON_BUFFER
