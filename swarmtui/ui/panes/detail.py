"""The detail area beside the tasks: the selection, or the focused task, in full."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class DetailPane(VerticalScroll):
    def __init__(self) -> None:
        super().__init__(id="detail-pane", classes="pane")
        self.shown: Text | None = None
        """The text on screen: a poll that changed nothing here must not lay the pane out."""

    def compose(self) -> ComposeResult:
        yield Static("", id="detail")

    def show(self, text: Text) -> None:
        if text == self.shown and text.style == self.shown.style:
            return
        self.shown = text
        detail = self.query_one("#detail", Static)
        detail.update(text)
        # A second layout once this one is done: a text that arrives while the last one is
        # still being laid out (its last lines, just read) kept the old text's height, and
        # the bottom line was cut off until the next change.
        self.call_after_refresh(detail.refresh, layout=True)

    def show_waiting(self) -> None:
        self.show(Text("Waiting for the first snapshot…"))
