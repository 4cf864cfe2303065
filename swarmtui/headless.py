"""Commands for scripts and CI, without the dashboard: `swarmtui [options] stack rm STACK`.

`cli.main` hands over everything from the first command name on (see `split_command`); the
options before it (--host, --context, --config, --read-only) work as for the dashboard.
Another `stack` subcommand is one more function in STACK_COMMANDS.

Exit codes, for every command:
  0  done
  1  not confirmed: the plan was printed, nothing changed (add --yes)
  2  invalid input: a usage error, an unknown stack, or read-only mode
  3  the daemon failed or refused (unreachable, not a manager, an object it would not remove)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .core.audit import AuditLog, default_audit_path
from .core.config import Settings
from .docker.api import DockerApi, SwarmApi
from .docker.connection import resolve_endpoint
from .docker.errors import SwarmError, WriteRefused
from .docker.models import StackObject
from .docker.reader import SwarmReader
from .docker.replay import ReplayApi
from .docker.stacks import plan_removal, remove_stack, summary

T = TypeVar("T")
EXIT_OK, EXIT_NOT_CONFIRMED, EXIT_INVALID, EXIT_DAEMON = 0, 1, 2, 3
READ_ONLY = (
    "swarmtui runs read-only (--read-only, or read_only in its config): nothing was changed."
)


@dataclass
class Headless:
    """What every command gets: the settings, a way to reach the daemon, and the audit log."""

    settings: Settings
    replay: Path | None = None

    def api(self) -> SwarmApi:
        if self.replay is not None:
            return ReplayApi(self.replay)
        return DockerApi(resolve_endpoint(self.settings.host, self.settings.context))

    def audit(self, api: SwarmApi, cluster: str) -> AuditLog:
        return AuditLog(default_audit_path(), cluster, api.endpoint.display)

    def write(
        self,
        api: SwarmApi,
        cluster: str,
        action: str,
        target: str,
        params: dict[str, Any],
        change: Callable[[], T],
    ) -> T | int:
        """Make one audited change, as the dashboard's run_write does: refused (exit code
        EXIT_INVALID) in read-only mode, otherwise `change()`'s result; a daemon error is
        recorded as failed and raised for the command's own exit code."""
        audit = self.audit(api, cluster)
        if self.settings.read_only:
            audit.record(action, target, params, "refused", READ_ONLY)
            return fail(READ_ONLY, EXIT_INVALID)
        try:
            result = change()
        except SwarmError as error:
            audit.record(action, target, params, "failed", str(error))
            raise
        audit.record(action, target, params, "ok")
        return result


def say(line: str) -> None:
    print(line, flush=True)  # progress, line by line, for a CI log


def fail(message: str, code: int) -> int:
    print(f"swarmtui: {message}", file=sys.stderr, flush=True)
    return code


# `swarmtui stack rm` --------------------------------------------------------------------------


def add_stack_rm(commands: Any) -> None:
    rm = commands.add_parser(
        "rm",
        help="remove a stack's services, secrets, configs and networks",
        description="Remove everything carrying the label com.docker.stack.namespace=STACK, "
        "in docker stack rm's order: services, secrets, configs, networks (volumes stay). "
        "A network still in use by stopping tasks is retried for about 20 s.",
    )
    rm.add_argument("stack", metavar="STACK")
    rm.add_argument(
        "-y",
        "--yes",
        action="store_true",
        help="remove it; without --yes, only print what would be removed",
    )
    rm.set_defaults(run=stack_rm)


def stack_rm(args: argparse.Namespace, headless: Headless) -> int:
    api = headless.api()
    try:
        cluster = SwarmReader(api).check_manager()
        removal = plan_removal(api, args.stack)
        what = summary(removal.objects)
        if not args.yes:
            say(f"Stack {removal.stack} has {what}:")
            for item in removal.objects:
                say(f"  {item.kind} {item.name}")
            return fail(
                f"Nothing was removed: add --yes to remove stack {removal.stack}.",
                EXIT_NOT_CONFIRMED,
            )

        def removed(item: StackObject) -> None:
            say(f"Removed {item.kind} {item.name}.")

        refused = headless.write(
            api,
            cluster.swarm_id,
            "remove-stack",
            removal.stack,
            {"objects": what},
            lambda: remove_stack(api, removal, removed=removed, retrying=say),
        )
        if isinstance(refused, int):
            return refused
        say(f"Removed stack {removal.stack} ({what}).")
        return EXIT_OK
    except WriteRefused as error:
        return fail(str(error), EXIT_INVALID)
    except SwarmError as error:
        return fail(str(error), EXIT_DAEMON)
    finally:
        api.close()


STACK_COMMANDS: list[Callable[[Any], None]] = [add_stack_rm]
"""Each adds one `swarmtui stack …` subcommand; its parser's `run` default does the work."""

COMMANDS = ("stack",)
"""Words that start a headless command instead of the dashboard."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="swarmtui", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    stack = commands.add_parser(
        "stack",
        help="manage stacks as `docker stack` does",
        description="Manage stacks as `docker stack` does.",
    )
    stack_commands = stack.add_subparsers(dest="stack_command", required=True, metavar="COMMAND")
    from .headless_deploy import add_stack_deploy  # it builds on this module's helpers

    for add in (*STACK_COMMANDS, add_stack_deploy):
        add(stack_commands)
    return parser


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


def main(argv: list[str], settings: Settings, replay: Path | None = None) -> int:
    """Run one headless command; argparse's own usage errors exit 2 as well."""
    args = build_parser().parse_args(argv)
    return args.run(args, Headless(settings, replay))  # type: ignore[no-any-return]
