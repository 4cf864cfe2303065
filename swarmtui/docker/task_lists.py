"""Arithmetic on task lists the poller keeps: filtered reads merged in, removed services dropped,
and the services' running counts without the tasks of nodes the manager has lost.

The manager's `ServiceStatus.RunningTasks` (what `docker service ls` shows) still counts the
tasks of a node that went down, which it can no longer see, as running, beside the new ones it
starts elsewhere: a service of 30 reads 60/30 while it reschedules, and 30/30 before a single
replacement runs. Tasks on a down node are counted out here, so the replica bars and the header
show the storm as it happens: the lost ones leaving, the new ones arriving.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace

from .memo import IdentityMemo
from .models import NodeInfo, ServiceInfo, Snapshot, TaskIndex, TaskInfo

LOST_NODE_STATES = ("down", "disconnected")


def counted_on_live_nodes(
    services: tuple[ServiceInfo, ...],
    nodes: tuple[NodeInfo, ...],
    tasks: tuple[TaskInfo, ...],
    last: Snapshot | None,
) -> tuple[ServiceInfo, ...]:
    """`services` with the running tasks of lost nodes counted out; the very same tuple when no
    node is lost (or no task ran there), or the last snapshot's when nothing changed."""
    lost_nodes = {node.id for node in nodes if node.state in LOST_NODE_STATES}
    if not lost_nodes:
        return services
    lost = Counter(t.service_id for t in tasks if t.node_id in lost_nodes and t.state == "running")
    if not lost:
        return services
    counted = tuple(
        replace(s, running=max(0, s.running - lost[s.id])) if s.id in lost else s for s in services
    )
    return last.services if last is not None and counted == last.services else counted


def merged(
    tasks: tuple[TaskInfo, ...],
    covers: Callable[[TaskInfo], bool],
    fresh: tuple[TaskInfo, ...],
    covered: Iterable[TaskInfo] | None = None,
) -> tuple[TaskInfo, ...]:
    """Replace the tasks a filtered query covered; keep the very same tuple if none changed,
    so the UI can tell by identity that nothing needs redrawing. `covered`, when given, are
    the tasks `covers` picks (from the list's index): an unchanged answer then walks none of
    the others (50,000 at 5000 services, every poll)."""
    picked = covered if covered is not None else (task for task in tasks if covers(task))
    before = sorted(picked, key=lambda task: task.id)
    if before == sorted(fresh, key=lambda task: task.id):
        return tasks
    return tuple(task for task in tasks if not covers(task)) + fresh


def current(tasks: tuple[TaskInfo, ...], names: dict[str, str]) -> tuple[TaskInfo, ...]:
    """Drop tasks of removed services; follow renames (a rename touches no task)."""
    if all(names.get(task.service_id) == task.service_name for task in tasks):
        return tasks
    return tuple(
        task
        if names[task.service_id] == task.service_name
        else replace(task, service_name=names[task.service_id])
        for task in tasks
        if task.service_id in names
    )


_current: IdentityMemo[tuple[TaskInfo, ...]] = IdentityMemo(
    lambda tasks, services, names: current(tasks, names), keys=2
)


def current_once(
    tasks: tuple[TaskInfo, ...], services: tuple[ServiceInfo, ...], names: dict[str, str]
) -> tuple[TaskInfo, ...]:
    """current(), worked out once per task list and services list (by identity), not once
    per poll: it passes over every task (50,000 at 5000 services)."""
    return _current(tasks, services, names)


TaskQuery = tuple[
    dict[str, list[str]],
    Callable[[TaskInfo], bool],
    Callable[[TaskIndex], Iterable[TaskInfo]],
]
"""A filtered task read: its filters, which tasks it covers, and those picked from an index."""


def task_queries(wanted: set[str], node: str | None) -> list[TaskQuery]:
    """The filtered reads for the services that change fast and the node on screen."""
    queries: list[TaskQuery] = []
    if wanted:
        queries.append((
            {"service": sorted(wanted)},
            lambda task: task.service_id in wanted,
            lambda index: (t for sid in wanted for t in index.by_service.get(sid, ())),
        ))  # fmt: skip
    if node:
        queries.append((
            {"node": [node]},
            lambda task: task.node_id == node,
            lambda index: index.by_node.get(node, ()),
        ))  # fmt: skip
    return queries
