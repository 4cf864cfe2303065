"""Command line: pick the daemon like the docker CLI, check it is a manager, run the app."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from . import __version__, headless
from .core.config import load_settings
from .docker.api import DockerApi, SwarmApi
from .docker.connection import resolve_endpoint
from .docker.errors import SwarmError, SwarmInactive
from .docker.reader import SwarmReader
from .docker.replay import ReplayApi


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="swarmtui",
        description="A live terminal dashboard for a Docker Swarm cluster.",
        epilog="Without --host or --context, swarmtui follows DOCKER_HOST (with "
        "DOCKER_TLS_VERIFY and DOCKER_CERT_PATH), DOCKER_CONTEXT and the current docker "
        "context, like the docker CLI. For scripts: swarmtui stack rm STACK --yes (see "
        "swarmtui stack --help).",
    )
    parser.add_argument(
        "-H",
        "--host",
        metavar="URL",
        help="daemon to connect to: unix:///path, tcp://host:2376, ssh://user@host",
    )
    parser.add_argument("-c", "--context", metavar="NAME", help="docker context to use")
    parser.add_argument(
        "-i",
        "--interval",
        type=float,
        metavar="SECONDS",
        help="seconds between refreshes (default 2)",
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        default=None,
        help="hide and refuse every action that changes the cluster",
    )
    parser.add_argument("--theme", metavar="NAME", help="Textual theme name")
    parser.add_argument(
        "--init-swarm",
        nargs="?",
        const="",
        metavar="ADVERTISE_ADDR",
        help="if the daemon is in no swarm, initialize one without asking, "
        "advertising ADVERTISE_ADDR (omitted: the daemon picks, as "
        "`docker swarm init` does)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="settings file (default ~/.config/swarmtui/config.toml)",
    )
    parser.add_argument("--version", action="version", version=f"swarmtui {__version__}")
    # Serves API JSON recorded from the lab; for screenshots and offline demos.
    parser.add_argument("--replay", type=Path, help=argparse.SUPPRESS)
    return parser


def _fail(message: str) -> int:
    print(f"swarmtui: {message}", file=sys.stderr)
    return 1


def _check_manager(api_factory: Callable[[], SwarmApi]) -> None:
    preflight = api_factory()
    try:
        SwarmReader(preflight).check_manager()
    finally:
        preflight.close()


def _offer_swarm_init(
    args: argparse.Namespace,
    read_only: bool,
    theme: str,
    api_factory: Callable[[], SwarmApi],
    inactive: SwarmInactive,
) -> int | None:
    """Make the daemon a swarm's first manager, asked or told to; None once a swarm exists,
    otherwise the exit code. Read-only never offers it: initializing is a write."""
    if read_only or args.replay:
        return _fail(str(inactive))
    # Textual imports wait until a swarm is to be set up, as for the dashboard below.
    from .ui.setup import SwarmSetupApp, init_and_record

    if args.init_swarm is not None:
        try:
            swarm_id = init_and_record(api_factory, args.init_swarm)
        except SwarmError as error:
            return _fail(f"Could not initialize a swarm: {error}")
        print(f"swarmtui: Initialized swarm {swarm_id[:12]}.", file=sys.stderr)
        return None
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return _fail(
            f"{inactive} Run swarmtui in a terminal to initialize one, or pass --init-swarm."
        )
    probe = api_factory()  # only for its endpoint: a client dials on its first request
    probe.close()
    if SwarmSetupApp(api_factory, probe.endpoint, str(inactive), theme).run():
        return None
    return _fail(str(inactive))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    # `swarmtui [options] stack …` runs a headless command instead of the dashboard.
    options, command = headless.split_command(parser, sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(options)
    try:
        settings = load_settings(
            args.config,
            {
                "host": args.host,
                "context": args.context,
                "interval": args.interval,
                "read_only": args.read_only,
                "theme": args.theme,
            },
        )
    except ValueError as error:
        return _fail(str(error))
    if command is not None:
        return headless.main(command, settings, args.replay)
    try:
        if args.replay:
            folder = args.replay

            def api_factory() -> SwarmApi:
                return ReplayApi(folder)
        else:
            endpoint = resolve_endpoint(settings.host, settings.context)

            def api_factory() -> SwarmApi:
                return DockerApi(endpoint)

        try:
            _check_manager(api_factory)
        except SwarmInactive as error:
            refused = _offer_swarm_init(
                args, settings.read_only, settings.theme, api_factory, error
            )
            if refused is not None:
                return refused
            _check_manager(api_factory)
    except SwarmError as error:
        return _fail(str(error))

    from .app import SwarmTuiApp  # Textual loads only once the daemon checked out.

    SwarmTuiApp(settings, api_factory).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
