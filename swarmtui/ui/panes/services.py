"""[1] Services: every service with its replica progress, health colour and update state,
those needing attention first unless another order is chosen."""

from __future__ import annotations

from textual import on
from textual.widgets import DataTable

from ...docker.models import Snapshot
from ...render.attention import attention_groups, most_urgent, next_needing, sorted_rows
from ...render.cells import RowMemo
from ...render.image_news import image_marks
from ...render.selection import Kind, Selection
from ...render.services import SERVICE_COLUMNS, service_rows, services_title
from ...render.view import ClusterView
from ..messages import Selected
from .table_pane import TablePane


class ServicesPane(TablePane):
    PANE = "services"
    COLUMNS = SERVICE_COLUMNS
    TITLE = "Services"
    KEY, HELP, FOOTER = "1", "Show the services pane", True
    SLOT = "main"
    WORDS = ("svc", "service")
    SELECTS = Kind.SERVICE

    def names(self, snapshot: Snapshot) -> dict[str, str]:
        return {service.name: service.id for service in snapshot.services}

    def __init__(self) -> None:
        super().__init__()
        self.row_keys: list[str] = []
        self.needing: set[str] = set()
        """Listed services that need attention (not healthy)."""
        self.most_urgent: str | None = None
        self.rows = RowMemo()

    def depends_on(self, view: ClusterView) -> tuple[object, ...]:
        # Of the tasks, a row shows only whether its service fails or cannot be placed.
        facts = view.facts
        return (
            view.snapshot.services,
            facts.failing_ids,
            facts.stuck_ids,
            view.snapshot.stalled,
            view.palette,
            view.filters,
            view.services_sort,
            view.snapshot.tasks_read,
            view.image_checks,
        )

    def draw(self, view: ClusterView) -> None:
        facts, snapshot = view.facts, view.snapshot
        groups = attention_groups(snapshot, facts)
        marks = image_marks(snapshot.services, view.image_checks)
        rows = service_rows(
            snapshot,
            view.palette,
            facts.failing,
            facts.stuck,
            view.filters,
            self.rows,
            self.width,
            marks,
        )
        rows = sorted_rows(rows, snapshot, view.services_sort, groups)
        self.table.sync(rows)
        self.row_keys = [key for key, _ in rows]
        self.needing = {key for key in self.row_keys if groups.get(key, "ok") != "ok"}
        listed = [snapshot.service_by_id[key] for key in self.row_keys]
        self.most_urgent = most_urgent(listed, groups)
        self.set_title(
            services_title(
                rows,
                len(snapshot.services),
                facts.failing,
                view.filters.stack,
                view.services_sort,
                snapshot.tasks_read,
            )
        )

    def next_needing(self) -> str | None:
        """The next listed service after the cursor that needs attention (wrapping)."""
        return next_needing(self.row_keys, self.table.selected_key, self.needing)

    def put_cursor_on(self, service_id: str) -> None:
        if service_id in self.table.rows:
            self.table.move_cursor(row=self.table.get_row_index(service_id))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(Selected(Selection.service(event.row_key.value), "services"))
