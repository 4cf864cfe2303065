"""The keys of the screens opened over the dashboard (logs, inspect, events, join tokens, the
swarm and the unlock prompt), as commands of the one registry: their bindings come from here,
so help, the palette and the user's keymap know them by id exactly as they know the main
screen's."""

from __future__ import annotations

from .commands import HELP, Command
from .lint_commands import LINT, LINT_COMMANDS
from .swarm_commands import (
    NEW_KEY,
    NEW_KEY_COMMANDS,
    SWARM,
    SWARM_COMMANDS,
    UNLOCK,
    UNLOCK_COMMANDS,
)
from .top_commands import TOP, TOP_COMMANDS

LOGS = "Logs screen"
INSPECT = "Inspect screen"
EVENTS = "Events screen"
JOIN = "Join tokens screen"

# fmt: off  (a table reads better than one argument per line)
LOGS_COMMANDS = (
    Command(
        "logs.close",
        "escape",
        "Close",
        "Close the logs (the streams stop)",
        LOGS,
        action="close",
        footer=True,
    ),
    Command(
        "logs.filter",
        "f",
        "Filter",
        "Filter lines by text (any case), /regex/, or !text to hide what matches",
        LOGS,
        action="filter('text')",
        footer=True,
    ),
    Command(
        "logs.task",
        "T",
        "Task",
        "Only one task's lines (web.3); empty shows all again",
        LOGS,
        action="filter('task')",
        footer=True,
    ),
    Command(
        "logs.node",
        "O",
        "Node",
        "Only one node's lines; empty shows all again",
        LOGS,
        action="filter('node')",
        footer=True,
    ),
    Command(
        "logs.tail",
        "t",
        "Tail",
        "Lines per task to start from (a number, or all)",
        LOGS,
        action="tail",
        footer=True,
    ),
    Command(
        "logs.since",
        "S",
        "Since",
        "Start from a time: 30s, 10m, 2h or a date and time",
        LOGS,
        action="since",
        footer=True,
    ),
    Command(
        "logs.pause",
        "p,space",
        "Pause",
        "Pause or resume following (lines keep coming into the buffer)",
        LOGS,
        action="pause",
        footer=True,
    ),
    Command("logs.wrap", "w", "Wrap", "Wrap long lines", LOGS, action="wrap", footer=True),
    Command(
        "logs.search",
        "slash",
        "Search",
        "Search: highlight the matches",
        LOGS,
        action="search",
        footer=True,
    ),
    Command("logs.next", "n", "Next", "Next search match", LOGS, action="find(True)", footer=True),
    Command(
        "logs.previous",
        "N",
        "Previous",
        "Previous search match",
        LOGS,
        action="find(False)",
        footer=True,
    ),
    Command(
        "logs.save",
        "s",
        "Save",
        "Save the filtered lines to a file",
        LOGS,
        action="save",
        footer=True,
    ),
    HELP,
)

INSPECT_COMMANDS = (
    Command(
        "inspect.json",
        "j",
        "JSON / YAML",
        "Show the inspect as JSON, or as YAML again",
        INSPECT,
        action="toggle_json",
        footer=True,
    ),
    Command(
        "inspect.reveal",
        "r",
        "Reveal secrets",
        "Show or mask again the values whose names look secret (never in read-only mode)",
        INSPECT,
        action="reveal",
        footer=True,
        reveals=True,
    ),
    Command(
        "inspect.search",
        "slash",
        "Search",
        "Search the document",
        INSPECT,
        action="search",
        footer=True,
    ),
    Command(
        "inspect.next",
        "n",
        "Next match",
        "Next search match",
        INSPECT,
        action="next(1)",
        footer=True,
    ),
    Command(
        "inspect.previous",
        "N",
        "Previous match",
        "Previous search match",
        INSPECT,
        action="next(-1)",
        footer=True,
    ),
    Command(
        "inspect.reread",
        "ctrl+r,f5",
        "Read again",
        "Read the object again from the manager (the status line says when it was read)",
        INSPECT,
        action="reread",
    ),
    Command(
        "inspect.close",
        "escape,q,y",
        "Close",
        "Back to where inspect was opened",
        INSPECT,
        action="leave",
        footer=True,
    ),
    HELP,
)

EVENTS_COMMANDS = (
    Command(
        "events.filter",
        "slash",
        "Filter",
        "Filter the events by any text (re: for a regular expression)",
        EVENTS,
        action="filter",
        footer=True,
    ),
    Command(
        "events.jump",
        "enter",
        "Go to object",
        "Go to the event's service or node on the main screen, or its network, secret "
        "or config view",
        EVENTS,
        action="jump",
        footer=True,
    ),
    Command(
        "events.close",
        "escape,q,E",
        "Close",
        "Back to the dashboard",
        EVENTS,
        action="leave",
        footer=True,
    ),
    HELP,
)

JOIN_COMMANDS = (
    Command(
        "join.reveal",
        "t",
        "Reveal tokens",
        "Show or mask the join tokens",
        JOIN,
        action="toggle_reveal",
        footer=True,
        reveals=True,
    ),
    Command(
        "join.copy_worker",
        "w",
        "Copy worker command",
        "Copy the command that joins a worker",
        JOIN,
        action="copy('worker')",
        footer=True,
        reveals=True,
    ),
    Command(
        "join.copy_manager",
        "m",
        "Copy manager command",
        "Copy the command that joins a manager",
        JOIN,
        action="copy('manager')",
        footer=True,
        reveals=True,
    ),
    Command(
        "join.rotate_worker",
        "W",
        "Rotate worker token",
        "Replace the worker join token (machines already joined stay)",
        JOIN,
        action="rotate('worker')",
        footer=True,
        writes=True,
    ),
    Command(
        "join.rotate_manager",
        "M",
        "Rotate manager token",
        "Replace the manager join token (machines already joined stay)",
        JOIN,
        action="rotate('manager')",
        footer=True,
        writes=True,
    ),
    Command(
        "join.close",
        "escape,q,J",
        "Close",
        "Back to the dashboard",
        JOIN,
        action="dismiss",
        footer=True,
    ),
)
# fmt: on

SCREEN_COMMANDS: dict[str, tuple[Command, ...]] = {
    LOGS: LOGS_COMMANDS,
    INSPECT: INSPECT_COMMANDS,
    EVENTS: EVENTS_COMMANDS,
    JOIN: JOIN_COMMANDS,
    SWARM: SWARM_COMMANDS,
    UNLOCK: UNLOCK_COMMANDS,
    NEW_KEY: NEW_KEY_COMMANDS,
    TOP: TOP_COMMANDS,
    LINT: LINT_COMMANDS,
}
"""Each screen's commands, under the heading help gives them."""
