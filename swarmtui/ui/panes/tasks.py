"""[4] Tasks of the selection, with their history; the detail area shows the one under the
cursor while this pane has focus."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.widgets import DataTable

from ...render.cells import Row
from ...render.selection import Selection
from ...render.tasks import TASK_COLUMNS, selected_tasks, task_rows
from ...render.view import ClusterView
from ..messages import TaskHighlighted
from .table_pane import TablePane


def row_text(row: Row) -> str:
    """What `/` looks for in a task's row: every cell's text."""
    return " ".join(getattr(cell, "plain", str(cell)) for cell in row[1])


class TasksPane(TablePane):
    PANE = "tasks"
    COLUMNS = TASK_COLUMNS
    TITLE = "Tasks"

    def show_tasks(self, view: ClusterView, selection: Selection | None, history: bool) -> None:
        title, tasks = selected_tasks(view.snapshot, selection, history)
        rows = task_rows(tasks, view.snapshot, view.palette, view.facts.failing_task_ids, view.now)
        if view.filters.tasks:
            listed = len(rows)
            rows = [row for row in rows if view.filters.task_row(row_text(row))]
            title = Text.assemble(title, f" · filtered {len(rows)}/{listed}")
        self.table.sync(rows)
        self.set_title(Text.assemble("[4] ", title))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is not None and self.table.has_focus:
            self.post_message(TaskHighlighted(event.row_key.value))

    @property
    def focused_task(self) -> str | None:
        """The task under the cursor while the operator is in this pane; None otherwise."""
        return self.table.selected_key if self.table.has_focus else None
