"""The one registry of commands: key bindings, the command palette and the help screen all
come from here, so a key can never be listed in one place and missing from another."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Command:
    id: str
    keys: str
    """Comma-separated Textual key names; the first is the one shown."""
    action: str
    """An action on the main screen (`screen.` is implied)."""
    title: str
    help: str
    group: str = "General"
    footer: bool = False
    writes: bool = False
    """Changes the cluster: hidden and refused in read-only mode."""
    palette: bool = True

    @property
    def display_key(self) -> str:
        key = self.keys.split(",")[0]
        return {
            "question_mark": "?",
            "slash": "/",
            "escape": "esc",
            "ctrl+r": "^r",
            "ctrl+p": "^p",
        }.get(key, key)

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.title,
            show=self.footer,
            key_display=self.display_key,
            id=self.id,
            tooltip=self.help,
        )


COMMANDS: tuple[Command, ...] = (
    Command("view.services", "1", "show_view('services')", "Services",
            "Show the services pane", "Views", footer=True),
    Command("view.nodes", "2", "show_view('nodes')", "Nodes",
            "Show the nodes pane", "Views", footer=True),
    Command("view.placement", "3", "show_view('placement')", "Placement",
            "Show the service × node placement grid", "Views", footer=True),
    Command("view.tasks", "4", "focus_tasks", "Tasks",
            "Move to the tasks of the selected service or node", "Views", footer=True),
    Command("tasks.history", "h", "toggle_history", "History",
            "Show or hide finished tasks (the task history) in the tasks pane", "Views",
            footer=True),
    Command("filter", "slash", "filter", "Filter",
            "Filter services and nodes by name", "Views", footer=True),
    Command("filter.clear", "escape", "clear_filter", "Clear filter",
            "Clear the name filter", "Views", palette=False),
    Command("refresh", "ctrl+r,f5", "refresh_now", "Refresh",
            "Re-read the whole cluster now", "Data", footer=True),
    Command("pause", "P", "toggle_pause", "Pause",
            "Pause or resume live refresh (the data on screen stays)", "Data", footer=True),
    Command("help", "question_mark", "app.show_help", "Help",
            "Show every key and command", "General", footer=True),
    Command("palette", "ctrl+p", "app.command_palette", "Commands",
            "Open the command palette (jump to a service or node, theme, …)", "General",
            palette=False),
    Command("quit", "q", "app.quit", "Quit", "Leave swarmtui", "General", footer=True),
)


def visible_commands(read_only: bool) -> Iterable[Command]:
    return (command for command in COMMANDS if not (read_only and command.writes))


def bindings(read_only: bool = False) -> list[Binding]:
    return [command.binding() for command in visible_commands(read_only)]
