"""The tasks pane: which tasks the selection shows, its title, and the rows."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from rich.text import Text

from ..docker.health import UNASSIGNED, replica_progress
from ..docker.models import Snapshot, TaskInfo
from ..docker.stacks import stacks_of
from ..docker.task_stats import TaskFigures
from .cells import Column, Row, fit_images
from .format import age, short_image
from .palette import Palette
from .selection import Kind, Selection
from .stacks import stack_tasks
from .task_stats import FIGURE_COLUMNS, figure_cells
from .text import MAX_LINE, READING_TASKS, line

TASK_COLUMNS = (
    Column("name", "TASK"),
    Column("node", "NODE"),
    Column("desired", "DESIRED"),
    Column("state", "CURRENT STATE"),
    Column("image", "IMAGE"),
    Column("error", "ERROR"),
)
"""The error last: it is the one long cell, read in full in the detail area, and before the
image it pushed the image (whose tag tells a rollout's old tasks from its new ones) off the
pane's edge."""
TASK_FIGURE_COLUMNS = (*TASK_COLUMNS[:4], *FIGURE_COLUMNS, *TASK_COLUMNS[4:])
"""With node access: each running task's CPU and memory after its state."""


def task_sort_key(task: TaskInfo) -> tuple[object, ...]:
    """As `docker service ps`: by slot (or node), the task desired to run first, then newest
    created first. Not by status time: a task that stopped just after its successor started
    has the newer status, and would sit above the task that replaced it."""
    created = task.created_at or task.state_since
    stamp = created.timestamp() if created else 0.0
    return (
        task.service_name,
        task.slot,
        task.node_id if not task.slot else "",
        not task.is_active,
        -stamp,
    )


def display_task_name(task: TaskInfo, snapshot: Snapshot) -> str:
    """service.slot, or service.hostname for global tasks (the CLI shows the node id)."""
    if task.slot or not task.node_id:
        return task.name
    return f"{task.service_name}.{snapshot.node_name(task.node_id)}"


def task_rows(
    tasks: list[TaskInfo],
    snapshot: Snapshot,
    palette: Palette,
    failing_ids: frozenset[str] | set[str],
    now: datetime,
    width: int | None = None,
    figures: Mapping[str, TaskFigures] | None = None,
) -> list[Row]:
    """The rows, the image column cut to what `width` cells leave it (keeping the tag); with
    `figures`, each task's CPU and memory after its state."""
    rows: list[Row] = []
    for task in sorted(tasks, key=task_sort_key):
        if task.id in failing_ids:
            style = palette.error
        elif not task.is_active:
            style = palette.muted
        elif task.state == "running":
            style = ""
        else:
            style = palette.warning
        state = f"{task.state.capitalize()} {age(task.state_since, now)}"
        name = display_task_name(task, snapshot)
        error = task.error.replace("\n", " ")
        cells: tuple[Text, ...] = (
            line(name if task.is_active else f"\\_ {name}", style=style),
            line(snapshot.node_name(task.node_id)),
            line(task.desired_state.capitalize()),
            line(state, style=style),
        )
        if figures is not None:
            cells += figure_cells(task, figures, palette)
        rest = (
            line(short_image(task.image, MAX_LINE)),
            line(error, style=palette.error if task.is_failure else style),
        )
        rows.append((task.id, (*cells, *rest)))
    columns = TASK_COLUMNS if figures is None else TASK_FIGURE_COLUMNS
    return fit_images(rows, columns, width, {task.id: task.image for task in tasks})


def selected_tasks(
    snapshot: Snapshot, selection: Selection | None, with_history: bool
) -> tuple[Text, list[TaskInfo]]:
    """The tasks pane's title and its tasks for what is selected."""
    if selection is None:
        return Text("Tasks"), []
    kind, key, node_id = selection
    if kind == Kind.STACK:
        stack = next((s for s in stacks_of(snapshot) if s.name == key), None)
        title, tasks = stack_tasks(snapshot, stack, key)
    elif kind == Kind.NODE:
        tasks = snapshot.tasks_on_node(key)
        title = f"Tasks on {snapshot.node_name(key)}"
    else:
        service = snapshot.service_by_id.get(key)
        tasks = snapshot.tasks_of_service(key)
        title = f"Tasks of {service.name if service else key[:12]}"
        if node_id is not None:
            tasks = [task for task in tasks if (task.node_id or UNASSIGNED) == node_id]
            where = snapshot.node_name(node_id) if node_id else "no node yet"
            title += f" on {where}"
        if service is not None:
            progress = replica_progress(service)
            title += f" ({progress.running}/{progress.desired})"
    if not with_history:
        tasks = [task for task in tasks if task.is_active]
    else:
        title += " · with history"
    if not snapshot.tasks_read:
        title += f" · {READING_TASKS}"
    return line(title), tasks
