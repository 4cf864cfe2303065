"""The placement grid: services × nodes, running tasks per cell, plus the tasks no node has."""

from __future__ import annotations

from rich.text import Text

from ..docker.health import UNASSIGNED, PlacementCell, service_health
from ..docker.models import Snapshot, TaskInfo
from .cells import Column, Row
from .filters import Filters
from .palette import Palette
from .text import line

PLACEMENT_TITLE = (
    "[3] Placement: running tasks per service and node  (+n starting/pending, ✗n failing)"
)


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
    filters: Filters | None = None,
) -> list[Row]:
    filters = filters or Filters()
    node_keys = [column.key for column in columns[1:]]
    rows: list[Row] = []
    for service in snapshot.services:
        if not filters.service(service):
            continue
        health = service_health(service, failing, stuck)
        name = line(service.name, style=palette.for_health(health) if health != "ok" else "")
        row: list[Text] = [name]
        for key in node_keys:
            node_id = UNASSIGNED if key == "unassigned" else key
            row.append(placement_cell(cells.get((service.id, node_id)), palette))
        rows.append((service.id, tuple(row)))
    return rows
