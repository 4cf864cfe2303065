"""The nodes' vitals on the main screen: read on a timer while it shows (ui/vitals.py), put
into every ClusterView it makes, and drawn again when a node's figures arrive."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual import on
from textual.events import Mount

from ....render.view import ClusterView
from ...panes.nodes import NodesPane
from ...vitals import NodeVitalsRefresher, VitalsRead
from .navigation import Navigation

TICK_S = 2.0
"""How often the nodes due a read are looked for (each is read every vitals.REFRESH_S)."""


class NodeVitalsView(Navigation):
    vitals: NodeVitalsRefresher | None = None
    """Set by the app; None: no node is read and the columns say "off"."""

    @on(Mount)
    def _start_vitals(self) -> None:
        if self.vitals is not None and self.vitals.enabled:
            self.set_interval(TICK_S, self.refresh_vitals)

    def refresh_vitals(self) -> None:
        if self.vitals is not None and self.snapshot is not None:
            self.vitals.refresh(self, self.snapshot.nodes)

    @on(VitalsRead)
    def _vitals_read(self, message: VitalsRead) -> None:
        if self.vitals is not None and self.vitals.arrived(message):
            self.redraw_vitals()

    def redraw_vitals(self) -> None:
        """Only what shows vitals: the nodes pane and the detail (a node's, a task's). The
        whole screen once took a quarter of the idle UI thread at 1000 services, for each
        node's read."""
        view = self.cluster_view()
        if view is None:
            return
        self.query_one(NodesPane).show(view)
        self.redraw_detail(view)

    def with_vitals(self, view: ClusterView, **changes: Any) -> ClusterView:
        """`view` with `changes` and the nodes' vitals read so far."""
        shown = self.vitals.shown if self.vitals is not None else None
        return replace(view, node_vitals=shown, **changes)
