"""The main screen following the cursor: the selection changes at once, the tasks and detail
for it are drawn just after the cursor is painted."""

from __future__ import annotations

from ....render.selection import Selection
from .navigation import Navigation


class Following(Navigation):
    def select(self, selection: Selection) -> None:
        if selection == self.selection:
            return
        kind_changed = self.selection is None or self.selection.kind != selection.kind
        self.selection = selection
        if kind_changed:
            self.refresh_bindings()  # service and node actions trade places in the footer
        # The cursor is painted first, the tasks and detail that follow it just after: on a
        # loaded machine (a node's tasks rescheduled, 300 of them in the tasks pane) a key
        # waited for both before anything moved. Keys held down draw the last selection once.
        if not self._selection_behind:
            self._selection_behind = True
            self.call_after_refresh(self.settle_selection)

    def settle_selection(self) -> None:
        """Draw the tasks and detail for the selection now, if a cursor move left them behind;
        what reads them (a focus on the tasks pane, an action) asks for this first."""
        if self._selection_behind:
            self.redraw_selection()
