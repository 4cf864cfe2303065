"""Derived views of a snapshot: replica progress, service health, placement, failing now.

Pure functions over the frozen models, shared by the panes and the poller.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .memo import KEPT, IdentityMemo
from .models import ServiceInfo, Snapshot, TaskInfo

_SIGNS_OF_LIFE = frozenset({"running", "complete"})
_LONG_AGO = datetime.min.replace(tzinfo=UTC)


def _since(task: TaskInfo) -> datetime:
    return task.state_since or task.created_at or _LONG_AGO


def _newest(tasks: Iterable[TaskInfo]) -> TaskInfo | None:
    return max(tasks, key=lambda task: (task.state_since is not None, _since(task)), default=None)


RESTART_GAP = timedelta(seconds=60)
"""A task that starts running this soon after its slot failed is the restart of a crash loop..."""
STEADY_AFTER = timedelta(seconds=10)
"""...until it has run this long: a crash loop's tasks run for a moment between failures, and
the slot must not leave the failing group (and the top of the list) for that moment."""


@dataclass(frozen=True, slots=True)
class SlotFailures:
    """Slots failing now, and when the verdict may change with nothing but time passing."""

    slots: dict[tuple[str, str], TaskInfo]
    """Each failing slot with its newest failed task."""
    settles_at: datetime | None = None
    """When the earliest restarted slot has run for STEADY_AFTER and counts as recovered;
    None when time alone changes nothing."""


@dataclass
class _FailuresMemo:
    entries: tuple[tuple[object, SlotFailures], ...] = ()
    """(task list, its verdict), the newest first, KEPT of them: one reference, shared by the
    poll and the UI thread."""
    builds: int = 0
    """How many times every task was walked (a test counts them)."""


failures_memo = _FailuresMemo()


def slot_failures(tasks: Iterable[TaskInfo], now: datetime | None = None) -> SlotFailures:
    """Slots failing at `now` (the local clock when None); worked out once per task list
    (by identity) for the poller, the facts and the placement grid alike, and again once a
    restart has settled."""
    now = now or datetime.now(UTC)
    memo = failures_memo
    entries = memo.entries
    for tasks_then, verdict in entries:
        if tasks_then is tasks:
            settles_at = verdict.settles_at
            if settles_at is None or now < settles_at:
                return verdict
            break
    result = _slot_failures(tasks, now)
    kept = tuple(entry for entry in entries if entry[0] is not tasks)
    memo.entries = ((tasks, result), *kept[: KEPT - 1])
    memo.builds += 1
    return result


def _slot_failures(tasks: Iterable[TaskInfo], now: datetime) -> SlotFailures:
    """Slots failing at `now`.

    A slot (a replica, or a node of a global service) is failing if its newest failure is
    newer than its latest sign of life, or if its running task started within RESTART_GAP of
    that failure and has not yet run for STEADY_AFTER. An old failure in the history of a slot
    that has run since is not a current one. Slots with no task desired to run are history.
    """
    by_slot: dict[tuple[str, str], list[TaskInfo]] = defaultdict(list)
    for task in tasks:
        by_slot[task.slot_key].append(task)
    failing: dict[tuple[str, str], TaskInfo] = {}
    settles_at: datetime | None = None
    for slot, slot_tasks in by_slot.items():
        if not any(task.is_active for task in slot_tasks):
            continue
        failure = _newest(task for task in slot_tasks if task.is_failure)
        if failure is None:
            continue
        life = _newest(task for task in slot_tasks if task.state in _SIGNS_OF_LIFE)
        if life is None or _since(failure) > _since(life):
            failing[slot] = failure
            continue
        steady = _since(life) + STEADY_AFTER
        restarted = life.state == "running" and _since(life) - _since(failure) <= RESTART_GAP
        if restarted and now < steady:
            failing[slot] = failure
            settles_at = steady if settles_at is None else min(settles_at, steady)
    return SlotFailures(failing, settles_at)


def failing_slots(
    tasks: Iterable[TaskInfo], now: datetime | None = None
) -> dict[tuple[str, str], TaskInfo]:
    """Slots failing at `now`, each with its newest failed task (see slot_failures)."""
    return slot_failures(tasks, now).slots


def services_of(slots: dict[tuple[str, str], TaskInfo]) -> dict[str, TaskInfo]:
    """Each service with a failing slot, mapped to its newest current failure."""
    newest: dict[str, TaskInfo] = {}
    for (service_id, _), task in slots.items():
        if service_id not in newest or _since(task) > _since(newest[service_id]):
            newest[service_id] = task
    return newest


def failing_services(tasks: Iterable[TaskInfo], now: datetime | None = None) -> dict[str, TaskInfo]:
    """Each service with a failing slot, mapped to its newest current failure."""
    return services_of(failing_slots(tasks, now))


def unschedulable(tasks: Iterable[TaskInfo]) -> dict[str, TaskInfo]:
    """Services with a task the scheduler cannot place, mapped to one such task (its reason);
    worked out once per task list."""
    return _unschedulable(tasks)


def _find_unschedulable(tasks: Iterable[TaskInfo]) -> dict[str, TaskInfo]:
    stuck: dict[str, TaskInfo] = {}
    for task in tasks:
        if task.is_active and task.state == "pending" and task.error:
            stuck.setdefault(task.service_id, task)
    return stuck


_unschedulable: IdentityMemo[dict[str, TaskInfo]] = IdentityMemo(_find_unschedulable)


@dataclass(frozen=True, slots=True)
class Progress:
    running: int
    desired: int

    @property
    def ratio(self) -> float:
        if self.desired <= 0:
            return 1.0 if self.running == 0 else 0.0
        return min(self.running / self.desired, 1.0)

    @property
    def complete(self) -> bool:
        return self.running == self.desired


def replica_progress(service: ServiceInfo) -> Progress:
    """Running over desired from status=true; jobs count completions instead."""
    if service.mode == "replicated-job":
        return Progress(service.completed, service.replicas or 0)
    return Progress(service.running, service.desired)


HEALTH_ORDER = (
    "failing",
    "paused",
    "stalled",
    "rolled_back",
    "pending",
    "updating",
    "converging",
    "ok",
)


def service_health(
    service: ServiceInfo,
    failing: dict[str, TaskInfo],
    stuck: dict[str, TaskInfo],
    stalled: frozenset[str] = frozenset(),
) -> str:
    """One word for the row's colour: failing, paused, stalled, rolled_back (the last update
    failed and was undone: a failed rollout, not a healthy service), pending, updating,
    converging or ok. `stalled`: the services whose rollout stands still (Snapshot.stalled)."""
    status = service.update_status
    if status and status.paused:
        return "paused"
    if service.id in failing:
        return "failing"
    if status and status.in_progress:
        return "stalled" if service.id in stalled else "updating"
    if status and status.rolled_back:
        return "rolled_back"
    progress = replica_progress(service)
    if progress.running < progress.desired:
        return "pending" if service.id in stuck else "converging"
    if progress.running > progress.desired and not service.is_job:
        return "converging"
    return "ok"


ATTENTION_ORDER = ("failing", "paused", "stalled", "rolled_back", "pending", "converging", "ok")
"""What an operator looks at first: a slot failing now; an update paused or rolling back; a
rollout standing still; an update rolled back; a task the scheduler cannot place (pending);
replicas still converging; then the healthy."""


def attention(
    service: ServiceInfo,
    failing: dict[str, TaskInfo],
    stuck: dict[str, TaskInfo],
    stalled: frozenset[str] = frozenset(),
) -> str:
    """The service's attention group, one of ATTENTION_ORDER."""
    if service.id in failing:
        return "failing"
    status = service.update_status
    if status and service.id in stalled and status.in_progress:
        return "stalled"
    if status and (status.paused or status.state == "rollback_started"):
        return "paused"
    if status and status.rolled_back:
        return "rolled_back"
    if service.id in stuck:
        return "pending"
    health = service_health(service, failing, stuck, stalled)
    return "ok" if health == "ok" else "converging"


@dataclass(frozen=True, slots=True)
class PlacementCell:
    running: int = 0
    starting: int = 0
    failing: int = 0

    @property
    def empty(self) -> bool:
        return not (self.running or self.starting or self.failing)


UNASSIGNED = ""


def placement(snapshot: Snapshot) -> dict[tuple[str, str], PlacementCell]:
    """Service × node counts of active tasks by state; node "" holds tasks not yet placed.
    Worked out once per task list (and failing verdict)."""
    return placement_cells(snapshot.tasks, slot_failures(snapshot.tasks).slots)


def _placement(
    tasks: tuple[TaskInfo, ...], failures: dict[tuple[str, str], TaskInfo]
) -> dict[tuple[str, str], PlacementCell]:
    """The counts behind placement()."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for task in tasks:
        if not task.is_active:
            continue
        cell = counts[(task.service_id, task.node_id or UNASSIGNED)]
        if task.state == "running":
            cell[0] += 1
        elif task.state not in ("complete",):
            cell[1] += 1
    for (service_id, _), task in failures.items():
        counts[(service_id, task.node_id or UNASSIGNED)][2] += 1
    return {key: PlacementCell(*value) for key, value in counts.items()}


placement_cells: IdentityMemo[dict[tuple[str, str], PlacementCell]] = IdentityMemo(_placement)


def _running_desired(services: tuple[ServiceInfo, ...]) -> tuple[int, int]:
    running = sum(service.running for service in services)
    desired = sum(service.desired for service in services)
    return running, desired


_running_desired_memo: IdentityMemo[tuple[int, int]] = IdentityMemo(_running_desired)


def tasks_running_desired(snapshot: Snapshot) -> tuple[int, int]:
    """Summed once per services list (the header asks on every redraw)."""
    return _running_desired_memo(snapshot.services)
