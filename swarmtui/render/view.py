"""What every pane renders from: one snapshot with the facts derived from its tasks.

The facts (which slots fail now, which services cannot be placed) cost a pass over every
task, so they are computed once per task list, not once per pane or per redraw.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from ..docker.health import failing_services, failing_slots, unschedulable
from ..docker.models import Snapshot, TaskInfo
from ..docker.task_logs import TaskLog
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

    @classmethod
    def of(cls, tasks: tuple[TaskInfo, ...]) -> TaskFacts:
        slots = failing_slots(tasks)
        return cls(
            failing=failing_services(tasks),
            failing_task_ids=frozenset(task.id for task in slots.values()),
            stuck=unschedulable(tasks),
        )


class TaskFactsCache:
    """Keeps the facts of the last task list; a new list (by identity) computes them again."""

    def __init__(self, compute: Callable[[tuple[TaskInfo, ...]], TaskFacts] = TaskFacts.of):
        self._compute = compute
        self._tasks: tuple[TaskInfo, ...] | None = None
        self._facts = TaskFacts()

    def facts(self, tasks: tuple[TaskInfo, ...]) -> TaskFacts:
        if tasks is not self._tasks:
            self._facts = self._compute(tasks)
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
