"""Decide what one poll fetches, so an idle dashboard stays cheap on a large cluster.

Every poll reads /services?status=true and /nodes: they carry the replica counts and node
states. The task list is the expensive call (it grows with every replica and its history) and
tasks emit no events, so it is read in full only at start, after a node changes, and as a
safety net every `full_tasks_every` seconds (every `full_tasks_every_with_events` while the
event stream flows). In between, only the tasks of services that just
changed, are rolling out or failing, or are on screen are re-read, filtered server-side. The
stacks' networks, secrets and configs (small, and changed only with events) are read with each
full task read and when an event names one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial

from .ahead import full_read, work_out_ahead
from .head_start import HeadStart
from .health import slot_failures
from .models import (
    ClusterInfo,
    NodeInfo,
    ObjectInfo,
    ServiceInfo,
    Snapshot,
    StackObject,
    TaskInfo,
    task_index,
)
from .objects import stack_objects
from .reader import SwarmReader
from .stall import RolloutPaces
from .task_lists import counted_on_live_nodes, current_once, merged, task_queries

# Filtering by more ids than this costs about as much as reading everything.
MAX_FILTERED_SERVICES = 40
FIRST_SCREEN_WAIT_S = 2.0
"""The longest the first task list waits, read, for the first screen to be drawn."""


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class PollHints:
    """What the UI knows that should shape the next poll."""

    changed_services: frozenset[str] = frozenset()
    """Service ids named by events since the last poll."""
    nodes_changed: bool = False
    """A node event arrived: tasks may have moved."""
    watched_service: str | None = None
    """The service whose tasks are on screen."""
    watched_node: str | None = None
    """The node whose tasks are on screen."""
    full: bool = False
    """Re-read everything (asked for by the operator, or after a reconnect)."""
    stack_objects_changed: bool = False
    """A network, secret or config event arrived: re-read the stacks' objects."""


@dataclass
class PollStats:
    full_task_reads: int = 0
    partial_task_reads: int = 0
    skipped_task_reads: int = 0
    stack_object_reads: int = 0


def _service_fingerprint(service: ServiceInfo) -> tuple[object, ...]:
    status = service.update_status.state if service.update_status else ""
    return (service.version, service.running, service.desired, service.completed, status)


def _node_fingerprint(node: NodeInfo) -> tuple[object, ...]:
    # Not the version: it moves with every heartbeat-driven update of the node object.
    return (node.state, node.availability, node.role)


@dataclass
class Poller:
    reader: SwarmReader
    full_tasks_every: float = 60.0
    """The safety net's period while the event stream is down."""
    full_tasks_every_with_events: float = 300.0
    """...and while it flows: events and the services' counts say what moved, so a full
    re-read of every task (the costliest read, 7 MB at 10,000 tasks) is only a backstop."""
    events_flowing: bool = False
    """Set by the UI as the event stream connects and drops."""
    hot_for: float = 30.0
    clock: Callable[[], datetime] = utcnow
    stats: PollStats = field(default_factory=PollStats)
    paces: RolloutPaces = field(default_factory=RolloutPaces)
    """Each rollout's last slot move, for the stalled verdict (set its margin_s)."""
    cluster: ClusterInfo | None = None
    last: Snapshot | None = None
    _hot_until: dict[str, datetime] = field(default_factory=dict)
    _last_full_tasks: datetime | None = None
    _failing: set[str] = field(default_factory=set)
    _failing_for: tuple[TaskInfo, ...] | None = None
    _failing_settles_at: datetime | None = None
    _read_services: tuple[ServiceInfo, ...] = ()
    """The services as the manager last said them, before tasks on lost nodes were discounted."""
    head_start: HeadStart | None = None
    """The services and nodes the command line began reading, for the first poll."""
    first_screen_drawn: threading.Event = field(default_factory=threading.Event)
    """Set by the UI once the first screen (services and nodes, handed early) is drawn."""
    _handed_early = False

    def poll(
        self,
        hints: PollHints = PollHints(),
        early: Callable[[Snapshot], None] | None = None,
    ) -> Snapshot:
        """Fetch a snapshot; blocking, so call it from a worker thread. `early` is handed the
        services and nodes before a costly task read: on the first poll (no tasks yet) and when
        a node changed (with the tasks last read: a lost node shows while they are reread)."""
        first = None
        if self.head_start is not None:
            head, self.head_start = self.head_start, None
            self.cluster, first = head.cluster, head.take()
        if self.cluster is None or hints.full:
            self.cluster = self.reader.check_manager()
        services = first.services if first else self.reader.services()
        nodes = first.nodes if first else self.reader.nodes()
        if self.last is not None:
            # Unchanged parts keep their identity, so the UI can skip redrawing them cheaply.
            services = self._read_services if services == self._read_services else services
            nodes = self.last.nodes if nodes == self.last.nodes else nodes
        now = self.clock()
        if early is not None:
            self._hand_early(early, services, nodes, now)
        tasks, tasks_taken_at = self._read_tasks(services, nodes, hints, now)
        self._read_services = services
        services = counted_on_live_nodes(services, nodes, tasks, self.last)
        cluster = self._with_counts(self.cluster, nodes)
        up_to_date = self._up_to_date(services, hints.watched_service)
        objects = self._objects(hints, full_read=tasks_taken_at == now)
        self.last = Snapshot(
            cluster,
            nodes,
            services,
            tasks,
            now,
            tasks_taken_at,
            up_to_date,
            stack_objects=self._stack_objects(objects),
            objects=objects,
            paces=self.paces.observe(services, task_index(tasks).by_service, now),
        )
        work_out_ahead(self.last, now)
        return self.last

    def _hand_early(
        self,
        early: Callable[[Snapshot], None],
        services: tuple[ServiceInfo, ...],
        nodes: tuple[NodeInfo, ...],
        now: datetime,
    ) -> None:
        assert self.cluster is not None
        cluster = self._with_counts(self.cluster, nodes)
        if self.last is None:
            early(Snapshot(cluster, nodes, services, (), now, None, tasks_read=False))
            self._handed_early = True
        elif nodes is not self.last.nodes and self._nodes_changed(nodes):
            services = counted_on_live_nodes(services, nodes, self.last.tasks, self.last)
            early(replace(self.last, cluster=cluster, nodes=nodes, services=services, taken_at=now))

    def _objects(self, hints: PollHints, full_read: bool) -> tuple[ObjectInfo, ...]:
        """Networks, secrets and configs change only with events, so they are read with
        each full task read (the safety net) or when an event names one, not every poll."""
        if self.last is not None and not (full_read or hints.stack_objects_changed):
            return self.last.objects
        self.stats.stack_object_reads += 1
        objects = self.reader.objects()
        if self.last is not None and objects == self.last.objects:
            return self.last.objects  # the same tuple: the object views need not redraw
        return objects

    def _stack_objects(self, objects: tuple[ObjectInfo, ...]) -> tuple[StackObject, ...]:
        if self.last is not None and objects is self.last.objects:
            return self.last.stack_objects  # the same tuple: the stacks pane need not redraw
        found = stack_objects(objects)
        if self.last is not None and found == self.last.stack_objects:
            return self.last.stack_objects
        return found

    def _up_to_date(
        self, services: tuple[ServiceInfo, ...], watched: str | None
    ) -> dict[str, frozenset[str]]:
        """Which tasks of the watched service match its spec, while it rolls out or pauses."""
        service = next((s for s in services if s.id == watched), None)
        status = service.update_status if service else None
        if service is None or status is None or status.finished:
            return {}
        names = {service.id: service.name}
        fresh = self.reader.tasks(names, {"service": [service.id], "_up-to-date": ["true"]})
        return {service.id: frozenset(task.id for task in fresh)}

    def _with_counts(self, cluster: ClusterInfo, nodes: tuple[NodeInfo, ...]) -> ClusterInfo:
        managers = sum(1 for node in nodes if node.is_manager)
        return replace(cluster, nodes=len(nodes), managers=managers)

    @property
    def _full_tasks_period(self) -> float:
        if self.events_flowing:
            return max(self.full_tasks_every, self.full_tasks_every_with_events)
        return self.full_tasks_every

    def _changed_services(self, services: tuple[ServiceInfo, ...]) -> set[str]:
        if self.last is None:
            return set()  # the first read is a full one anyway
        if services is self._read_services:
            return set()  # the reader kept the tuple: the answer did not change
        before = {s.id: _service_fingerprint(s) for s in self._read_services}
        return {s.id for s in services if before.get(s.id) != _service_fingerprint(s)}

    def _nodes_changed(self, nodes: tuple[NodeInfo, ...]) -> bool:
        if self.last is None:
            return True
        if nodes is self.last.nodes:
            return False
        before = {node.id: _node_fingerprint(node) for node in self.last.nodes}
        return before != {node.id: _node_fingerprint(node) for node in nodes}

    def _read_tasks(
        self,
        services: tuple[ServiceInfo, ...],
        nodes: tuple[NodeInfo, ...],
        hints: PollHints,
        now: datetime,
    ) -> tuple[tuple[TaskInfo, ...], datetime | None]:
        names = {service.id: service.name for service in services}
        live_ids = set(names)
        changed = self._changed_services(services) | (hints.changed_services & live_ids)
        hot_until = now + timedelta(seconds=self.hot_for)
        for service_id in changed:
            self._hot_until[service_id] = hot_until
        for service in services:
            if service.update_status and service.update_status.in_progress:
                self._hot_until[service.id] = hot_until
        self._hot_until = {
            sid: until for sid, until in self._hot_until.items() if until > now and sid in live_ids
        }
        due = (
            self.last is None
            or self._last_full_tasks is None
            or hints.full
            or hints.nodes_changed
            or self._nodes_changed(nodes)
            or (now - self._last_full_tasks).total_seconds() >= self._full_tasks_period
        )
        wanted = set(self._hot_until) | changed | self._failing_services(now)
        if hints.watched_service in live_ids:
            wanted.add(hints.watched_service)
        if due or len(wanted) > MAX_FILTERED_SERVICES:
            self.stats.full_task_reads += 1
            self._last_full_tasks = now
            # The first screen is drawn from the services while the task list comes: its
            # parse (50,000 tasks at 5000 services) would take the GIL from the drawing.
            first = self.last is None and self._handed_early
            wait = partial(self.first_screen_drawn.wait, FIRST_SCREEN_WAIT_S) if first else None
            with full_read():
                tasks = self.reader.tasks(names, before_parsing=wait)
            if self.last is not None and tasks == self.last.tasks:
                tasks = self.last.tasks
            return tasks, now
        assert self.last is not None
        queries = task_queries(wanted, hints.watched_node)
        tasks = self.last.tasks
        for filters, covers, covered in queries:
            fresh = self.reader.tasks(names, filters)
            tasks = merged(tasks, covers, fresh, covered(task_index(tasks)))
        if queries:
            self.stats.partial_task_reads += 1
        else:
            self.stats.skipped_task_reads += 1
        return current_once(tasks, services, names), self.last.tasks_taken_at

    def _failing_services(self, now: datetime) -> set[str]:
        """Services with a task that failed since its slot last ran (or restarted a moment
        ago): they change fast.

        A pass over every task, so it is worked out again only for a new task list (the
        merge keeps the very same tuple when nothing moved) or once a restart has settled."""
        if self.last is None:
            return set()
        settled = self._failing_settles_at is not None and now >= self._failing_settles_at
        if self._failing_for is not self.last.tasks or settled:
            failures = slot_failures(self.last.tasks, now)
            self._failing = {service_id for service_id, _ in failures.slots}
            self._failing_for = self.last.tasks
            self._failing_settles_at = failures.settles_at
        return self._failing
