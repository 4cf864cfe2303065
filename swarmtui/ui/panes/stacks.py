"""[5] Stacks: services, tasks, networks, secrets and configs per stack; enter opens one."""

from __future__ import annotations

from textual import on
from textual.widgets import DataTable

from ...docker.models import Snapshot
from ...docker.stacks import stacks_of
from ...render.selection import Kind, Selection
from ...render.stacks import STACK_COLUMNS, stack_rows, stacks_title
from ...render.view import ClusterView
from ..messages import Selected, StackChosen
from .table_pane import TablePane


class StacksPane(TablePane):
    PANE = "stacks"
    COLUMNS = STACK_COLUMNS
    TITLE = "Stacks"
    KEY, FOOTER = "5", True
    HELP = "Show the stacks pane: services, tasks, networks, secrets and configs per stack"
    WORDS = ("stack",)
    SELECTS = Kind.STACK

    def names(self, snapshot: Snapshot) -> dict[str, str]:
        return {stack.name: stack.name for stack in stacks_of(snapshot)}

    def depends_on(self, view: ClusterView) -> tuple[object, ...]:
        return (*super().depends_on(view), view.snapshot.stalled)

    def draw(self, view: ClusterView) -> None:
        stacks = stacks_of(view.snapshot)
        # An opened stack narrows the services, not the list of stacks.
        facts = view.facts
        stalled = view.snapshot.stalled
        rows = stack_rows(stacks, view.palette, facts.failing, facts.stuck, view.filters, stalled)
        self.table.sync(rows)
        self.set_title(stacks_title(len(rows), len(stacks)))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(Selected(Selection.stack(event.row_key.value), "stacks"))

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(StackChosen(event.row_key.value))
