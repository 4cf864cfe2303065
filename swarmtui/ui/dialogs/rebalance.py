"""The rebalance preview: which tasks a forced update would move, and which of the uneven
services to rebalance (all of them chosen at first)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList, Static

from ...render.text import line


class RebalanceDialog(ModalScreen[tuple[str, ...] | None]):
    """Answers the chosen services' ids in the order listed, or None (cancelled)."""

    BINDINGS = [
        Binding("y", "apply", "Rebalance"),
        Binding("n,escape", "cancel", "Cancel"),
    ]

    def __init__(
        self, preview: Text, services: tuple[tuple[str, str], ...], chosen: frozenset[str]
    ) -> None:
        super().__init__(classes="dialog")
        self.preview = preview
        self.services = services
        """(id, name) of each uneven service."""
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-body"):
            yield Label("Rebalance services spread unevenly?", classes="dialog-title")
            yield Static(self.preview, classes="dialog-prompt")
            yield SelectionList[str](
                *((line(name), key, key in self.chosen) for key, name in self.services),
                id="rebalance-services",
            )
            yield Static(
                "space: choose   y: rebalance the chosen   esc: cancel", classes="dialog-keys"
            )

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_apply(self) -> None:
        picked = set(self.query_one(SelectionList).selected)
        self.dismiss(tuple(key for key, _ in self.services if key in picked) or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
