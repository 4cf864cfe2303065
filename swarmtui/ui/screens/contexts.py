"""The context picker (`:ctx`, or "Switch docker context" in the palette): the docker contexts
as `docker context ls` lists them, the one in use and docker's current one marked, each with
its settings from config.toml. Answers the chosen name; empty when left with esc."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...core.context_settings import ContextSettings
from ...docker.contexts import DockerContext, picker_entries
from ...render.text import one_line, shorten

TITLE = "Switch docker context  (enter connects; esc stays)"


def context_row(context: DockerContext, in_use: bool, current: bool, own: ContextSettings) -> Text:
    """One line of the picker, literal text: names and hosts come from files."""
    row = Text("● " if in_use else "  ", style="bold" if in_use else "")
    # Columns cut to fit the picker (about 110 cells): one context a line, however long
    # the names a file gives them.
    row.append(f"{shorten(one_line(context.name), 16):<16} ", style="bold")
    row.append(f"{shorten(one_line(context.host), 40):<40} ")
    row.append("docker's current " if current else " " * 17, style="italic")
    if own.read_only:
        row.append("read-only ", style="bold")
    if own.header_color:
        row.append("■ ", style=own.header_color)
    row.append(shorten(one_line(context.description), 20), style="dim")
    row.no_wrap, row.overflow = True, "ellipsis"
    return row


class ContextPicker(ModalScreen[str]):
    BINDINGS = [Binding("escape", "leave", "Leave", show=False)]

    def __init__(
        self,
        in_use: str,
        configured_at_start: str | None,
        settings_of: Callable[[str], ContextSettings],
    ) -> None:
        super().__init__()
        self.in_use = in_use
        self.configured_at_start = configured_at_start
        self.settings_of = settings_of
        self.note = ""
        """What the picker says above the list: a context changed outside swarmtui."""

    def compose(self) -> ComposeResult:
        with Vertical(id="contexts-body"):
            yield Label(TITLE, markup=False)
            yield Label("", id="contexts-note", markup=False)
            yield OptionList(id="contexts-list")

    async def on_mount(self) -> None:
        # The store is files on disk: read on a thread, never on the event loop.
        entries, configured = await asyncio.to_thread(picker_entries, os.environ)
        options = self.query_one(OptionList)
        for context in entries:
            row = context_row(
                context,
                context.name == self.in_use,
                context.name == configured,
                self.settings_of(context.name),
            )
            options.add_option(Option(row, id=context.name))
        names = [context.name for context in entries]
        if self.in_use in names:
            options.highlighted = names.index(self.in_use)
        started = self.configured_at_start
        if started is not None and configured != started:
            # `docker context use` ran meanwhile: said here, never followed on its own.
            self.note = f"current context is now {configured} (changed outside swarmtui)"
            self.query_one("#contexts-note", Label).update(Text(one_line(self.note)))
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id or "")

    def action_leave(self) -> None:
        self.dismiss("")
