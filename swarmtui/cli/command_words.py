"""Where the dashboard's options end and a headless command begins. Apart from the commands
themselves, so that starting the dashboard does not import them (stack deploy's compose
loader and YAML, the report's renderers: a tenth of a second of the first screen)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

COMMANDS = ("stack", "report", "serve", "lint", "wait")
"""Words that start a headless command instead of the dashboard."""


def split_command(
    parser: argparse.ArgumentParser, argv: Sequence[str]
) -> tuple[list[str], list[str] | None]:
    """Split `[dashboard options] COMMAND …` at the first command word that is not the value
    of an option (`--context stack` names a context); None when there is no command."""
    takes_value = {
        option
        for action in parser._actions
        if action.nargs != 0
        for option in action.option_strings
    }
    index = 0
    while index < len(argv):
        token = argv[index]
        if token in COMMANDS:
            return list(argv[:index]), list(argv[index:])
        if token in takes_value:
            index += 1  # skip the option's value (argparse would take it the same way)
        index += 1
    return list(argv), None
