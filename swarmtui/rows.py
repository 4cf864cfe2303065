"""Pure row renderers: a snapshot in, table columns and keyed rows of rich Text out.

Kept free of widgets so they are unit-tested against recorded API JSON; the panes only diff
the rows into their tables. Colours come from a Palette the app builds from its theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text

from .docker.health import (
    UNASSIGNED,
    PlacementCell,
    Progress,
    replica_progress,
    service_health,
)
from .docker.models import NodeInfo, ServiceInfo, Snapshot, TaskInfo
from .format import age, cpus, short_image, size

Cell = Text | str
Row = tuple[str, tuple[Cell, ...]]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int | None = None


@dataclass(frozen=True)
class Palette:
    """Concrete colours for table cells, taken from the theme's semantic variables."""

    success: str = "green"
    warning: str = "yellow"
    error: str = "red"
    accent: str = "cyan"
    muted: str = "grey50"

    def for_health(self, health: str) -> str:
        return {
            "ok": self.success,
            "failing": self.error,
            "paused": self.error,
            "pending": self.warning,
            "updating": self.accent,
            "converging": self.warning,
        }.get(health, "")


BAR_WIDTH = 8


def progress_bar(progress: Progress, colour: str, muted: str) -> Text:
    filled = round(progress.ratio * BAR_WIDTH)
    text = Text("━" * filled, style=colour)
    text.append("─" * (BAR_WIDTH - filled), style=muted)
    text.append(f" {progress.running}/{progress.desired}")
    return text


SERVICE_COLUMNS = (
    Column("name", "SERVICE"),
    Column("replicas", "REPLICAS", BAR_WIDTH + 8),
    Column("mode", "MODE"),
    Column("image", "IMAGE"),
    Column("ports", "PORTS"),
    Column("update", "UPDATE"),
)


def update_label(service: ServiceInfo) -> str:
    status = service.update_status
    return status.state.replace("_", " ") if status else ""


def service_row(
    service: ServiceInfo,
    health: str,
    palette: Palette,
) -> Row:
    colour = palette.for_health(health)
    # Rows that need a look stand out by name too, not only by their bar.
    bold = "bold " if health in ("failing", "paused") else ""
    name = Text(service.name, style=f"{bold}{colour}" if health != "ok" else "")
    mode = service.mode if not service.is_global else "global"
    return (
        service.id,
        (
            name,
            progress_bar(replica_progress(service), colour, palette.muted),
            mode,
            short_image(service.image),
            ", ".join(str(port) for port in service.ports),
            Text(update_label(service), style=colour if service.update_status else ""),
        ),
    )


def service_rows(
    snapshot: Snapshot,
    palette: Palette,
    failing: dict[str, TaskInfo],
    stuck: dict[str, TaskInfo],
    name_filter: str = "",
    stack: str = "",
) -> list[Row]:
    """`stack` lists only that stack's services (an opened stack); empty lists all."""
    needle = name_filter.lower()
    return [
        service_row(service, service_health(service, failing, stuck), palette)
        for service in snapshot.services
        if needle in service.name.lower() and (not stack or service.stack == stack)
    ]


NODE_COLUMNS = (
    Column("hostname", "NODE"),
    Column("role", "ROLE"),
    Column("availability", "AVAIL"),
    Column("state", "STATE"),
    Column("tasks", "TASKS"),
    Column("addr", "ADDRESS"),
    Column("cpu", "CPU"),
    Column("memory", "MEMORY"),
    Column("engine", "ENGINE"),
    Column("labels", "LABELS"),
)


def node_role(node: NodeInfo) -> str:
    if not node.is_manager:
        return "worker"
    if node.is_leader:
        return "leader"
    return f"manager ({node.reachability})" if node.reachability != "reachable" else "manager"


def node_rows(snapshot: Snapshot, palette: Palette, name_filter: str = "") -> list[Row]:
    running: dict[str, int] = {}
    for task in snapshot.tasks:
        if task.is_active and task.state == "running":
            running[task.node_id] = running.get(task.node_id, 0) + 1
    needle = name_filter.lower()
    rows: list[Row] = []
    for node in snapshot.nodes:
        if needle not in node.hostname.lower():
            continue
        state_colour = palette.success if node.is_ready else palette.error
        avail_colour = "" if node.availability == "active" else palette.warning
        role_colour = palette.accent if node.is_leader else ""
        if node.is_manager and node.reachability == "unreachable":
            role_colour = palette.error
        rows.append(
            (
                node.id,
                (
                    Text(node.hostname, style="bold" if node.is_leader else ""),
                    Text(node_role(node), style=role_colour),
                    Text(node.availability, style=avail_colour),
                    Text(node.state, style=state_colour),
                    str(running.get(node.id, 0)),
                    node.addr,
                    cpus(node.nano_cpus),
                    size(node.memory_bytes),
                    node.engine_version,
                    " ".join(f"{k}={v}" for k, v in node.labels),
                ),
            )
        )
    return rows


TASK_COLUMNS = (
    Column("name", "TASK"),
    Column("node", "NODE"),
    Column("desired", "DESIRED"),
    Column("state", "CURRENT STATE"),
    Column("error", "ERROR"),
    Column("image", "IMAGE"),
)


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
    failing_ids: set[str],
    now: datetime,
) -> list[Row]:
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
        rows.append(
            (
                task.id,
                (
                    Text(name if task.is_active else f"\\_ {name}", style=style),
                    snapshot.node_name(task.node_id),
                    task.desired_state.capitalize(),
                    Text(state, style=style),
                    Text(error, style=palette.error if task.is_failure else style),
                    short_image(task.image),
                ),
            )
        )
    return rows


def placement_columns(snapshot: Snapshot, with_unassigned: bool) -> tuple[Column, ...]:
    columns = [Column("service", "SERVICE \\ NODE")]
    columns.extend(Column(node.id, node.hostname) for node in snapshot.nodes)
    if with_unassigned:
        columns.append(Column(UNASSIGNED or "unassigned", "UNPLACED"))
    return tuple(columns)


def placement_cell(cell: PlacementCell | None, palette: Palette) -> Text:
    if cell is None or cell.empty:
        return Text("·", style=palette.muted, justify="center")
    text = Text(justify="center")
    if cell.running:
        text.append(str(cell.running), style=palette.success)
    if cell.starting:
        text.append(f"+{cell.starting}" if cell.running else str(cell.starting), palette.warning)
    if cell.failing:
        text.append(f" ✗{cell.failing}", style=f"bold {palette.error}")
    return text


def placement_rows(
    snapshot: Snapshot,
    cells: dict[tuple[str, str], PlacementCell],
    columns: tuple[Column, ...],
    palette: Palette,
    failing: dict[str, TaskInfo],
    stuck: dict[str, TaskInfo],
    name_filter: str = "",
    stack: str = "",
) -> list[Row]:
    needle = name_filter.lower()
    node_keys = [column.key for column in columns[1:]]
    rows: list[Row] = []
    for service in snapshot.services:
        if needle not in service.name.lower() or (stack and service.stack != stack):
            continue
        health = service_health(service, failing, stuck)
        name = Text(service.name, style=palette.for_health(health) if health != "ok" else "")
        row = [name]
        for key in node_keys:
            node_id = UNASSIGNED if key == "unassigned" else key
            row.append(placement_cell(cells.get((service.id, node_id)), palette))
        rows.append((service.id, tuple(row)))
    return rows
