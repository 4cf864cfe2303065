"""[2] Nodes: role, availability, state, tasks and resources of every node."""

from __future__ import annotations

from textual import on
from textual.widgets import DataTable

from ...render.nodes import NODE_COLUMNS, node_rows, nodes_title
from ...render.selection import Selection
from ...render.view import ClusterView
from ..messages import Selected
from .table_pane import TablePane


class NodesPane(TablePane):
    PANE = "nodes"
    COLUMNS = NODE_COLUMNS
    TITLE = "Nodes"

    def draw(self, view: ClusterView) -> None:
        self.table.sync(node_rows(view.snapshot, view.palette, view.filters))
        self.set_title(nodes_title(view.snapshot))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(Selected(Selection.of_node(event.row_key.value), "nodes"))
