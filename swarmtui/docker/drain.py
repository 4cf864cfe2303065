"""What draining a node would do, worked out from a snapshot before anything is changed.

The scheduler moves a drained node's replicated tasks to nodes that are ready, active, match
the service's placement constraints and have room for its reservations; tasks of global
services just stop there. This predicts that closely enough for an operator to decide: which
tasks move, where they can go, and which would be left pending and why. It is a preview, not
the scheduler: spread preferences and max-replicas-per-node are not weighed. Constraints and
what each node already reserves are read as the scheduler reads them (constraints.py,
scheduling.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from .constraints import constraint_matches
from .models import NodeInfo, ServiceInfo, Snapshot, TaskInfo
from .scheduling import node_loads


@dataclass(frozen=True, slots=True)
class MovingService:
    service: ServiceInfo
    tasks: tuple[TaskInfo, ...]
    candidates: tuple[str, ...]
    """Hostnames of the other nodes that may run its tasks: ready, active, constraints met."""
    placeable: int
    """How many of `tasks` the candidates have reserved CPU and memory left for."""
    problem: str = ""
    """Why some tasks would stay pending: 'constraints', 'no-node' or 'resources'."""

    @property
    def stranded(self) -> int:
        return len(self.tasks) - self.placeable


@dataclass(frozen=True, slots=True)
class DrainPreview:
    node: NodeInfo
    moving: tuple[MovingService, ...]
    stopping: tuple[TaskInfo, ...]
    """Tasks of global services: they stop on the drained node and go nowhere."""

    @property
    def task_count(self) -> int:
        return sum(len(group.tasks) for group in self.moving)

    @property
    def stranded(self) -> tuple[MovingService, ...]:
        return tuple(group for group in self.moving if group.stranded)


def preview_drain(snapshot: Snapshot, node_id: str) -> DrainPreview:
    node = snapshot.node_by_id[node_id]
    remaining = [
        other
        for other in snapshot.nodes
        if other.id != node_id and other.availability == "active" and other.state == "ready"
    ]
    free = _free_resources(snapshot, remaining)
    moving: list[MovingService] = []
    stopping: list[TaskInfo] = []
    by_service: dict[str, list[TaskInfo]] = {}
    for task in snapshot.tasks_on_node(node_id):
        if not task.is_active:
            continue
        service = snapshot.service_by_id.get(task.service_id)
        if service is None or service.is_global:
            stopping.append(task)
        else:
            by_service.setdefault(service.id, []).append(task)
    for service_id, tasks in sorted(
        by_service.items(), key=lambda item: snapshot.service_by_id[item[0]].name
    ):
        service = snapshot.service_by_id[service_id]
        matching = [
            other
            for other in remaining
            if all(constraint_matches(c, other) for c in service.constraints)
        ]
        placeable = _place(service, len(tasks), matching, free)
        problem = ""
        if not remaining:
            problem = "no-node"
        elif not matching:
            problem = "constraints"
        elif placeable < len(tasks):
            problem = "resources"
        moving.append(
            MovingService(
                service,
                tuple(sorted(tasks, key=lambda t: t.slot)),
                tuple(other.hostname for other in matching),
                placeable,
                problem,
            )
        )
    return DrainPreview(node, tuple(moving), tuple(stopping))


def _free_resources(snapshot: Snapshot, nodes: list[NodeInfo]) -> dict[str, list[int]]:
    """[nano CPUs, memory bytes] not yet reserved by the tasks there, per node id."""
    loads = node_loads(snapshot)
    free = {node.id: [node.nano_cpus, node.memory_bytes] for node in nodes}
    for node_id, room in free.items():
        if node_id in loads:
            room[0] -= loads[node_id].nano_cpus
            room[1] -= loads[node_id].memory_bytes
    return free


def _place(
    service: ServiceInfo, count: int, nodes: list[NodeInfo], free: dict[str, list[int]]
) -> int:
    """Place up to `count` tasks on `nodes`, taking their reservations out of `free`."""
    cpu, memory = service.reservations.nano_cpus, service.reservations.memory_bytes
    placed = 0
    for node in nodes:
        room = free[node.id]
        while placed < count and room[0] >= cpu and room[1] >= memory:
            if not cpu and not memory:
                return count  # nothing reserved: any matching node takes them all
            room[0] -= cpu
            room[1] -= memory
            placed += 1
    return placed
