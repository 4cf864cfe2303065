"""Progress of a rolling update or rollback, slot by slot, as the docker CLI tracks it.

Like `docker service update` (cli/command/service/progress): one line per replica slot (per
node for global services) from its newest task desired to run, a slot counting as updated when
that task matches the current spec and runs. Which tasks match the spec comes from the
daemon's `_up-to-date` task filter when the poller has it, else from the image.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from .models import TASK_STATE_ORDER, ServiceInfo, TaskInfo, UpdateConfig, UpdateStatus
from .service_parts import Pace
from .stall import rollout_config

_ROLLBACK_STATES = {"rollback_started", "rollback_paused", "rollback_completed"}


@dataclass(frozen=True, slots=True)
class SlotProgress:
    slot: str
    node_id: str
    old_image: str
    new_image: str
    state: str
    updated: bool
    error: str


@dataclass(frozen=True, slots=True)
class Rollout:
    service: ServiceInfo
    state: str
    message: str
    total: int
    updated: int
    slots: tuple[SlotProgress, ...]
    elapsed_s: float | None
    eta_s: float | None
    config: UpdateConfig
    pace: Pace | None = None
    """How it moves (docker/stall.py), when the poller watched it."""

    @property
    def stalled(self) -> bool:
        """In progress, but no slot has moved for longer than monitor + delay + margin."""
        return self.pace is not None and self.pace.stalled and self.status.in_progress

    @property
    def rolled_back(self) -> bool:
        """A failed rollout: the update was undone."""
        return self.status.rolled_back

    @property
    def reason(self) -> str:
        """Why it rolled back, in the daemon's words as the rollback started, when seen;
        else the daemon's message now."""
        return (self.pace.reason if self.pace else "") or self.message

    @property
    def is_rollback(self) -> bool:
        return self.state in _ROLLBACK_STATES

    @property
    def paused(self) -> bool:
        return self.status.paused

    @property
    def finished(self) -> bool:
        return self.status.finished

    @property
    def status(self) -> UpdateStatus:
        return self.service.update_status or UpdateStatus(self.state)


def _current(tasks: list[TaskInfo]) -> TaskInfo | None:
    """The slot's task that counts: desired to run, furthest along (the CLI's choice)."""
    active = [task for task in tasks if task.is_active]
    if not active:
        return None
    return min(
        active,
        key=lambda task: (
            TASK_STATE_ORDER.get(task.desired_state, 99),
            -TASK_STATE_ORDER.get(task.state, 0),
        ),
    )


def rollout_of(
    service: ServiceInfo,
    tasks: list[TaskInfo],
    up_to_date: frozenset[str] | None,
    now: datetime,
    pace: Pace | None = None,
) -> Rollout | None:
    status = service.update_status
    if status is None:
        return None

    def is_current(task: TaskInfo) -> bool:
        return task.id in up_to_date if up_to_date is not None else task.image == service.image

    by_slot: dict[str, list[TaskInfo]] = defaultdict(list)
    for task in tasks:
        by_slot[str(task.slot) if task.slot else task.node_id].append(task)
    slots = []
    for slot, slot_tasks in sorted(by_slot.items(), key=lambda item: _slot_order(item[0])):
        current = _current(slot_tasks)
        if current is None:
            continue
        older = [t for t in slot_tasks if not is_current(t) and t is not current]
        previous = max(older, key=lambda t: t.created_at or now, default=None)
        slot_updated = is_current(current) and current.state == "running"
        slots.append(
            SlotProgress(
                slot=slot,
                node_id=current.node_id,
                old_image=previous.image
                if previous
                else (current.image if not slot_updated else ""),
                new_image=service.image,
                state=current.state,
                updated=slot_updated,
                error=current.error,
            )
        )
    total = service.replicas if service.replicas is not None else len(slots)
    updated = sum(1 for slot in slots if slot.updated)
    elapsed = (now - status.started_at).total_seconds() if status.started_at else None
    if status.completed_at and status.started_at:
        elapsed = (status.completed_at - status.started_at).total_seconds()
    eta = None
    stalled = pace is not None and pace.stalled
    if elapsed is not None and 0 < updated < total and status.in_progress and not stalled:
        eta = elapsed / updated * (total - updated)
    return Rollout(
        service,
        status.state,
        status.message,
        total,
        updated,
        tuple(slots),
        elapsed,
        eta,
        rollout_config(service),
        pace,
    )


def _slot_order(slot: str) -> tuple[int, str]:
    return (int(slot), "") if slot.isdigit() else (1 << 30, slot)
