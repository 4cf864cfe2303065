"""What the main screen reads besides the snapshot: handed over by the app when it builds the
screen, so no screen reaches back into the app for it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ....docker.events import EventHistory
from ....docker.protocol import SwarmApi
from ...last_words import LastWords
from ...task_stats import TaskStats


@dataclass(frozen=True)
class Sources:
    """What the main screen reads besides the snapshot, handed over by the app."""

    history: EventHistory
    """The swarm's recent events, filled by the event follower."""
    reads: Callable[[], SwarmApi]
    """A client for a short read on a worker thread (the app's shared one)."""
    last_words: LastWords | None = None
    """Reads failed tasks' last lines; None: the detail area goes without them."""
    contexts: Callable[[], Iterable[str]] = tuple
    """The docker contexts' names, for the `:ctx` prompt's completions."""
    task_stats: TaskStats | None = None
    """Reads the running tasks' CPU and memory from their nodes; None: node access is off."""
