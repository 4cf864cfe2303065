"""Frozen views of the Swarm objects the dashboard shows.

Everything here is plain data: the Docker layer builds these from API JSON and the UI only
reads them. Mappings are stored as sorted tuples of pairs so that two snapshots compare
equal exactly when the cluster looked the same.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from .memo import IdentityMemo
from .service_parts import (
    Counts,
    Pace,
    PortInfo,
    Resources,
    RestartPolicy,
    UpdateConfig,
    UpdateStatus,
)

Labels = tuple[tuple[str, str], ...]

TERMINAL_STATES = frozenset({"complete", "shutdown", "failed", "rejected", "remove", "orphaned"})
FAILED_STATES = frozenset({"failed", "rejected"})

# swarmkit orders task states monotonically (api/types.proto); the CLI ranks them the same way.
TASK_STATE_ORDER = {
    "new": 0,
    "allocated": 1,
    "pending": 2,
    "assigned": 3,
    "accepted": 4,
    "preparing": 5,
    "ready": 6,
    "starting": 7,
    "running": 8,
    "complete": 9,
    "shutdown": 10,
    "failed": 11,
    "rejected": 12,
    "remove": 13,
    "orphaned": 14,
}


@dataclass(frozen=True, slots=True)
class ClusterInfo:
    """The swarm as seen from the manager we are connected to."""

    swarm_id: str
    node_id: str
    node_addr: str
    endpoint: str
    server_version: str
    api_version: str
    managers: int
    nodes: int
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class NodeInfo:
    id: str
    hostname: str
    role: str
    availability: str
    state: str
    state_message: str
    addr: str
    engine_version: str
    os: str
    arch: str
    nano_cpus: int
    memory_bytes: int
    labels: Labels
    version: int
    is_leader: bool = False
    reachability: str = ""
    manager_addr: str = ""
    engine_labels: Labels = ()
    generic_resources: Counts = ()

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"

    @property
    def is_ready(self) -> bool:
        return self.state == "ready"

    @property
    def cpus(self) -> float:
        return self.nano_cpus / 1e9


@dataclass(frozen=True, slots=True)
class ServiceInfo:
    id: str
    name: str
    mode: str
    replicas: int | None
    running: int
    desired: int
    completed: int
    image: str
    image_digest: str
    ports: tuple[PortInfo, ...]
    limits: Resources
    reservations: Resources
    restart: RestartPolicy
    update_config: UpdateConfig
    update_status: UpdateStatus | None
    stack: str
    labels: Labels
    constraints: tuple[str, ...]
    version: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    previous_image: str = ""
    max_replicas: int = 0
    """Most tasks per node (`--replicas-max-per-node`); 0 is no limit."""
    platforms: tuple[tuple[str, str], ...] = ()
    """(os, architecture) pairs the image runs on, when the spec lists them."""
    networks: tuple[str, ...] = ()
    """Ids of the networks its tasks attach to (the ingress one too, when it publishes)."""
    secrets: tuple[str, ...] = ()
    configs: tuple[str, ...] = ()
    rollback_config: UpdateConfig = field(default_factory=UpdateConfig)
    """What a rollback follows (`--rollback-*`)."""

    @property
    def is_global(self) -> bool:
        return self.mode in ("global", "global-job")

    @property
    def is_job(self) -> bool:
        return self.mode.endswith("-job")

    @property
    def short_name(self) -> str:
        """The name without its stack prefix, as the stack wrote it."""
        prefix = f"{self.stack}_"
        return (
            self.name[len(prefix) :] if self.stack and self.name.startswith(prefix) else self.name
        )


@dataclass(frozen=True, slots=True)
class TaskInfo:
    id: str
    service_id: str
    service_name: str
    slot: int
    node_id: str
    desired_state: str
    state: str
    state_since: datetime | None
    message: str
    error: str
    exit_code: int | None
    image: str
    container_id: str
    created_at: datetime | None
    version: int

    @property
    def name(self) -> str:
        """The CLI's task name: service.slot, or service.node-id for global tasks."""
        suffix = str(self.slot) if self.slot else self.node_id
        return f"{self.service_name}.{suffix}"

    @property
    def slot_key(self) -> tuple[str, str]:
        """Identifies the replica slot (or the node, for global services) a task fills."""
        return (self.service_id, str(self.slot) if self.slot else self.node_id)

    @property
    def is_active(self) -> bool:
        """Desired to run: part of the service's current shape rather than its history."""
        return self.desired_state not in TERMINAL_STATES

    @property
    def is_failure(self) -> bool:
        return self.state in FAILED_STATES


@dataclass(frozen=True, slots=True)
class StackObject:
    """A network, secret or config that a stack created (it carries the namespace label)."""

    kind: str
    """'network', 'secret' or 'config'."""
    id: str
    name: str
    stack: str


@dataclass(frozen=True, slots=True)
class ObjectInfo:
    """A network, secret or config (docker/objects.py reads them)."""

    kind: str
    id: str
    name: str
    labels: tuple[tuple[str, str], ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None
    driver: str = ""
    scope: str = ""
    subnets: tuple[str, ...] = ()

    @property
    def stack(self) -> str:
        return dict(self.labels).get("com.docker.stack.namespace", "")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything one poll learned, stamped with when it was taken."""

    cluster: ClusterInfo
    nodes: tuple[NodeInfo, ...]
    services: tuple[ServiceInfo, ...]
    tasks: tuple[TaskInfo, ...]
    taken_at: datetime
    tasks_taken_at: datetime | None = None
    up_to_date: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)
    """For a service rolling out and on screen: ids of its tasks that match its spec."""
    node_by_id: dict[str, NodeInfo] = field(init=False, compare=False, repr=False)
    service_by_id: dict[str, ServiceInfo] = field(init=False, compare=False, repr=False)
    stack_objects: tuple[StackObject, ...] = ()
    """Networks, secrets and configs of stacks; read rarely (they change only on events)."""
    objects: tuple[ObjectInfo, ...] = ()
    """Every network, secret and config, read as rarely."""
    tasks_read: bool = True
    """False for the first screen only, drawn from the services and nodes while the task list
    (the one costly read: 35 MB at 50,000 tasks) is still coming: what needs tasks waits."""
    paces: dict[str, Pace] = field(default_factory=dict, compare=False)
    """Each service with an update status: whether its rollout still moves (docker/stall.py)."""

    def __post_init__(self) -> None:
        # Lookups the views need on every render, built once per snapshot and owned by it:
        # not init fields, so `dataclasses.replace` builds them afresh from the new lists
        # instead of handing the old dicts on (a removed service would still be found).
        object.__setattr__(self, "node_by_id", {node.id: node for node in self.nodes})
        object.__setattr__(self, "service_by_id", {s.id: s for s in self.services})

    @property
    def stalled(self) -> frozenset[str]:
        """Ids of the services whose rollout has stood still too long."""
        return frozenset(sid for sid, pace in self.paces.items() if pace.stalled)

    @property
    def leader(self) -> NodeInfo | None:
        return next((node for node in self.nodes if node.is_leader), None)

    def node_name(self, node_id: str) -> str:
        node = self.node_by_id.get(node_id)
        return node.hostname if node else (node_id[:12] if node_id else "")

    def tasks_of_service(self, service_id: str) -> list[TaskInfo]:
        return list(task_index(self.tasks).by_service.get(service_id, ()))

    def tasks_on_node(self, node_id: str) -> list[TaskInfo]:
        return list(task_index(self.tasks).by_node.get(node_id, ()))


@dataclass(frozen=True)
class TaskIndex:
    """Lookups over one task list."""

    by_id: dict[str, TaskInfo]
    by_service: dict[str, tuple[TaskInfo, ...]]
    by_node: dict[str, tuple[TaskInfo, ...]]

    @classmethod
    def of(cls, tasks: tuple[TaskInfo, ...]) -> TaskIndex:
        by_service: dict[str, list[TaskInfo]] = defaultdict(list)
        by_node: dict[str, list[TaskInfo]] = defaultdict(list)
        for task in tasks:
            by_service[task.service_id].append(task)
            if task.node_id:
                by_node[task.node_id].append(task)
        return cls(
            {task.id: task for task in tasks},
            {key: tuple(value) for key, value in by_service.items()},
            {key: tuple(value) for key, value in by_node.items()},
        )


task_index: IdentityMemo[TaskIndex] = IdentityMemo(TaskIndex.of)
"""The index of a task list, built once per list: a redraw or a cursor move of an idle
cluster walks no task."""
