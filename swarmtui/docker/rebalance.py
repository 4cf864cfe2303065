"""Services spread unevenly over their eligible nodes, and what a forced update would move.

Swarm places a task where it is asked to, and never moves a running one back: after a node is
drained and made active again (or joins late), a replicated service keeps every task on the
nodes that took them. A service is *uneven* when, at rest (every replica running, no update
going on), the running tasks per eligible node differ by more than one. A forced update
replaces each task in turn, and the scheduler puts each new one on the node with the fewest of
the service's tasks: the tasks it moves are those on over-full nodes beyond the even share.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .lint import eligible_nodes
from .memo import IdentityMemo
from .models import NodeInfo, ServiceInfo, Snapshot, TaskInfo, task_index
from .protocol import SwarmReadApi

ROLLOUT_WAIT_S = 600.0
_RUNNING_STATES = ("", "updating", "rollback_started")


@dataclass(frozen=True, slots=True)
class Spread:
    """How one replicated service's running tasks lie over its eligible nodes."""

    service: ServiceInfo
    counts: tuple[tuple[NodeInfo, int], ...]
    """Each eligible node (by hostname) and how many of the service's tasks run there."""
    moves: tuple[TaskInfo, ...]
    """The tasks on over-full nodes beyond the even share: the ones a forced update moves."""
    to: tuple[NodeInfo, ...]
    """The nodes short of their share, that take them."""

    @property
    def uneven(self) -> bool:
        numbers = [count for _, count in self.counts]
        return len(numbers) > 1 and max(numbers) - min(numbers) > 1

    def said(self) -> str:
        """'node1 3 · node2 3 · node3 0'."""
        return " · ".join(f"{node.hostname} {count}" for node, count in self.counts)


def spread(snapshot: Snapshot, service: ServiceInfo) -> Spread | None:
    """None for a service that is not replicated, not at rest, or has one eligible node."""
    status = service.update_status
    if service.mode != "replicated" or (status is not None and status.in_progress):
        return None
    tasks = task_index(snapshot.tasks).by_service.get(service.id, ())
    active = [task for task in tasks if task.is_active]
    running = [task for task in active if task.state == "running"]
    if len(running) != len(active) or len(running) != (service.replicas or 0):
        return None  # converging: the scheduler is still at work
    # After the tasks: weighing each node's constraints for 5000 services took 70 ms of the
    # first screen, whose services have no tasks read yet.
    eligible = sorted(eligible_nodes(service, snapshot.nodes), key=lambda n: n.hostname)
    if len(eligible) < 2:
        return None
    on_node: dict[str, list[TaskInfo]] = {node.id: [] for node in eligible}
    for task in running:
        if task.node_id in on_node:
            on_node[task.node_id].append(task)
    total = sum(len(found) for found in on_node.values())
    share, extra = divmod(total, len(eligible))
    fullest = sorted(eligible, key=lambda node: (-len(on_node[node.id]), node.hostname))
    target = {node.id: share + (1 if rank < extra else 0) for rank, node in enumerate(fullest)}
    moves: list[TaskInfo] = []
    for node in eligible:
        here = sorted(on_node[node.id], key=lambda task: task.slot)
        moves += here[target[node.id] :]
    return Spread(
        service,
        tuple((node, len(on_node[node.id])) for node in eligible),
        tuple(moves),
        tuple(node for node in eligible if len(on_node[node.id]) < target[node.id]),
    )


def _uneven(snapshot: Snapshot) -> dict[str, Spread]:
    found = {}
    for service in snapshot.services:
        shape = spread(snapshot, service)
        if shape is not None and shape.uneven:
            found[service.id] = shape
    return found


_memo: IdentityMemo[dict[str, Spread]] = IdentityMemo(
    lambda tasks, services, nodes, snapshot: _uneven(snapshot), keys=3
)


def uneven(snapshot: Snapshot) -> dict[str, Spread]:
    """Uneven services by id, worked out once per task, service and node list."""
    if not snapshot.tasks_read:
        return {}  # where tasks run is not known yet
    return _memo(snapshot.tasks, snapshot.services, snapshot.nodes, snapshot)


def update_started_at(api: SwarmReadApi, service_id: str) -> str:
    """When the service's latest update started, as the daemon says it ("" for none yet)."""
    status = api.inspect_service(service_id).get("UpdateStatus") or {}
    return str(status.get("StartedAt") or "")


def wait_rollout(
    api: SwarmReadApi,
    service_id: str,
    before: str,
    timeout_s: float = ROLLOUT_WAIT_S,
    every_s: float = 0.5,
) -> str:
    """Blocks until the update that started after `before` (update_started_at, read before
    the write) has ended; answers its final state ('completed', 'paused', 'rollback_completed'
    …), or 'still updating' when it outlasts `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        status = api.inspect_service(service_id).get("UpdateStatus") or {}
        state = str(status.get("State") or "")
        if str(status.get("StartedAt") or "") != before and state not in _RUNNING_STATES:
            return state
        time.sleep(every_s)
    return "still updating"
