"""[4] Tasks of the selection, with their history; the detail area shows the one under the
cursor while this pane has focus."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Label

from ...docker.models import TaskInfo
from ...render.cells import Row
from ...render.selection import Selection
from ...render.tasks import TASK_COLUMNS, TASK_FIGURE_COLUMNS, selected_tasks, task_rows
from ...render.view import ClusterView
from ..messages import TaskHighlighted
from ..task_stats import TaskStats
from .keyed_table import KeyedTable
from .table_pane import TablePane


def row_text(row: Row) -> str:
    """What `/` looks for in a task's row: every cell's text."""
    return " ".join(getattr(cell, "plain", str(cell)) for cell in row[1])


class TasksPane(TablePane):
    PANE = "tasks"
    COLUMNS = TASK_COLUMNS
    TITLE = "Tasks"

    def __init__(self, stats: TaskStats | None = None) -> None:
        super().__init__()
        self._shown: tuple[ClusterView, Selection | None, bool] | None = None
        self._stats = stats
        """Where its rows' CPU and memory come from; None: node access is off, no columns."""
        self.shown: list[TaskInfo] = []
        """The tasks listed now (the task figures are read for these)."""

    def compose(self) -> ComposeResult:
        yield Label(self.TITLE, classes="pane-title", id="tasks-title", markup=False)
        yield KeyedTable(TASK_COLUMNS if self._stats is None else TASK_FIGURE_COLUMNS, id="tasks")

    def on_resize(self) -> None:
        # The rows were cut for the old width.
        if self._shown is not None:
            self.show_tasks(*self._shown)

    def show_tasks(self, view: ClusterView, selection: Selection | None, history: bool) -> None:
        self._shown = (view, selection, history)
        title, tasks = selected_tasks(view.snapshot, selection, history)
        failing = view.facts.failing_task_ids
        figures = self._stats.figures if self._stats is not None else None
        rows = task_rows(tasks, view.snapshot, view.palette, failing, view.now, self.width, figures)
        if view.filters.tasks:
            listed = len(rows)
            rows = [row for row in rows if view.filters.task_row(row_text(row))]
            title = Text.assemble(title, f" · filtered {len(rows)}/{listed}")
            kept = {row[0] for row in rows}
            tasks = [task for task in tasks if task.id in kept]
        self.shown = tasks
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
