"""`:top` (or `T`): every running task of the cluster, the busiest first, its figures read
from each node over ssh while this screen shows (ui/task_stats.py), filled node by node; the
line above the table says how fresh each node's figures are, or why a node gives none."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Label

from ...docker.models import Snapshot
from ...docker.task_stats import TOP_ORDERS
from ...render.palette import Palette
from ...render.selection import Kind
from ...render.top import TOP_COLUMNS, node_ages, top_rows, top_title
from ..commands import bindings
from ..panes.key_hints import KeyHints
from ..panes.keyed_table import KeyedTable
from ..task_stats import TaskStats
from ..top_commands import TOP_COMMANDS

REDRAW_S = 1.0


class TopScreen(Screen[None]):
    OWN_COMMANDS = TOP_COMMANDS
    BINDINGS = bindings(TOP_COMMANDS)

    def __init__(
        self,
        stats: TaskStats,
        snapshot: Callable[[], Snapshot | None],
        palette: Palette,
        jump: Callable[[Kind, str], None],
        clock: Callable[[], float],
    ) -> None:
        super().__init__()
        self.stats = stats
        self.snapshot = snapshot
        self.palette = palette
        self.jump = jump
        self.clock = clock
        self.order = TOP_ORDERS[0]

    def compose(self) -> ComposeResult:
        yield Label("Top tasks", id="top-title", classes="pane-title", markup=False)
        yield Label("", id="top-nodes", markup=False)
        yield KeyedTable(TOP_COLUMNS, id="top")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one(KeyedTable).focus()
        self.redraw()
        self.set_interval(REDRAW_S, self.redraw)

    def redraw(self) -> None:
        snapshot = self.snapshot()
        if snapshot is None:
            return
        figures = self.stats.figures
        self.query_one(KeyedTable).sync(top_rows(snapshot, figures, self.order, self.palette))
        self.query_one("#top-title", Label).update(top_title(snapshot, figures, self.order))
        ages = node_ages(snapshot, self.stats.nodes, self.clock(), self.palette)
        ages.rstrip()
        self.query_one("#top-nodes", Label).update(ages)

    def action_toggle_sort(self) -> None:
        self.order = TOP_ORDERS[(TOP_ORDERS.index(self.order) + 1) % len(TOP_ORDERS)]
        self.redraw()

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_jump()

    def action_jump(self) -> None:
        key = self.query_one(KeyedTable).selected_key
        snapshot = self.snapshot()
        task = next((t for t in snapshot.tasks if t.id == key), None) if snapshot else None
        if task is None:
            return
        self.dismiss()
        self.jump(Kind.SERVICE, task.service_id)

    def action_leave(self) -> None:
        self.dismiss()
