"""The `?` screen: every command from the registry, with its key and what it does."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import groupby

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...render.text import line
from ..commands import HELP, Command, visible
from ..registry import visible_commands
from ..screen_commands import SCREEN_COMMANDS

NAVIGATION = (
    ("↑ ↓ pgup pgdn", "Move in the focused table"),
    ("ctrl+home ctrl+end", "First / last row of the focused table"),
    ("tab / shift+tab", "Move between panes"),
    ("← →", "Move between nodes in the placement grid"),
    ("mouse", "Click a row or cell to select it"),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "app.pop_screen", "Close", key_display="esc"),
    ]

    def __init__(self, read_only: bool, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.read_only = read_only
        self.keymap = keymap or {}
        self.table = self._table()

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(self.table, id="help-text")

    def _table(self) -> Table:
        table = Table(box=None, show_header=False, padding=(0, 2), expand=True)
        table.add_column("key", style="bold", no_wrap=True, min_width=14)
        table.add_column("what")
        table.add_column("id", style="dim", no_wrap=True)
        title = "swarmtui — keys" + (
            " (read-only: write actions are hidden)" if self.read_only else ""
        )
        table.add_row(Text(title, style="bold underline"), "")
        commands = sorted(visible_commands(self.read_only), key=lambda command: command.group)
        for group, members in groupby(commands, key=lambda command: command.group):
            table.add_row("", "")
            table.add_row(Text(group, style="bold"), "")
            for command in members:
                self._add(table, command)
        table.add_row("", "")
        table.add_row(Text("Navigation", style="bold"), "")
        for keys, what in NAVIGATION:
            table.add_row(Text(keys), Text(what))  # a Rich Table reads a str as markup
        for heading, own in SCREEN_COMMANDS.items():
            table.add_row("", "")
            table.add_row(Text(heading, style="bold"), "")
            for command in visible(own, self.read_only):
                if command is not HELP:
                    self._add(table, command)
        table.add_row("", "")
        table.add_row(
            "",
            Text(
                "Press esc to close. Ctrl+P searches all commands, services and nodes. "
                "The ids on the right are what a [keymap] table in config.toml rebinds.",
                style="italic",
            ),
        )
        return table

    def _add(self, table: Table, command: Command) -> None:
        table.add_row(
            line(command.all_keys(self.keymap)),  # keys come from config.toml
            Text(f"{command.title}: {command.help}"),
            Text(command.id),
        )
