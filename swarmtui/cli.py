"""Command line: pick the daemon like the docker CLI, check it is a manager, run the app."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .config import load_settings
from .docker.api import DockerApi, SwarmApi
from .docker.connection import resolve_endpoint
from .docker.errors import SwarmError
from .docker.reader import SwarmReader
from .docker.replay import ReplayApi


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="swarmtui",
        description="A live terminal dashboard for a Docker Swarm cluster.",
        epilog="Without --host or --context, swarmtui follows DOCKER_HOST (with "
        "DOCKER_TLS_VERIFY and DOCKER_CERT_PATH), DOCKER_CONTEXT and the current docker "
        "context, like the docker CLI.",
    )
    parser.add_argument("-H", "--host", metavar="URL",
                        help="daemon to connect to: unix:///path, tcp://host:2376, ssh://user@host")
    parser.add_argument("-c", "--context", metavar="NAME", help="docker context to use")
    parser.add_argument("-i", "--interval", type=float, metavar="SECONDS",
                        help="seconds between refreshes (default 2)")
    parser.add_argument("--read-only", action="store_true", default=None,
                        help="hide and refuse every action that changes the cluster")
    parser.add_argument("--theme", metavar="NAME", help="Textual theme name")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="settings file (default ~/.config/swarmtui/config.toml)")
    parser.add_argument("--version", action="version", version=f"swarmtui {__version__}")
    # Serves API JSON recorded from the lab; for screenshots and offline demos.
    parser.add_argument("--replay", type=Path, help=argparse.SUPPRESS)
    return parser


def _fail(message: str) -> int:
    print(f"swarmtui: {message}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(args.config, {
            "host": args.host, "context": args.context, "interval": args.interval,
            "read_only": args.read_only, "theme": args.theme,
        })
    except ValueError as error:
        return _fail(str(error))
    try:
        if args.replay:
            folder = args.replay

            def api_factory() -> SwarmApi:
                return ReplayApi(folder)
        else:
            endpoint = resolve_endpoint(settings.host, settings.context)

            def api_factory() -> SwarmApi:
                return DockerApi(endpoint)
        preflight = api_factory()
        try:
            SwarmReader(preflight).check_manager()
        finally:
            preflight.close()
    except SwarmError as error:
        return _fail(str(error))

    from .app import SwarmTuiApp  # Textual loads only once the daemon checked out.

    SwarmTuiApp(settings, api_factory).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
