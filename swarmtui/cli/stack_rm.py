"""`swarmtui stack rm STACK [--yes]`: print what the stack holds, and remove it with --yes in
`docker stack rm`'s order. Exit codes are headless.py's."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.writes import Write
from ..docker.errors import SwarmError, WriteRefused
from ..docker.models import StackObject
from ..docker.reader import SwarmReader
from ..docker.stacks import plan_removal, remove_stack, summary
from ..docker.writes import SwarmWriter
from .headless import (
    EXIT_DAEMON,
    EXIT_INVALID,
    EXIT_NOT_CONFIRMED,
    EXIT_OK,
    Headless,
    exit_unless_ok,
)
from .output import fail, say


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

        def remove(writer: SwarmWriter) -> None:
            remove_stack(writer.api, removal, removed=removed, retrying=say)

        outcome = headless.write(
            Write("remove-stack", removal.stack, {"objects": what}, remove),
            api.endpoint.display,
            cluster.swarm_id,
        )
        code = exit_unless_ok(outcome)
        if code is not None:
            return code
        say(f"Removed stack {removal.stack} ({what}).")
        return EXIT_OK
    except WriteRefused as error:
        return fail(str(error), EXIT_INVALID)
    except SwarmError as error:
        return fail(str(error), EXIT_DAEMON)
    finally:
        api.close()
