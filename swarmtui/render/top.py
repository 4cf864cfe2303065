"""`:top`: every running task of the cluster, the busiest first, and how fresh each node's
figures are ("node2: 3 s ago", or why the node gives none)."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text

from ..docker.models import Snapshot
from ..docker.task_stats import NodeReading, TaskFigures, measured, top_tasks
from .cells import Column, Row
from .format import size
from .palette import Palette
from .task_stats import cpu_text, memory_text
from .tasks import display_task_name
from .text import line, literal

TOP_COLUMNS = (
    Column("name", "TASK"),
    Column("node", "NODE"),
    Column("cpu", "CPU"),
    Column("mem", "MEM"),
    Column("share", "MEM %"),
)


def top_rows(
    snapshot: Snapshot, figures: Mapping[str, TaskFigures], by: str, palette: Palette
) -> list[Row]:
    rows: list[Row] = []
    for task, shown in top_tasks(snapshot.tasks, figures, by):
        share = shown.memory_share or 0.0
        red = palette.error if shown.near_limit else ""
        rows.append(
            (
                task.id,
                (
                    line(display_task_name(task, snapshot)),
                    line(snapshot.node_name(task.node_id)),
                    line(cpu_text(shown), style="bold" if by == "cpu" else ""),
                    line(memory_text(shown.memory_used, shown.memory_limit), style=red),
                    line(f"{share:.0%}", style=red),
                ),
            )
        )
    return rows


def node_ages(
    snapshot: Snapshot, nodes: Mapping[str, NodeReading], now: float, palette: Palette
) -> Text:
    """One line per node running tasks: how long ago its figures came, or why none came."""
    text = Text()
    running = {task.node_id for task in snapshot.tasks if measured(task)}
    for node in sorted(snapshot.nodes, key=lambda node: node.hostname):
        if node.id not in running:
            continue
        reading = nodes.get(node.id)
        text.append_text(line(f"{node.hostname}: ", style="bold"))
        if reading is None:
            text.append("reading…", style=palette.muted)
        elif reading.problem:
            text.append_text(literal(reading.problem, style=palette.warning))
        elif reading.read_at is not None:
            text.append(f"{max(0, round(now - reading.read_at))} s ago")
        text.append("\n")
    return text


def top_title(snapshot: Snapshot, figures: Mapping[str, TaskFigures], by: str) -> str:
    running = sum(1 for task in snapshot.tasks if measured(task))
    known = len(top_tasks(snapshot.tasks, figures, by))
    order = "CPU" if by == "cpu" else "memory"
    other = "memory" if by == "cpu" else "CPU"
    used = sum(shown.memory_used for _, shown in top_tasks(snapshot.tasks, figures, by))
    return (
        f"Top tasks by {order} · {known} of {running} running tasks measured, "
        f"{size(used)} in all · s sorts by {other}"
    )
