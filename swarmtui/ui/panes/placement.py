"""[3] Placement: services × nodes; a cell selects that service's tasks on that node."""

from __future__ import annotations

from textual import on
from textual.widgets import DataTable

from ...docker.health import UNASSIGNED, placement
from ...render.cells import RowMemo
from ...render.placement import placement_columns, placement_rows, placement_title
from ...render.selection import Kind, Selection
from ...render.text import READING_TASKS
from ...render.view import ClusterView
from ..messages import Selected
from .table_pane import TablePane


class PlacementPane(TablePane):
    PANE = "placement"
    COLUMNS = ()
    TITLE = "Placement"
    KEY, HELP, FOOTER = "3", "Show the service × node placement grid", True
    SLOT = "under"
    SELECTS = Kind.SERVICE

    def __init__(self) -> None:
        super().__init__()
        self.rows = RowMemo()

    def on_mount(self) -> None:
        self.table.cursor_type = "cell"

    def depends_on(self, view: ClusterView) -> tuple[object, ...]:
        snapshot, facts = view.snapshot, view.facts
        return (
            snapshot.services,
            snapshot.nodes,
            placement(snapshot),
            facts.failing_ids,
            facts.stuck_ids,
            view.palette,
            view.filters,
            snapshot.tasks_read,
            snapshot.stalled,
        )

    def draw(self, view: ClusterView) -> None:
        snapshot, facts = view.snapshot, view.facts
        if not snapshot.tasks_read:  # no row of zeros: where tasks run is not known yet
            self.table.sync([])
            self.set_title(f"{placement_title(snapshot)} · {READING_TASKS}")
            return
        cells = placement(snapshot)
        unplaced = any(node_id == UNASSIGNED for _, node_id in cells)
        columns = placement_columns(snapshot, unplaced)
        self.table.set_columns(columns)
        self.table.sync(
            placement_rows(
                snapshot,
                cells,
                columns,
                view.palette,
                facts.failing,
                facts.stuck,
                view.filters,
                self.rows,
            )
        )
        self.set_title(placement_title(snapshot))

    @on(DataTable.CellHighlighted)
    def _highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        service_id = event.cell_key.row_key.value
        if service_id is None:
            return
        column = event.cell_key.column_key.value
        node = None if column in (None, "service") else column
        self.post_message(Selected(Selection.service(service_id, node), "placement"))
