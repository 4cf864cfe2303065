"""Messages, named for what already happened: from the workers to the app, and from the panes
to their screen."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from ..docker.models import Snapshot
from ..docker.task_logs import TaskLog
from ..docker.task_stats import StatsSample
from ..render.selection import Selection


@dataclass
class SnapshotReady(Message):
    """A poll finished and read this snapshot."""

    snapshot: Snapshot
    duration_s: float
    generation: int = 0
    """The poll scheduler's generation it was read in: an older one read another endpoint."""
    early: bool = False
    """The services and nodes, handed over while the same poll goes on to read the task list
    (the first screen, or a node that changed)."""


@dataclass
class PollFailed(Message):
    """A poll failed; the next try is in `retry_in` seconds."""

    error: str
    retry_in: float
    fatal: bool = False
    generation: int = 0
    no_leader: bool = False
    """The manager answered, but its swarm has no leader (quorum lost)."""
    locked: bool = False
    """The manager answered that the swarm is locked: the unlock prompt is offered."""


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


@dataclass
class EventStreamLost(Message):
    """The event stream broke; it is followed again with backoff, and until then the
    dashboard only polls."""

    reason: str


@dataclass
class Selected(Message):
    """A pane's cursor came to rest on a service, node, placement cell or stack."""

    selection: Selection
    origin: str
    """The pane it came from: services, nodes, placement or stacks."""


@dataclass
class TaskHighlighted(Message):
    """The cursor of the tasks pane moved to this task."""

    task_id: str


@dataclass
class StackChosen(Message):
    """Enter was pressed on a stack: list only its services."""

    name: str


@dataclass
class ServicesSortChosen(Message):
    """The operator chose another order for the services pane: remember it."""

    order: str


@dataclass
class TaskLogRead(Message):
    """A failed task's last lines were read (or why they could not be)."""

    task_id: str
    log: TaskLog


@dataclass
class ContextChosen(Message):
    """`:ctx NAME` was entered: switch to that docker context; empty: open the picker."""

    name: str


@dataclass
class TaskStatsRead(Message):
    """A worker read one node's containers: their samples by task id (None: the container no
    longer runs), the OOM-killed verdicts of failed ones, or why the node gave nothing."""

    node_id: str
    samples: dict[str, StatsSample | None]
    containers: dict[str, str]
    """Task id to the container the sample is of."""
    oom: dict[str, bool]
    problem: str = ""
