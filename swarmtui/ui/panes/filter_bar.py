"""The `/` prompt: filters services, nodes and stacks by name as you type."""

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

    @dataclass
    class Closed(Message):
        """Enter was pressed: the prompt hides and the filter stays."""

    def __init__(self) -> None:
        super().__init__(placeholder="filter services and nodes by name", id="filter")

    def on_mount(self) -> None:
        self.display = False

    def open(self, value: str) -> None:
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
        self.post_message(self.Edited(event.value.strip()))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.display = False
        self.post_message(self.Closed())
