"""Node vitals as cells, detail lines and pointers: amber and red past the thresholds.

Thresholds (stated in README's "Node access"): load per CPU above 1 amber, above 2 red;
memory available under 15 % amber, under 5 % red; docker data root free space under 15 %
amber, under 5 % red.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text

from ..docker.models import NodeInfo, Snapshot, TaskInfo
from ..docker.node_vitals import NodeVitals
from .format import size
from .palette import Palette
from .text import line, visible

LOAD_AMBER, LOAD_RED = 1.0, 2.0
MEM_AMBER, MEM_RED = 15.0, 5.0
DISK_AMBER, DISK_RED = 15.0, 5.0
NONE = "—"
NO_SPACE = "no space left on device"
OOM_WORDS = ("oom", "out of memory")
OOM_EXIT = 137
"""SIGKILL: how the kernel's OOM killer ends a container (a manual kill looks the same)."""

Vitals = Mapping[str, NodeVitals]


def load_colour(vitals: NodeVitals, palette: Palette) -> str:
    per = vitals.load_per_cpu
    return "" if per is None else _above(per, LOAD_AMBER, LOAD_RED, palette)


def mem_colour(vitals: NodeVitals, palette: Palette) -> str:
    pct = vitals.mem_available_pct
    return "" if pct is None else _below(pct, MEM_AMBER, MEM_RED, palette)


def disk_colour(vitals: NodeVitals, palette: Palette) -> str:
    pct = vitals.disk_free_pct
    return "" if pct is None else _below(pct, DISK_AMBER, DISK_RED, palette)


def _above(value: float, amber: float, red: float, palette: Palette) -> str:
    return palette.error if value > red else palette.warning if value > amber else ""


def _below(value: float, amber: float, red: float, palette: Palette) -> str:
    return palette.error if value < red else palette.warning if value < amber else ""


def _pct(value: float | None, space: str = "") -> str:
    return "?" if value is None else f"{value:.0f}{space}%"


def vitals_cells(node_id: str, vitals: Vitals | None, palette: Palette) -> tuple[Text, ...]:
    """LOAD, MEM AVAIL, DISK FREE: figures; `off` without node access; `…` before the first
    read; a short reason and `—` for a node not reached (its detail says why)."""
    if vitals is None:
        return tuple(line("off", style=palette.muted) for _ in range(3))
    read = vitals.get(node_id)
    if read is None:
        return tuple(line("…", style=palette.muted) for _ in range(3))
    if read.error:
        word = "refused" if read.refused else "unreachable"
        return (line(word, style=palette.warning), line(NONE), line(NONE))
    per = read.load_per_cpu
    load = f"{read.load1:.2f}" if read.load1 is not None else "?"
    load += f" ({per:.2f}/cpu)" if per is not None else ""
    return (
        line(load, style=load_colour(read, palette)),
        line(
            f"{size(read.mem_available)} {_pct(read.mem_available_pct)}",
            style=mem_colour(read, palette),
        ),
        line(
            f"{size(read.disk_free)} {_pct(read.disk_free_pct)}", style=disk_colour(read, palette)
        ),
    )


def vitals_detail(node: NodeInfo, vitals: Vitals | None, palette: Palette) -> Text:
    """The node detail's lines: each figure with its colour, or why there are none."""
    text = Text()
    if vitals is None:
        return text
    read = vitals.get(node.id)
    if read is None:
        text.append("Vitals: ", style="bold")
        text.append("reading over ssh…\n", style=palette.muted)
        return text
    if read.error:
        text.append("Not reached: ", style=f"bold {palette.warning}")
        text.append(visible(read.error.rstrip(".") + "."), style=palette.warning)
        text.append("\n")
        return text
    if read.load1 is not None:
        per = read.load_per_cpu
        each = f", {per:.2f} per CPU on {read.cpus}" if per is not None else ""
        _row(text, "Load:", f"{read.load1:.2f} (1 minute){each}", load_colour(read, palette))
    _row(
        text,
        "Memory available:",
        f"{size(read.mem_available)} of {size(read.mem_total)} ({_pct(read.mem_available_pct)})",
        mem_colour(read, palette),
    )
    _row(
        text,
        "Disk free:",
        f"{size(read.disk_free)} of {size(read.disk_total)} ({_pct(read.disk_free_pct)}) "
        f"on {read.root}",
        disk_colour(read, palette),
    )
    return text


def _row(text: Text, label: str, value: str, style: str) -> None:
    text.append(f"{label} ", style="bold")
    text.append(visible(value), style=style)
    text.append("\n")


def task_cause(task: TaskInfo) -> str:
    """ "disk" for a task that failed for want of space, "memory" for one OOM-killed, else ""."""
    words = f"{task.error} {task.message}".lower()
    if NO_SPACE in words:
        return "disk"
    if any(word in words for word in OOM_WORDS) or (task.is_failure and task.exit_code == OOM_EXIT):
        return "memory"
    return ""


def task_pointer(task: TaskInfo, snapshot: Snapshot, vitals: Vitals | None) -> str:
    """For a task that ran out of disk or memory: its node's figure ("node2: disk 2 % free"),
    or why there is none; "" for any other task, or without node access."""
    cause = task_cause(task)
    if not cause:
        return ""
    name = snapshot.node_name(task.node_id) or "its node"
    read = vitals.get(task.node_id) if vitals is not None else None
    if vitals is None:
        return ""  # node access is off: nothing to point at
    if read is None:
        return f"{name}: its {cause} is being read"
    if read.error:
        return f"{name}: not reached ({read.error.rstrip('.')})"
    if cause == "disk":
        free = _pct(read.disk_free_pct, " ")
        return f"{name}: disk {free} free ({size(read.disk_free)} on {read.root})"
    return (
        f"{name}: {_pct(read.mem_available_pct, ' ')} memory available ({size(read.mem_available)})"
    )


def task_pointer_colour(task: TaskInfo, vitals: Vitals | None, palette: Palette) -> str:
    read = vitals.get(task.node_id) if vitals is not None else None
    if read is None or read.error:
        return palette.muted
    cause = task_cause(task)
    return disk_colour(read, palette) if cause == "disk" else mem_colour(read, palette)
