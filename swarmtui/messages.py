"""Messages the workers post to the app; named for what already happened."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from .docker.models import Snapshot


@dataclass
class SnapshotReady(Message):
    """A poll finished and read this snapshot."""

    snapshot: Snapshot
    duration_s: float


@dataclass
class PollFailed(Message):
    """A poll failed; the next try is in `retry_in` seconds."""

    error: str
    retry_in: float
    fatal: bool = False


@dataclass
class ClusterChanged(Message):
    """The event stream reported service or node changes."""

    service_ids: frozenset[str]
    nodes_changed: bool
    stack_objects_changed: bool = False
    """A network, secret or config was created, changed or removed."""

    def can_replace(self, message: Message) -> bool:
        return False


@dataclass
class EventStreamConnected(Message):
    """The event stream (re)connected; anything may have changed while it was down."""
