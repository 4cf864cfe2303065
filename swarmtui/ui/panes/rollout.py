"""The rollout panel: opens beside the tasks while the selected service updates or rolls back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from ...docker.rollout import Rollout
from ...render.rollout import rollout_detail, rollout_title
from ...render.view import ClusterView


class RolloutPane(VerticalScroll):
    def __init__(self) -> None:
        super().__init__(id="rollout-pane", classes="pane")

    def compose(self) -> ComposeResult:
        yield Label("Rollout", classes="pane-title", id="rollout-title", markup=False)
        yield Static("", id="rollout")

    def show(self, rollout: Rollout, view: ClusterView) -> None:
        self.query_one("#rollout-title", Label).update(rollout_title(rollout))
        self.query_one("#rollout", Static).update(
            rollout_detail(rollout, view.snapshot, view.palette)
        )
