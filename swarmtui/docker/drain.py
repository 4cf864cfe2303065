"""What draining a node would do, worked out from a snapshot before anything is changed.

The scheduler moves a drained node's replicated tasks to nodes that are ready, active, match
the service's placement constraints and have room for its reservations; tasks of global
services just stop there. This predicts that closely enough for an operator to decide: which
tasks move, where they can go, and which would be left pending and why. It is a preview, not
the scheduler: spread preferences and max-replicas-per-node are not weighed.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import NodeInfo, ServiceInfo, Snapshot, TaskInfo

# swarmkit `manager/constraint/constraint.go`: only these two operators exist.
_OPERATORS = ("==", "!=")


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


def constraint_matches(constraint: str, node: NodeInfo) -> bool:
    """Whether `node` satisfies one placement constraint such as `node.labels.zone==b`.

    Values compare case-insensitively, as swarmkit does. A key this preview cannot see
    (engine labels) counts as met: better to promise a move than to cry wolf.
    """
    for operator in _OPERATORS:
        key, found, expected = constraint.partition(operator)
        if found:
            break
    else:
        return True
    key, expected = key.strip().lower(), expected.strip()
    actual = _node_value(key, node)
    if actual is None:
        if key.startswith("node.labels."):
            return operator == "!="  # an absent label equals nothing
        return True
    equal = actual.casefold() == expected.casefold()
    return equal if operator == "==" else not equal


def _node_value(key: str, node: NodeInfo) -> str | None:
    if key.startswith("node.labels."):
        return dict(node.labels).get(key.removeprefix("node.labels."))
    return {
        "node.id": node.id,
        "node.hostname": node.hostname,
        "node.role": node.role,
        "node.platform.os": node.os,
        "node.platform.arch": node.arch,
    }.get(key)


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
    """[nano CPUs, memory bytes] not yet reserved by active tasks, per node id."""
    free = {node.id: [node.nano_cpus, node.memory_bytes] for node in nodes}
    for task in snapshot.tasks:
        if task.node_id in free and task.is_active:
            service = snapshot.service_by_id.get(task.service_id)
            if service is not None:
                free[task.node_id][0] -= service.reservations.nano_cpus
                free[task.node_id][1] -= service.reservations.memory_bytes
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
