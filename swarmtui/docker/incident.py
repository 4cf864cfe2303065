"""What an incident report needs from the cluster, read once: a full snapshot, the last hour
of events, and the last lines of each failing service's newest failed task."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .errors import SwarmError
from .events import REPLAY_SINCE_S, SwarmEvent, parse_event
from .figures_read import ClusterFigures, read_cluster_figures
from .health import failing_services
from .models import NodeInfo, Snapshot
from .node_daemon import NodeDaemonApi
from .node_vitals import NodeVitals
from .poller import Poller, PollHints
from .protocol import SwarmReadApi
from .reader import SwarmReader
from .stall import DEFAULT_STALL_MARGIN_S, RolloutPaces
from .task_logs import TaskLog

EVENTS_WINDOW_S = REPLAY_SINCE_S
"""The report's events: the last hour, the same hour the events view asks the daemon for."""
MAX_LAST_WORDS = 20
"""Failing services whose last lines are read: a report on a cluster on fire stays quick."""


@dataclass(frozen=True)
class IncidentFacts:
    snapshot: Snapshot
    taken_at: datetime
    endpoint: str
    events: tuple[SwarmEvent, ...] = ()
    events_error: str = ""
    """Why the events could not be read, when they could not."""
    last_words: dict[str, TaskLog] = field(default_factory=dict)
    """Task id → its last lines (or why they could not be read)."""
    node_vitals: Mapping[str, NodeVitals] | None = None
    """Node id → its vitals (or why not); None: node access is off."""
    figures: ClusterFigures | None = None
    """The running tasks' CPU and memory from their nodes; None: node access is off."""


def read_events(api: SwarmReadApi, since: float, until: float) -> tuple[SwarmEvent, ...]:
    """The daemon's replay of [since, until]: it ends by itself (it keeps only 256 events)."""
    return tuple(parse_event(raw) for raw in api.events(since=since, until=until))


def last_hour(events: tuple[SwarmEvent, ...], until: float) -> tuple[SwarmEvent, ...]:
    """The events of the hour before `until`. The dashboard's history reaches back to its
    launch, however long ago; the daemon's replay is asked for the hour already."""
    start = until - EVENTS_WINDOW_S
    return tuple(event for event in events if event.at.timestamp() >= start)


def gather(
    api: SwarmReadApi,
    snapshot: Snapshot | None = None,
    events: tuple[SwarmEvent, ...] | None = None,
    *,
    node_vitals: Mapping[str, NodeVitals] | None = None,
    node_api: Callable[[NodeInfo], NodeDaemonApi] | None = None,
    stall_margin: float = DEFAULT_STALL_MARGIN_S,
) -> IncidentFacts:
    """Blocking: call it from a worker thread or the command line. `events` are the ones
    already followed (the dashboard's); without them the daemon's last hour is read. With
    `node_api`, the running tasks' figures are read from their nodes too."""
    now = time.time()
    if snapshot is None:
        poller = Poller(SwarmReader(api), paces=RolloutPaces(stall_margin))
        snapshot = poller.poll(PollHints(full=True))
    events_error = ""
    if events is None:
        try:
            events = read_events(api, now - EVENTS_WINDOW_S, now)
        except SwarmError as error:
            events, events_error = (), str(error)
    last_words: dict[str, TaskLog] = {}
    for task in list(failing_services(snapshot.tasks).values())[:MAX_LAST_WORDS]:
        try:
            last_words[task.id] = api.task_logs(task.id)
        except SwarmError as error:
            last_words[task.id] = TaskLog(error=str(error))
    figures = read_cluster_figures(snapshot, node_api) if node_api is not None else None
    return IncidentFacts(
        snapshot=snapshot,
        taken_at=datetime.fromtimestamp(now, UTC),
        endpoint=api.endpoint.display,
        events=last_hour(events, now),
        events_error=events_error,
        last_words=last_words,
        node_vitals=node_vitals,
        figures=figures,
    )
