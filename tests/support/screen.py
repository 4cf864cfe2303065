"""Reading and driving the dashboard's screen: the same over a recording and against the lab."""

from __future__ import annotations

import io

from rich.console import Console
from textual.command import CommandPalette
from textual.widgets import Input

from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.panes.keyed_table import KeyedTable
from swarmtui.ui.screens.logs import LogsScreen

from .waiting import on_top, palette_searched, wait_for


def table(app: SwarmTuiApp, name: str) -> KeyedTable:
    return app.main.query_one(f"#{name}", KeyedTable)


def plain_rows(app: SwarmTuiApp, name: str) -> list[list[str]]:
    """The table as text, row by row."""
    data = table(app, name)
    return [
        [str(getattr(cell, "plain", cell)) for cell in data.get_row_at(index)]
        for index in range(data.row_count)
    ]


def shown_rows(app: SwarmTuiApp, name: str) -> dict[str, list[str]]:
    """The table as text, keyed by its first column."""
    return {cells[0]: cells for cells in plain_rows(app, name)}


def detail_text(app: SwarmTuiApp) -> str:
    return str(app.main.query_one("#detail").render())


def rendered_text(renderable: object, width: int = 120) -> str:
    """A Rich renderable (the help screen's table, say) as the plain text it prints."""
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def select_node(app: SwarmTuiApp, hostname: str) -> None:
    nodes = table(app, "nodes")
    node = next(n for n in app.snapshot.nodes if n.hostname == hostname)
    nodes.move_cursor(row=nodes.get_row_index(node.id))


def select_service(app: SwarmTuiApp, name: str) -> None:
    services = table(app, "services")
    service = next(s for s in app.snapshot.services if s.name == name)
    services.move_cursor(row=services.get_row_index(service.id))


async def run_from_palette(pilot, command: str) -> None:  # noqa: ANN001
    """Open the command palette, type `command`, wait for its matches, take the first."""
    await pilot.press("ctrl+p")
    await on_top(pilot, CommandPalette)
    await pilot.press(*command)
    await palette_searched(pilot)
    await pilot.press("enter")
    await wait_for(
        pilot, lambda: not isinstance(pilot.app.screen, CommandPalette), what="the palette to go"
    )
    await pilot.pause()  # the command runs once the palette is gone


async def prompt(pilot, key: str, value: str) -> None:  # noqa: ANN001
    """Press `key`, put `value` in the dialog it opens (typing is slow) and press enter; back
    once the dialog is gone and what its answer does on the screen under it has run."""
    under = pilot.app.screen
    await pilot.press(key)
    await wait_for(
        pilot,
        lambda: pilot.app.screen is not under and bool(pilot.app.screen.query(Input)),
        what=f"the dialog of {key}",
    )
    dialog = pilot.app.screen
    dialog.query_one(Input).value = value
    await pilot.press("enter")
    await wait_for(pilot, lambda: pilot.app.screen is not dialog, what=f"the dialog of {key} to go")
    await pilot.pause()  # its answer is handled by the screen under it, after the dialog goes


async def detail_shows(pilot, text: str) -> str:  # noqa: ANN001
    """Wait for the detail area to contain `text`, and return what it shows."""
    await wait_for(pilot, lambda: text in detail_text(pilot.app), what=f"{text!r} in the detail")
    return detail_text(pilot.app)


async def open_logs(pilot, lines: int) -> LogsScreen:  # noqa: ANN001
    """Press `g` and wait for the logs screen and at least `lines` lines in it."""
    await pilot.press("g")
    screen = await on_top(pilot, LogsScreen)
    await wait_for(pilot, lambda: len(screen.view.entries) >= lines, what=f"{lines} log lines")
    return screen
