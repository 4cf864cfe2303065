"""What every pane renders from: one snapshot with the facts derived from its tasks.

The facts (which slots fail now, which services cannot be placed) cost a pass over every
task, so they are computed once per task list, not once per pane or per redraw.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from ..docker.health import services_of, slot_failures, unschedulable
from ..docker.image_checks import ImageCheck
from ..docker.models import Snapshot, TaskInfo
from ..docker.node_vitals import NodeVitals
from ..docker.task_logs import TaskLog
from ..docker.task_stats import TaskFigures
from .filters import Filters
from .palette import Palette


@dataclass(frozen=True)
class TaskFacts:
    """Per-snapshot facts every pane needs; computed once per new task list."""

    failing: dict[str, TaskInfo] = field(default_factory=dict)
    """Services failing now, each with its newest current failure."""
    failing_task_ids: frozenset[str] = frozenset()
    stuck: dict[str, TaskInfo] = field(default_factory=dict)
    """Services with a task the scheduler cannot place, with one such task."""
    settles_at: datetime | None = None
    """When a restarted slot stops counting as failing: the facts are stale from then."""
    failing_ids: frozenset[str] = frozenset()
    stuck_ids: frozenset[str] = frozenset()
    """Which services fail or cannot be placed: all a service's row depends on, so a pane
    compares these (by value) to know a new task list changed nothing it shows."""

    @classmethod
    def of(cls, tasks: tuple[TaskInfo, ...], now: datetime | None = None) -> TaskFacts:
        failures = slot_failures(tasks, now)
        failing, stuck = services_of(failures.slots), unschedulable(tasks)
        return cls(
            failing=failing,
            failing_task_ids=frozenset(task.id for task in failures.slots.values()),
            stuck=stuck,
            settles_at=failures.settles_at,
            failing_ids=frozenset(failing),
            stuck_ids=frozenset(stuck),
        )


class TaskFactsCache:
    """Keeps the facts of the last task list; a new list (by identity) computes them again, and
    so does the moment a restarted slot has run long enough to count as recovered."""

    def __init__(
        self,
        compute: Callable[[tuple[TaskInfo, ...], datetime | None], TaskFacts] = TaskFacts.of,
    ):
        self._compute = compute
        self._tasks: tuple[TaskInfo, ...] | None = None
        self._facts = TaskFacts()

    def facts(self, tasks: tuple[TaskInfo, ...], now: datetime | None = None) -> TaskFacts:
        settles_at = self._facts.settles_at
        stale = settles_at is not None and (now is None or now >= settles_at)
        if tasks is not self._tasks or stale:
            self._facts = self._compute(tasks, now)
            self._tasks = tasks
        return self._facts


@dataclass(frozen=True)
class ClusterView:
    """Everything a pane needs to draw itself; a new one is made whenever any part changes."""

    snapshot: Snapshot
    facts: TaskFacts
    palette: Palette
    filters: Filters
    now: datetime
    read_only: bool = False
    services_sort: str = "attention"
    """The services pane's order (core.config.SERVICE_SORTS)."""
    task_logs: Mapping[str, TaskLog] | None = None
    """Failed tasks' last lines read so far, by task id; None: no log reader (no words)."""
    node_vitals: Mapping[str, NodeVitals] | None = None
    """Each node's vitals read so far, by node id; None: node access is off."""
    task_figures: Mapping[str, TaskFigures] | None = None
    """Running tasks' CPU and memory from their nodes, by task id; None: node access is off
    (no figure columns, no figure lines)."""
    image_checks: Mapping[str, ImageCheck] | None = None
    """What the manager said of each image's tag, by reference; None: image checks are off."""
