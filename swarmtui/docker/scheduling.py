"""Why a task is pending: swarmkit's scheduler filters, evaluated node by node.

swarmkit (`manager/scheduler/filter.go`, `pipeline.go`) runs each node through a pipeline of
filters and keeps only a count of failures per filter: the daemon's message says
"scheduling constraints not satisfied on 3 nodes" but never which node failed what. This
replays the pipeline on a snapshot, in swarmkit's order, and keeps the first filter each node
fails, with what the node has instead:

1. ready: the node's state is ready and its availability active;
2. resources: CPU, memory and generic resources reserved by the service fit in what the
   tasks already on the node (pending to running, as the scheduler counts them) leave free;
3. constraints (`constraints.py`);
4. platform: the node's os/arch is one the spec lists, when it lists any;
5. host port: no task on the node holds one of the service's host-mode published ports;
6. max replicas: the node runs fewer of the service's tasks than its per-node maximum.

swarmkit's plugin and CSI volume filters are not replayed: the Engine API shows neither the
network drivers a task needs nor volume availability. Reservations are the service's current
ones, as the API gives a task's own spec only to the task itself.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .constraints import split, unmet
from .memo import IdentityMemo
from .models import (
    TASK_STATE_ORDER,
    NodeInfo,
    ServiceInfo,
    Snapshot,
    TaskInfo,
    task_index,
)

_PENDING = TASK_STATE_ORDER["pending"]
_RUNNING = TASK_STATE_ORDER["running"]
_COMPLETE = TASK_STATE_ORDER["complete"]
# swarmkit's PlatformFilter treats these architecture names as the same.
_ARCH_ALIASES = {"x86_64": "amd64", "aarch64": "arm64"}


@dataclass(slots=True)
class NodeLoad:
    """What the tasks on one node hold, as the scheduler counts it; worked out per call."""

    nano_cpus: int = 0
    memory_bytes: int = 0
    generic: Counter[str] = field(default_factory=Counter)
    ports: dict[tuple[int, str], str] = field(default_factory=dict)
    """(published port, protocol) of host-mode ports → the name of the task holding it."""
    by_service: Counter[str] = field(default_factory=Counter)
    """Tasks per service id still desired to run (the max-replicas count)."""


@dataclass(frozen=True, slots=True)
class Fit:
    """The first filter `node` fails for a task, or `filter == ""`: eligible."""

    node: NodeInfo
    filter: str = ""
    """'state', 'availability', 'resources', 'constraint', 'platform', 'host-port',
    'max-replicas', or '' when every filter passes."""
    subject: str = ""
    """What failed: the state or availability, the resource ('cpu', 'memory' or a generic
    kind), the constraint, the platforms the spec allows, the port ('8080/tcp')."""
    found: str = ""
    """What the node has instead: the node's status message, 'label never is not set', its
    os/arch, the task holding the port."""
    needed: int = 0
    """resources: what the task reserves; max-replicas: the service's tasks already there."""
    free: int = 0
    total: int = 0
    """resources: the node's total; max-replicas: the maximum per node."""

    @property
    def eligible(self) -> bool:
        return not self.filter


def awaits_placement(task: TaskInfo) -> bool:
    """Desired to run but not past the scheduler yet: new, allocated or pending."""
    return task.is_active and TASK_STATE_ORDER.get(task.state, _RUNNING) <= _PENDING


def node_loads(snapshot: Snapshot, skip: str = "") -> dict[str, NodeLoad]:
    """Per node id, what its tasks hold; the task with id `skip` (the one asking) left out.
    Read only: the same dict serves every caller until the tasks or services change.

    The scheduler counts a task from pending to running whatever its desired state: a task
    told to stop still holds its reservations and ports until it has stopped.
    """
    asking = task_index(snapshot.tasks).by_id.get(skip) if skip else None
    if asking is not None and asking.node_id and _holds(asking):
        return _walk(snapshot, skip)  # a placed task asking: leave its own share out
    return loads_memo(snapshot.tasks, snapshot.services, snapshot)


def _loads_of(
    tasks: tuple[TaskInfo, ...], services: tuple[ServiceInfo, ...], snapshot: Snapshot
) -> dict[str, NodeLoad]:
    return _walk(snapshot)


loads_memo: IdentityMemo[dict[str, NodeLoad]] = IdentityMemo(_loads_of, keys=2)
"""Node loads once per task and service list (the snapshot around them may be new)."""


def _holds(task: TaskInfo) -> bool:
    return _PENDING <= TASK_STATE_ORDER.get(task.state, -1) <= _RUNNING


def _walk(snapshot: Snapshot, skip: str = "") -> dict[str, NodeLoad]:
    loads: dict[str, NodeLoad] = {}
    for task in snapshot.tasks:
        if not task.node_id or task.id == skip or not _holds(task):
            continue
        load = loads.setdefault(task.node_id, NodeLoad())
        if TASK_STATE_ORDER.get(task.desired_state, -1) <= _COMPLETE:
            load.by_service[task.service_id] += 1
        service = snapshot.service_by_id.get(task.service_id)
        if service is None:
            continue
        load.nano_cpus += service.reservations.nano_cpus
        load.memory_bytes += service.reservations.memory_bytes
        load.generic.update(dict(service.reservations.generic))
        for port in service.ports:
            if port.mode == "host" and port.published:
                load.ports[(port.published, port.protocol)] = task.name
    return loads


def why_pending(snapshot: Snapshot, task: TaskInfo) -> tuple[Fit, ...]:
    """Each node the task may go to, with the first filter it fails; by hostname.

    A task already bound to a node (a global service's) is checked against that node only.
    """
    service = snapshot.service_by_id.get(task.service_id)
    if service is None:
        return ()
    bound = snapshot.node_by_id.get(task.node_id)
    nodes = [bound] if bound else sorted(snapshot.nodes, key=lambda node: node.hostname)
    loads = node_loads(snapshot, skip=task.id)
    return tuple(fit(service, node, loads.get(node.id) or NodeLoad()) for node in nodes)


def fit(service: ServiceInfo, node: NodeInfo, load: NodeLoad) -> Fit:
    """The first of swarmkit's filters `node` fails for a task of `service`."""
    if node.state != "ready":
        return Fit(node, "state", node.state, node.state_message)
    if node.availability != "active":
        return Fit(node, "availability", node.availability)
    short = _resources_short(service, node, load)
    if short is not None:
        return short
    constraints = service.constraints
    if all(split(constraint) for constraint in constraints):  # else swarmkit skips them all
        for constraint in constraints:
            found = unmet(constraint, node)
            if found is not None:
                return Fit(node, "constraint", constraint, found)
    if service.platforms and not any(_same_platform(p, node) for p in service.platforms):
        allowed = ", ".join(f"{os or '*'}/{arch or '*'}" for os, arch in service.platforms)
        return Fit(node, "platform", allowed, f"{node.os}/{node.arch}")
    for port in service.ports:
        holder = load.ports.get((port.published or 0, port.protocol))
        if port.mode == "host" and holder is not None:
            return Fit(node, "host-port", f"{port.published}/{port.protocol}", holder)
    running = load.by_service[service.id]
    if service.max_replicas and running >= service.max_replicas:
        return Fit(node, "max-replicas", needed=running, total=service.max_replicas)
    return Fit(node)


def _resources_short(service: ServiceInfo, node: NodeInfo, load: NodeLoad) -> Fit | None:
    wanted = service.reservations
    checks = [
        ("cpu", wanted.nano_cpus, node.nano_cpus, load.nano_cpus),
        ("memory", wanted.memory_bytes, node.memory_bytes, load.memory_bytes),
    ]
    have = dict(node.generic_resources)
    checks += [
        (kind, amount, have.get(kind, 0), load.generic[kind]) for kind, amount in wanted.generic
    ]
    for kind, needed, total, held in checks:
        if needed and needed > total - held:
            return Fit(node, "resources", kind, needed=needed, free=total - held, total=total)
    return None


def _same_platform(platform: tuple[str, str], node: NodeInfo) -> bool:
    os, arch = platform
    arch = _ARCH_ALIASES.get(arch, arch)
    node_arch = _ARCH_ALIASES.get(node.arch, node.arch)
    return (not arch or arch == node_arch) and (not os or os == node.os)
