"""[2] Nodes: role, availability, state, tasks and resources of every node."""

from __future__ import annotations

from textual import on
from textual.widgets import DataTable

from ...docker.models import Snapshot
from ...render.nodes import NODE_COLUMNS, node_rows, nodes_title
from ...render.selection import Kind, Selection
from ...render.view import ClusterView
from ..messages import Selected
from .table_pane import TablePane


class NodesPane(TablePane):
    PANE = "nodes"
    COLUMNS = NODE_COLUMNS
    TITLE = "Nodes"
    KEY, HELP, FOOTER = "2", "Show the nodes pane", True
    WORDS = ("node", "no")
    SELECTS = Kind.NODE

    def names(self, snapshot: Snapshot) -> dict[str, str]:
        return {node.hostname: node.id for node in snapshot.nodes}

    def depends_on(self, view: ClusterView) -> tuple[object, ...]:
        return (*super().depends_on(view), view.node_vitals)

    def draw(self, view: ClusterView) -> None:
        self.table.sync(node_rows(view.snapshot, view.palette, view.filters, view.node_vitals))
        self.set_title(nodes_title(view.snapshot))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(Selected(Selection.of_node(event.row_key.value), "nodes"))
