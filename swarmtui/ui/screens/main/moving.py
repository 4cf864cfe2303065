"""The main screen's side of a move to another endpoint (another docker context, or another
manager on failover): the old endpoint's data goes, the view stays, the selection is found
again by name, and the header says where we are now."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ....render.selection import Named, by_names, from_names
from ....render.view import TaskFactsCache
from ...panes.header import ClusterHeader
from ...panes.keyed_table import KeyedTable
from .navigation import Navigation


class Moving(Navigation):
    read_only: bool
    endpoint: str
    clock: Callable[[], datetime]
    _facts: TaskFactsCache
    context: tuple[str, str] = ("", "")
    """The docker context's name and header colour (config.toml), for the header."""

    def make_header(self) -> ClusterHeader:
        header = ClusterHeader(self.endpoint, self.clock, id="header")
        header.read_only = self.read_only
        header.context, header.context_color = self.context
        return header

    def moved(self, endpoint: str, context: str, color: str, read_only: bool) -> Named | None:
        """Drop what was read from the old endpoint, keep the view; returns the selection by
        names, to find again in the first new snapshot. Writes hide (or show) at once, as the
        new endpoint's read_only says."""
        named = by_names(self.selection, self.snapshot)
        self.snapshot, self.selection, self._facts = None, None, TaskFactsCache()
        self.read_only = read_only
        for header in self.headers():
            header.moved(endpoint, context, color, read_only)
        self.refresh_bindings()
        return named

    def show_route(self, route: str) -> None:
        """Which manager we reach after a failover, and why; empty: none."""
        for header in self.headers():
            header.route = route

    def show_note(self, note: str) -> None:
        for header in self.headers():
            header.message = note

    def reselect(self, named: Named) -> None:
        """Put the cursor back on what was selected before the move, where its name exists."""
        if self.snapshot is None:
            return
        selection = from_names(named, self.snapshot)
        if selection is None:
            return
        view = {"service": "services", "node": "nodes", "stack": "stacks"}[selection.kind]
        table = self.query_one(f"#{view}", KeyedTable)
        if selection.key in table.rows:
            table.move_cursor(row=table.get_row_index(selection.key))
        self.select(selection)
