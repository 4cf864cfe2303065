"""Command line: pick the daemon like the docker CLI, check it is a manager, offer to
initialize a swarm where there is none (or to unlock a locked one, on the dashboard), then run
the dashboard, or a headless command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from .. import __version__
from ..core.config import Settings, load_settings
from ..core.locations import state_dir
from ..core.writes import WriteRunner, swarm_init
from ..docker import ssh_transport
from ..docker.connection import resolve_endpoint
from ..docker.endpoints import Connection
from ..docker.errors import SwarmError, SwarmInactive, SwarmLocked
from ..docker.head_start import HeadStart
from ..docker.protocol import SwarmApi
from ..docker.reader import SwarmReader
from ..docker.replay import ReplayApi
from ..docker.ssh_failures import kept_log
from ..docker.tls import TlsFlags
from .command_words import split_command
from .dashboard import Dashboard
from .output import Parser, fail, tell
from .serve import serve

NO_DASHBOARD = "this entry point runs headless commands only; start the dashboard with swarmtui."


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="swarmtui",
        description="A live terminal dashboard for a Docker Swarm cluster.",
        epilog="Without --host or --context, swarmtui follows DOCKER_HOST (with "
        "DOCKER_TLS_VERIFY and DOCKER_CERT_PATH), DOCKER_CONTEXT and the current docker "
        "context, like the docker CLI; --tlsverify and its files apply to a tcp:// host. For "
        "scripts: swarmtui stack rm STACK --yes (see swarmtui stack --help). In a browser: "
        "swarmtui [options] serve (see swarmtui serve --help).",
    )
    parser.add_argument(
        "-H",
        "--host",
        metavar="URL",
        help="daemon to connect to: unix:///path, tcp://host:2376, ssh://user@host",
    )
    parser.add_argument("-c", "--context", metavar="NAME", help="docker context to use")
    _add_tls_options(parser)
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
    parser.add_argument(
        "--no-node-access",
        action="store_true",
        help="never reach a node over SSH for what only it knows (its CPU, memory, disk, a "
        "shell in a task); config.toml: [nodes] enabled = false",
    )
    parser.add_argument(
        "--no-image-check",
        dest="check_images",
        action="store_const",
        const=False,
        help="never ask the manager whether an image's tag points at a newer digest; "
        "config.toml: [images] check = false",
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


def _add_tls_options(parser: argparse.ArgumentParser) -> None:
    """The docker CLI's TLS flags, for a tcp:// --host or DOCKER_HOST."""
    parser.add_argument("--tls", action="store_true", help="use TLS; implied by --tlsverify")
    parser.add_argument(
        "--tlsverify",
        action="store_true",
        help="use TLS and verify the daemon's certificate (also DOCKER_TLS_VERIFY)",
    )
    where = "in DOCKER_CERT_PATH, else ~/.docker"
    parser.add_argument(
        "--tlscacert", metavar="FILE", help=f"trust only this CA (default: ca.pem {where})"
    )
    parser.add_argument(
        "--tlscert", metavar="FILE", help=f"client certificate (default: cert.pem {where})"
    )
    parser.add_argument("--tlskey", metavar="FILE", help=f"client key (default: key.pem {where})")


def tls_flags(args: argparse.Namespace) -> TlsFlags:
    return TlsFlags(args.tls, args.tlsverify, args.tlscacert, args.tlscert, args.tlskey)


def _fail(message: str) -> int:
    return fail(message, 1)


def _check_manager(api_factory: Callable[[], SwarmApi]) -> None:
    preflight = api_factory()
    try:
        SwarmReader(preflight).check_manager()
    finally:
        preflight.close()


def _offer_swarm_init(
    args: argparse.Namespace,
    settings: Settings,
    api_factory: Callable[[], SwarmApi],
    inactive: SwarmInactive,
    dashboard: Dashboard,
) -> int | None:
    """Make the daemon a swarm's first manager, asked or told to; None once a swarm exists,
    otherwise the exit code. Read-only never offers it: initializing is a write, and
    `--init-swarm` is refused (and audited) by the write runner like any other."""
    if args.replay:
        return _fail(str(inactive))
    probe = api_factory()  # only for its endpoint: a client dials on its first request
    probe.close()
    endpoint = probe.endpoint
    runner = WriteRunner(api_factory, read_only=settings.read_only, endpoint=endpoint.display)
    try:
        if args.init_swarm is not None:
            outcome = runner.run(swarm_init(endpoint.display, args.init_swarm))
            if outcome.audit_problem:
                tell(f"warning: {outcome.audit_problem}")
            if not outcome.ok and settings.read_only:
                return _fail(f"{inactive} {outcome.message}")
            if not outcome.ok:
                return _fail(f"Could not initialize a swarm: {outcome.message}")
            tell(f"Initialized swarm {(outcome.result or '')[:12]}.")
            return None
        if settings.read_only:
            return _fail(str(inactive))
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            return _fail(
                f"{inactive} Run swarmtui in a terminal to initialize one, or pass --init-swarm."
            )
        if dashboard.offer_swarm_init(api_factory, endpoint, str(inactive), settings.theme, runner):
            return None
        return _fail(str(inactive))
    finally:
        runner.close()


def _refuse_locked(args: argparse.Namespace, settings: Settings, locked: SwarmLocked) -> int | None:
    """A locked manager: the dashboard opens on its unlock prompt (None), when it can ask for
    the key; otherwise the exit code, having said why. Unlocking is a write: read-only never
    offers it."""
    if args.replay:
        return _fail(str(locked))
    if settings.read_only:
        return _fail(f"{locked} swarmtui runs read-only, so it cannot unlock it.")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return _fail(f"{locked} Run swarmtui in a terminal to type the key.")
    return None


def _api_factory(settings: Settings, replay: Path | None) -> Callable[[], SwarmApi]:
    if replay is not None:
        folder = replay

        def replayed() -> SwarmApi:
            return ReplayApi(folder)

        return replayed
    # A Connection: the dashboard can move it to another context or manager while it runs.
    return Connection(resolve_endpoint(settings.host, settings.context, tls=settings.tls))


def _serve(
    args: argparse.Namespace, settings: Settings, options: list[str], argv: list[str]
) -> int:
    """Check the daemon once, so that a wrong --host is said here and not in every browser
    tab, then serve the dashboard with the same options."""
    if args.init_swarm is not None:
        return _fail("--init-swarm is for the dashboard in a terminal; serve a swarm's manager.")
    if "-h" not in argv and "--help" not in argv:
        try:
            _check_manager(_api_factory(settings, args.replay))
        except SwarmError as error:
            return _fail(str(error))
    return serve(options, argv)


def main(argv: list[str] | None = None, dashboard: Dashboard | None = None) -> int:
    """Run swarmtui's command line and return its exit code. Without a `dashboard` only the
    headless commands run (swarmtui.launch passes the Textual one)."""
    parser = build_parser()
    # `swarmtui [options] stack …` runs a headless command instead of the dashboard.
    options, command = split_command(parser, sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(options)
    try:
        settings = load_settings(
            args.config,
            {
                "host": args.host,
                "context": args.context,
                "tls": tls_flags(args),
                "interval": args.interval,
                "read_only": args.read_only,
                "theme": args.theme,
                "check_images": args.check_images,
            },
        )
    except ValueError as error:
        return _fail(str(error))
    if args.no_node_access:
        settings = replace(settings, nodes=replace(settings.nodes, enabled=False))
    # ssh's own messages would paint over the dashboard and clutter a CI log: keep them aside.
    ssh_transport.SSH_STDERR_LOG = kept_log(state_dir() / "ssh.log")
    if command is not None and command[0] == "serve":
        return _serve(args, settings, options, command[1:])
    if command is not None:
        from .commands import run  # only for a command: the dashboard starts without them

        return run(command, settings, args.replay)
    if dashboard is None:
        return _fail(NO_DASHBOARD)
    head_start = None
    try:
        api_factory = _api_factory(settings, args.replay)
        try:
            head_start = HeadStart.check(api_factory())
        except SwarmLocked as error:
            refused = _refuse_locked(args, settings, error)
            if refused is not None:
                return refused
        except SwarmInactive as error:
            refused = _offer_swarm_init(args, settings, api_factory, error, dashboard)
            if refused is not None:
                return refused
            head_start = HeadStart.check(api_factory())
    except SwarmError as error:
        return _fail(str(error))
    dashboard.run(settings, api_factory, head_start)
    return 0
