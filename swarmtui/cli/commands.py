"""The headless commands' parser: `swarmtui [options] stack rm|deploy …`, split from the
dashboard's options and run without Textual. The exit codes are headless.py's."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.config import Settings
from ..docker.errors import SwarmError
from .headless import EXIT_DAEMON, Headless
from .lint import add_lint
from .output import Parser, fail
from .report import add_report
from .stack_deploy import add_stack_deploy
from .stack_rm import add_stack_rm
from .wait import add_wait

STACK_COMMANDS: list[Callable[[Any], None]] = [add_stack_rm, add_stack_deploy]
"""Each adds one `swarmtui stack …` subcommand; its parser's `run` default does the work."""

DESCRIPTION = (
    "Commands for scripts and CI, without the dashboard: `swarmtui [options] stack rm STACK`, "
    "`swarmtui [options] report`, `swarmtui [options] lint`, `swarmtui [options] wait SERVICE…`."
)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="swarmtui", description=DESCRIPTION)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    stack = commands.add_parser(
        "stack",
        help="manage stacks as `docker stack` does",
        description="Manage stacks as `docker stack` does.",
    )
    stack_commands = stack.add_subparsers(dest="stack_command", required=True, metavar="COMMAND")
    for add in STACK_COMMANDS:
        add(stack_commands)
    add_report(commands)
    add_lint(commands)
    add_wait(commands)
    return parser


def run(argv: list[str], settings: Settings, replay: Path | None = None) -> int:
    """Run one headless command; argparse's own usage errors exit 2 as well."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args, Headless(settings, replay))
    except SwarmError as error:  # no client could be made: a context or a TLS file is wrong
        return fail(str(error), EXIT_DAEMON)
    return code
