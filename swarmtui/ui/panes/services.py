"""[1] Services: every service with its replica progress, health colour and update state."""

from __future__ import annotations

from textual import on
from textual.widgets import DataTable

from ...render.selection import Selection
from ...render.services import SERVICE_COLUMNS, service_rows, services_title
from ...render.view import ClusterView
from ..messages import Selected
from .table_pane import TablePane


class ServicesPane(TablePane):
    PANE = "services"
    COLUMNS = SERVICE_COLUMNS
    TITLE = "Services"

    def draw(self, view: ClusterView) -> None:
        facts, snapshot = view.facts, view.snapshot
        rows = service_rows(snapshot, view.palette, facts.failing, facts.stuck, view.filters)
        self.table.sync(rows)
        self.set_title(
            services_title(rows, len(snapshot.services), facts.failing, view.filters.stack)
        )

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(Selected(Selection.service(event.row_key.value), "services"))
