"""The `/` prompt: filters the cluster views by name as you type, or, opened from the tasks
pane, the tasks by any text in their row."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.message import Message
from textual.widgets import Input


class FilterBar(Input):
    @dataclass
    class Edited(Message):
        """The filter text changed."""

        value: str
        target: str
        """"name" (the cluster views) or "tasks"."""

    @dataclass
    class Closed(Message):
        """Enter was pressed: the prompt hides and the filter stays."""

    def __init__(self) -> None:
        super().__init__(placeholder="filter by name (re: for a regular expression)", id="filter")
        self.target = "name"

    def on_mount(self) -> None:
        self.display = False

    def open(self, value: str, target: str = "name") -> None:
        self.target = target
        self.placeholder = (
            "filter these tasks by any text in their row (re: for a regular expression)"
            if target == "tasks"
            else "filter by name (re: for a regular expression)"
        )
        self.display = True
        self.value = value
        self.focus()

    def close(self, clear: bool = False) -> None:
        if clear:
            self.value = ""
        self.display = False

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Edited(event.value.strip(), self.target))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.display = False
        self.post_message(self.Closed())
