"""Has a service converged, and if not, is it on its way or stuck: what `swarmtui wait` and
`stack deploy --wait` follow, from one read of the service, its tasks and which of them match
its spec (the daemon's `_up-to-date` filter, as the docker CLI's progress uses).

A service converges when every slot's newest task desired to run runs and matches the current
spec, no slot is failing now, and (for a rollout) the update completed; it must hold for the
update's monitor period before it counts (the CLI's "verify that tasks are stable"). It has
failed when its update paused (or its rollback), when the update was rolled back (a completed
rollback is a failed rollout: `docker stack deploy` exits 0 after one, docker/cli#6752), or
when its rollout stalled (docker/stall.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from .health import failing_slots, replica_progress
from .models import ServiceInfo, TaskInfo
from .service_parts import Pace

FAILED = ("paused", "rolled_back", "stalled")
"""Outcomes that end the wait at once, in the order their exit codes are chosen."""


@dataclass(frozen=True, slots=True)
class Verdict:
    name: str
    outcome: str
    """converged, settling (converged, held for less than the monitor period), updating,
    converging, paused, rolled_back, stalled, or gone (the service was removed)."""
    state: str = ""
    """UpdateStatus.State, empty when the service never updated."""
    message: str = ""
    """The daemon's update message, or why it rolled back as the rollback started."""
    current: int = 0
    """Slots running the current spec."""
    total: int = 0
    """Slots wanted."""
    pace: Pace | None = None
    stuck: tuple[str, ...] = ()
    """Slots not yet current, as 'slot 2 starting': where a stalled rollout stands."""
    failing: str = ""
    """A failing slot's error, when one fails now."""
    at: datetime | None = None
    """When the update ended (paused, rolled back), when known."""

    @property
    def done(self) -> bool:
        return self.outcome == "converged" or self.outcome in FAILED or self.outcome == "gone"


_LONG_AGO = datetime.min.replace(tzinfo=UTC)


def _newest_active(tasks: Iterable[TaskInfo]) -> dict[str, TaskInfo]:
    """Each slot (replica, or node of a global service) with its newest task desired to run."""
    newest: dict[str, TaskInfo] = {}
    for task in tasks:
        slot = str(task.slot) if task.slot else task.node_id
        held = newest.get(slot)
        if task.is_active and (
            held is None or (task.created_at or _LONG_AGO) > (held.created_at or _LONG_AGO)
        ):
            newest[slot] = task
    return newest


def verdict(
    service: ServiceInfo,
    tasks: tuple[TaskInfo, ...],
    up_to_date: frozenset[str],
    pace: Pace | None,
    converged_since: datetime | None,
    now: datetime,
) -> Verdict:
    """Where `service` stands; `converged_since` is when it was last seen converged (None if
    it was not), for the monitor period it must hold."""
    status = service.update_status
    state, message = (status.state, status.message) if status else ("", "")
    reason = (pace.reason if pace else "") or message
    slots = _newest_active(tasks)
    current = sum(1 for t in slots.values() if t.state == "running" and t.id in up_to_date)
    if service.is_job:
        progress = replica_progress(service)
        current, total = progress.running, progress.desired
    else:
        total = service.replicas if service.replicas is not None else service.desired
    stuck = tuple(
        f"slot {slot if slot.isdigit() else slot[:12]} {task.state}"
        for slot, task in sorted(slots.items())
        if not (task.state == "running" and task.id in up_to_date)
    )
    failures = failing_slots(tasks, now)
    failing = next(iter(failures.values())).error if failures else ""
    base = Verdict(service.name, "", state, message, current, total, pace, stuck, failing)
    if status is not None and status.paused:
        return _with(base, "paused", at=status.completed_at)
    if status is not None and status.rolled_back:
        return _with(base, "rolled_back", message=reason, at=status.completed_at)
    if status is not None and status.in_progress:
        return _with(base, "stalled" if pace is not None and pace.stalled else "updating")
    together = current == total == len(slots) and not failures
    if service.is_job:
        together = replica_progress(service).complete
    if not together:
        return _with(base, "converging")
    monitor_s = service.update_config.monitor_ns / 1e9
    if converged_since is not None and (now - converged_since).total_seconds() >= monitor_s:
        return _with(base, "converged")
    return _with(base, "settling")


def _with(base: Verdict, outcome: str, **changes: Any) -> Verdict:
    return replace(base, outcome=outcome, **changes)
