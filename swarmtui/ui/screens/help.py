"""The `?` screen: every command from the registry, with its key and what it does."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import groupby

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.padding import Padding
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


KEYS_WIDTH = 12
"""The keys column at most: a longer binding (from a keymap) wraps in it, so the descriptions
keep the width."""
MIN_DESCRIPTION = 36
"""Narrower than this beside a column of ids, the ids go under the descriptions instead."""
GAP = 2

Row = tuple[Text, Text, Text]
"""Keys, what the command does, its id."""


class HelpTable:
    """Sections of keys, each under its heading, in columns as wide in every section: the
    keys column narrow and fixed, the descriptions taking the rest. Laid out for the width
    it is drawn at, so an 80-column terminal wraps a description in a few lines, not one word
    a line."""

    def __init__(self, title: Text, sections: list[tuple[str, list[Row]]], footer: Text) -> None:
        self.title, self.sections, self.footer = title, sections, footer

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rows = [row for _, section in self.sections for row in section]
        keys_width = min(KEYS_WIDTH, max(cell_len(keys.plain) for keys, _, _ in rows))
        id_width = max(cell_len(command_id.plain) for _, _, command_id in rows)
        ids_apart = options.max_width - keys_width - id_width - 5 * GAP >= MIN_DESCRIPTION
        yield Padding(self.title, (0, GAP))
        for heading, section in self.sections:
            yield Text("")
            yield Padding(Text(heading, style="bold"), (0, GAP))
            table = Table(box=None, show_header=False, padding=(0, GAP), expand=True)
            table.add_column("key", style="bold", width=keys_width)
            table.add_column("what", ratio=1)
            if ids_apart:
                table.add_column("id", style="dim", width=id_width, no_wrap=True)
            for keys, what, command_id in section:
                if ids_apart:
                    table.add_row(keys, what, command_id)
                else:
                    table.add_row(keys, Text.assemble(what, "  ", (command_id.plain, "dim")))
            yield table
        yield Text("")
        yield Padding(self.footer, (0, GAP))


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

    def _table(self) -> HelpTable:
        title = "swarmtui — keys" + (
            " (read-only: write actions are hidden)" if self.read_only else ""
        )
        sections: list[tuple[str, list[Row]]] = []
        commands = sorted(visible_commands(self.read_only), key=lambda command: command.group)
        for group, members in groupby(commands, key=lambda command: command.group):
            sections.append((group, [self._row(command) for command in members]))
        # Text, not str: a Rich Table reads a str as markup.
        sections.append(("Navigation", [(Text(k), Text(w), Text("")) for k, w in NAVIGATION]))
        for heading, own in SCREEN_COMMANDS.items():
            shown = [c for c in visible(own, self.read_only) if c is not HELP]
            sections.append((heading, [self._row(command) for command in shown]))
        footer = Text(
            "Press esc to close. Ctrl+P searches all commands, services and nodes. "
            "The ids beside the descriptions are what a [keymap] table in config.toml rebinds.",
            style="italic",
        )
        return HelpTable(Text(title, style="bold underline"), sections, footer)

    def _row(self, command: Command) -> Row:
        return (
            line(command.all_keys(self.keymap)),  # keys come from config.toml
            Text(f"{command.title}: {command.help}"),
            Text(command.id),
        )
