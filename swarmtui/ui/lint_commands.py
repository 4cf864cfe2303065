"""The keys of the `:lint` screen, as commands of the one registry (help, palette, keymap)."""

from __future__ import annotations

from .commands import Command

LINT = "Lint screen"

# fmt: off  (a table reads better than one argument per line)
LINT_COMMANDS = (
    Command(
        "lint.fix",
        "u",
        "Fix",
        "Show the highlighted finding's service update as a plan; apply it once confirmed",
        LINT,
        action="fix",
        footer=True,
        writes=True,
    ),
    Command(
        "lint.reread",
        "ctrl+r",
        "Re-read",
        "Read the cluster again and lint it",
        LINT,
        action="reread",
        footer=True,
    ),
    Command(
        "lint.close",
        "escape,q",
        "Close",
        "Back to the dashboard",
        LINT,
        action="leave",
        footer=True,
    ),
)
# fmt: on
