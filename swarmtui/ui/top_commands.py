"""The keys of the `:top` screen, as commands of the one registry (help, palette, keymap)."""

from __future__ import annotations

from .commands import Command

TOP = "Top screen"

# fmt: off  (a table reads better than one argument per line)
TOP_COMMANDS = (
    Command(
        "top.sort",
        "s",
        "Sort",
        "By CPU or by memory",
        TOP,
        action="toggle_sort",
        footer=True,
    ),
    Command(
        "top.jump",
        "enter",
        "Service",
        "Go to the task's service",
        TOP,
        action="jump",
        footer=True,
    ),
    Command(
        "top.close",
        "escape,q,T",
        "Close",
        "Back to the dashboard",
        TOP,
        action="leave",
        footer=True,
    ),
)
# fmt: on
