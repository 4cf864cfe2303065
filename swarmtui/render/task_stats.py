"""Tasks' CPU and memory as cells and detail lines: `12.3%`, `48MiB/64MiB`, red near the limit
or when the out-of-memory killer ended a task; a node that cannot be reached is `—` in its
tasks' cells and its one sentence in the detail. Pure: ui/task_stats.py reads the figures."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text

from ..docker.models import TaskInfo
from ..docker.task_stats import TaskFigures, may_be_oom, measured, sums
from .cells import Column
from .format import size
from .palette import Palette
from .text import line, literal

FIGURE_COLUMNS = (Column("cpu", "CPU"), Column("mem", "MEM"))
UNKNOWN = "—"
WAITING = "…"
OOM_CELL = "OOM-killed"


def cpu_text(figures: TaskFigures) -> str:
    return WAITING if figures.cpu_percent is None else f"{figures.cpu_percent:.1f}%"


def memory_text(used: int, limit: int) -> str:
    return f"{size(used)}/{size(limit)}"


def figure_cells(
    task: TaskInfo, figures: Mapping[str, TaskFigures], palette: Palette
) -> tuple[Text, Text]:
    """The CPU and MEM cells of a task's row: empty for a task that does not run."""
    shown = figures.get(task.id)
    if not measured(task) or shown is None:
        if shown is not None and shown.oom_killed:
            return line(""), line(OOM_CELL, style=f"bold {palette.error}")
        waiting = measured(task)
        return line(WAITING if waiting else "", style=palette.muted), line(
            WAITING if waiting else "", style=palette.muted
        )
    if shown.problem:
        return line(UNKNOWN, style=palette.muted), line(UNKNOWN, style=palette.muted)
    memory = memory_text(shown.memory_used, shown.memory_limit)
    return line(cpu_text(shown)), line(memory, style=palette.error if shown.near_limit else "")


def figure_lines(task: TaskInfo, figures: Mapping[str, TaskFigures], palette: Palette) -> Text:
    """The task detail's lines: its CPU and memory, or why they are unknown, or the OOM kill."""
    text = Text()
    shown = figures.get(task.id)
    if shown is not None and shown.oom_killed:
        text.append("Out of memory: ", style=f"bold {palette.error}")
        text.append(
            "its container was killed by the kernel's out-of-memory killer (State.OOMKilled "
            "on its node).\n",
            style=palette.error,
        )
    if not measured(task):
        return text
    if shown is None:
        return text.append("CPU, memory: reading from its node…\n", style=palette.muted)
    if shown.problem:
        text.append("CPU, memory: ", style="bold")
        text.append_text(literal(f"unknown: {shown.problem}", style=palette.warning))
        return text.append("\n")
    text.append("CPU: ", style="bold")
    text.append(cpu_text(shown) if shown.cpu_percent is not None else "reading…")
    text.append("  Memory: ", style="bold")
    share = shown.memory_share or 0.0
    style = palette.error if shown.near_limit else ""
    text.append(
        f"{size(shown.memory_used)} of {size(shown.memory_limit)} ({share:.0%})", style=style
    )
    if shown.near_limit:
        text.append("  near its limit", style=f"bold {palette.error}")
    return text.append("\n")


def sums_line(tasks: list[TaskInfo], figures: Mapping[str, TaskFigures], palette: Palette) -> Text:
    """The service detail's line: its running tasks' figures added up (empty: none known)."""
    total = sums(tasks, figures)
    text = Text()
    if total is None:
        return text
    text.append("Tasks use: ", style="bold")
    text.append(f"CPU {total.cpu_percent:.1f}%  memory {size(total.memory_used)}")
    text.append(f" of {size(total.memory_limit)}")
    if total.known < total.of:
        text.append(f"  ({total.known} of {total.of} tasks known)", style=palette.muted)
    oom = sum(1 for task in tasks if may_be_oom(task) and figures.get(task.id, _NONE).oom_killed)
    if oom:
        text.append(f"  {oom} OOM-killed", style=f"bold {palette.error}")
    return text.append("\n")


_NONE = TaskFigures()
