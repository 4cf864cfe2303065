"""The placement grid: services × nodes, running tasks per cell, plus the tasks no node has."""

from __future__ import annotations

from functools import partial

from rich.text import Text

from ..docker.health import UNASSIGNED, PlacementCell, service_health
from ..docker.models import Snapshot, TaskInfo
from ..docker.rebalance import uneven
from .cells import Column, Row, RowMemo
from .filters import Filters
from .palette import Palette
from .text import line

PLACEMENT_TITLE = (
    "[3] Placement: running tasks per service and node  (+n starting/pending, ✗n failing)"
)
UNEVEN_MARK = " ⇄"
"""After a service's name: its tasks are spread unevenly over its eligible nodes."""
UNEVEN_TITLE = f"  ·{UNEVEN_MARK} uneven: B rebalances"


def placement_title(snapshot: Snapshot) -> str:
    return PLACEMENT_TITLE + (UNEVEN_TITLE if uneven(snapshot) else "")


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
    memo: RowMemo | None = None,
) -> list[Row]:
    filters = filters or Filters()
    memo = RowMemo() if memo is None else memo
    node_ids = tuple(UNASSIGNED if column.key == "unassigned" else column.key
                     for column in columns[1:])  # fmt: skip
    rows: list[Row] = []
    spread = uneven(snapshot)
    for service in snapshot.services:
        if not filters.service(service):
            continue
        health = service_health(service, failing, stuck, snapshot.stalled)
        counts = tuple(cells.get((service.id, node_id)) for node_id in node_ids)
        marked = service.id in spread
        rows.append(
            memo.row(
                service.id,
                (service.name, health, counts, palette, node_ids, marked),
                partial(_placement_row, service.id, service.name, health, counts, palette, marked),
            )
        )
    memo.keep(key for key, _ in rows)
    return rows


def _placement_row(
    service_id: str,
    name: str,
    health: str,
    counts: tuple[PlacementCell | None, ...],
    palette: Palette,
    marked: bool = False,
) -> Row:
    title = line(name, style=palette.for_health(health) if health != "ok" else "")
    if marked:
        title.append(UNEVEN_MARK, style=f"bold {palette.warning}")
    return service_id, (title, *(placement_cell(cell, palette) for cell in counts))
