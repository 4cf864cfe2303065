"""`swarmtui stack deploy -c FILE [-c FILE…] [--prune] [--resolve-image …] [--yes] STACK`.

Prints the plan (report.py: + create, ~ update field by field in compose terms, - remove,
what is left alone, and a one-line summary; coloured only on a terminal), and applies it only
with --yes, in `docker stack deploy`'s order; a file that deploys the same specs again prints
"Nothing to change" and changes nothing. A deploy refused part way prints what was already
done and what failed, and exits 3. Exit codes are headless.py's.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..core.writes import Write
from ..docker.errors import SwarmError, WriteRefused
from ..docker.reader import SwarmReader
from ..stack import ComposeError, convert, load
from ..stack.applying import apply
from ..stack.deploy import plan
from ..stack.report import PlanLine, plan_report
from ..stack.resolve import MODES, resolve_images
from .headless import (
    EXIT_DAEMON,
    EXIT_INVALID,
    EXIT_NOT_CONFIRMED,
    EXIT_OK,
    Headless,
    exit_unless_ok,
)
from .output import fail, say
from .wait import add_wait_options, follow, margin

_ANSI = {"+": "\x1b[32m", "~": "\x1b[33m", "-": "\x1b[31m"}


def _colour(line: PlanLine, terminal: bool) -> str:
    """On a terminal: green creates, yellow updates, red removals. Piped output (CI logs,
    files) stays plain text."""
    return _ANSI.get(line.mark, "") if terminal else ""


def add_stack_deploy(commands: Any) -> None:
    deploy = commands.add_parser(
        "deploy",
        help="deploy a stack from compose files, showing the plan first",
        description="Load the compose files as `docker stack deploy` does, print what would "
        "change, and with --yes apply it (networks, secrets, configs, then services).",
    )
    deploy.add_argument(
        "-c",
        "--compose-file",
        dest="files",
        action="append",
        required=True,
        metavar="FILE",
        help="compose file; repeat to merge several in order",
    )
    deploy.add_argument(
        "--prune",
        action="store_true",
        help="remove the stack's services that the files no longer name",
    )
    deploy.add_argument(
        "--resolve-image",
        choices=MODES,
        default="always",
        help="pin images to registry digests: always (default), changed, "
        "never; an image that cannot be resolved is deployed as written",
    )
    deploy.add_argument(
        "-y", "--yes", action="store_true", help="apply the plan; without --yes it is only printed"
    )
    deploy.add_argument(
        "--wait",
        action="store_true",
        help="after applying, follow the services it created or updated as `swarmtui wait` "
        "does (its exit codes 4-7 when one pauses, rolls back, stalls or runs out of time)",
    )
    add_wait_options(deploy)
    deploy.add_argument("stack", metavar="STACK")
    deploy.set_defaults(run=stack_deploy)


def stack_deploy(args: argparse.Namespace, headless: Headless) -> int:
    try:
        config = load(args.files)
        spec = convert(config, args.stack)
    except ComposeError as error:
        for warning in error.warnings:
            say(f"warning: {warning}")
        return fail(
            "the compose files cannot be deployed:\n  " + "\n  ".join(error.messages), EXIT_INVALID
        )
    except Exception as error:  # noqa: BLE001 — a bad file is exit 2 with a message, never a trace
        return fail(
            f"the compose files cannot be deployed: {type(error).__name__}: {error}", EXIT_INVALID
        )
    api = headless.api()
    try:
        cluster = SwarmReader(api).check_manager()
        spec.warnings.extend(resolve_images(api, spec, args.resolve_image))
        planned = plan(api, spec, prune=args.prune)
        terminal = sys.stdout.isatty()
        for line in plan_report(planned):
            say(line.text, _colour(line, terminal))
        if not planned.has_changes:
            return EXIT_OK
        if not args.yes:
            return fail(
                f"Nothing was changed: add --yes to deploy stack {args.stack}.", EXIT_NOT_CONFIRMED
            )
        params = {
            "files": [str(f) for f in args.files],
            "prune": args.prune,
            "resolve_image": args.resolve_image,
        }
        outcome = headless.write(
            Write("deploy-stack", args.stack, params, lambda writer: apply(writer.api, planned)),
            api.endpoint.display,
            cluster.swarm_id,
        )
        code = exit_unless_ok(outcome)
        if code is not None:
            return code
        for change in outcome.result or ():
            say(f"{change.action.capitalize()}d {change.kind} {change.name}.")
        say(f"Deployed stack {args.stack}.")
        changed = [
            c.name
            for c in outcome.result or ()
            if c.kind == "service" and c.action in ("create", "update")
        ]
        if args.wait and changed:
            return follow(api, changed, args.timeout, margin(args, headless))
        return EXIT_OK
    except WriteRefused as error:
        return fail(str(error), EXIT_INVALID)
    except SwarmError as error:
        return fail(str(error), EXIT_DAEMON)
    finally:
        api.close()
