"""Whether a rollout still moves: the poller-side memory of each rollout's slots.

A rollout (an update or a rollback in progress) is *stalled* when no slot has moved for longer
than its monitor period plus its delay plus a margin: the updater waits, with no timeout, for
each new task to come up, so a task that never gets past `starting` (a health check that never
passes) or `pending` holds the whole rollout, and the daemon's state still says `updating`.

A slot moves when the task that fills it (its newest task desired to run) changes, or changes
state. The time of the last move is kept here, keyed by service id and UpdateStatus.StartedAt
(a new update starts the count again), on the poll's side: never in a widget. A rollout seen
for the first time takes its last move from its tasks' own timestamps, so a dashboard started
on (or a report of) a rollout stalled an hour ago says so at once.

It also keeps the daemon's message of a rollback as it starts ("update rolled back due to
failure or early termination of task …"): once the rollback completes the daemon replaces it
with "rollback completed", and the reason would be lost.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .models import ServiceInfo, TaskInfo
from .service_parts import Pace, UpdateConfig

DEFAULT_STALL_MARGIN_S = 60.0
"""Seconds a rollout may stand still beyond its monitor period and delay (config.toml
`stall_margin`): enough for a stop grace period or a small image pull."""

_LONG_AGO = datetime.min.replace(tzinfo=UTC)
Key = tuple[str, str]
"""(service id, UpdateStatus.StartedAt as text): one rollout."""
Slots = frozenset[tuple[str, str, str]]
"""Each slot with the id and state of the task that fills it."""


def rollout_config(service: ServiceInfo) -> UpdateConfig:
    """The config the rollout in progress follows: the rollback's during a rollback."""
    status = service.update_status
    if status is not None and status.state.startswith("rollback"):
        return service.rollback_config
    return service.update_config


def stall_limit(service: ServiceInfo, margin_s: float) -> float:
    config = rollout_config(service)
    return (config.monitor_ns + config.delay_ns) / 1e9 + margin_s


def slots_of(tasks: Iterable[TaskInfo]) -> Slots:
    """Each slot (replica, or node of a global service) with its newest task desired to run."""
    by_slot: dict[str, list[TaskInfo]] = defaultdict(list)
    for task in tasks:
        if task.is_active:
            by_slot[str(task.slot) if task.slot else task.node_id].append(task)
    return frozenset(
        (slot, newest.id, newest.state)
        for slot, slot_tasks in by_slot.items()
        for newest in [max(slot_tasks, key=lambda t: (t.created_at is not None, t.created_at))]
    )


def last_sign(tasks: Iterable[TaskInfo], started_at: datetime | None, now: datetime) -> datetime:
    """A rollout first seen: its tasks' newest timestamp since it started (at most `now`)."""
    times = [t.state_since or t.created_at for t in tasks]
    newest = max((when for when in times if when is not None), default=None)
    candidates = [when for when in (newest, started_at) if when is not None]
    return min(max(candidates), now) if candidates else now


def failure_since(tasks: Iterable[TaskInfo], started_at: datetime | None) -> str:
    """A rollback not seen as it started: its likely cause, the newest task that failed since
    the update started ("web.2 failed: task: non-zero exit (3)"); empty when none did."""
    failed = [
        t
        for t in tasks
        if t.is_failure and (started_at is None or (t.state_since or started_at) >= started_at)
    ]
    newest = max(failed, key=lambda t: t.state_since or _LONG_AGO, default=None)
    if newest is None:
        return ""
    return f"{newest.name} {newest.state}: {newest.error or newest.message}"


def _key(service: ServiceInfo) -> Key:
    status = service.update_status
    started = status.started_at.isoformat() if status and status.started_at else ""
    return service.id, started


@dataclass
class RolloutPaces:
    """The poll's memory of every rollout: call `observe` with each new snapshot's parts."""

    margin_s: float = DEFAULT_STALL_MARGIN_S
    _seen: dict[Key, tuple[Slots, datetime]] = field(default_factory=dict)
    _reasons: dict[Key, str] = field(default_factory=dict)

    def observe(
        self,
        services: Iterable[ServiceInfo],
        tasks_of: dict[str, tuple[TaskInfo, ...]],
        now: datetime,
    ) -> dict[str, Pace]:
        """Each service with an update status, and how its rollout moves."""
        paces: dict[str, Pace] = {}
        seen: dict[Key, tuple[Slots, datetime]] = {}
        reasons: dict[Key, str] = {}
        for service in services:
            status = service.update_status
            if status is None:
                continue
            key = _key(service)
            reason = self._reasons.get(key, "")
            if status.state == "rollback_started" and status.message:
                reason = status.message
            elif not reason and status.rolled_back:
                reason = failure_since(tasks_of.get(service.id, ()), status.started_at)
            if reason:
                reasons[key] = reason
            if not status.in_progress:
                paces[service.id] = Pace(None, reason=reason)
                continue
            tasks = tasks_of.get(service.id, ())
            slots = slots_of(tasks)
            before = self._seen.get(key)
            if before is None:
                moved_at = last_sign(tasks, status.started_at, now)
            else:
                moved_at = before[1] if before[0] == slots else now
            seen[key] = (slots, moved_at)
            still = max(0.0, (now - moved_at).total_seconds())
            limit = stall_limit(service, self.margin_s)
            paces[service.id] = Pace(moved_at, still, limit, still > limit, reason)
        self._seen, self._reasons = seen, reasons
        return paces
