"""The keys of the `:top` screen, as commands of the one registry (help, palette, keymap)."""

from __future__ import annotations

from .commands import HELP, Command

TOP = "Top screen"

# fmt: off  (a table reads better than one argument per line)
TOP_COMMANDS = (
    Command(
        "top.sort",
        "s",
        "Sort",
        "Sort the tasks by CPU or by memory (each press the other)",
        TOP,
        action="toggle_sort",
        footer=True,
    ),
    Command(
        "top.jump",
        "enter",
        "Go to service",
        "Go to the highlighted task's service on the main screen",
        TOP,
        action="jump",
        footer=True,
    ),
    Command(
        "top.close",
        "escape,q,T",
        "Close",
        "Back to the dashboard (the figures stop being read)",
        TOP,
        action="leave",
        footer=True,
    ),
    HELP,
)
# fmt: on
