"""`swarmtui [options] serve [--bind ADDR] [--port P] [--allow-writes]`: the dashboard in a
browser, through textual-serve, which starts `python -m swarmtui [options]` for each browser
tab (the options before `serve`, as given: `--host`, `--context`, `--config`, `--read-only`…).

On loopback (the default, 127.0.0.1) it is like any local port: no token. Bound to any other
address it prints a random token once, in the URL to open, refuses every request without it,
and serves the dashboard read-only unless `--allow-writes` is given. serve_web.py holds the
checks; textual-serve and aiohttp are imported only when serving.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shlex
import socket
import sys
from collections.abc import Sequence

from .output import Parser, fail, say, tell, visible_stdout

DEFAULT_BIND = "127.0.0.1"
DEFAULT_PORT = 8000


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="swarmtui [options] serve",
        description="Serve the dashboard to a web browser. Each browser tab runs its own "
        "dashboard with the options given before `serve`.",
    )
    parser.add_argument(
        "--bind",
        default=DEFAULT_BIND,
        metavar="ADDR",
        help=f"address to listen on (default {DEFAULT_BIND}); any address but loopback "
        "needs the token printed at start, and is read-only without --allow-writes",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        metavar="P",
        help=f"port to listen on (default {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--allow-writes",
        action="store_true",
        help="on an address other than loopback, let those with the token change the cluster",
    )
    return parser


def app_argv(options: Sequence[str], read_only: bool) -> list[str]:
    """The dashboard's command line for each browser tab: this Python, this package, the
    daemon options as the operator gave them (`--read-only` added when `read_only`)."""
    argv = [sys.executable, "-m", "swarmtui", *options]
    if read_only and "--read-only" not in options:
        argv.append("--read-only")
    return argv


def shell_command(argv: Sequence[str]) -> str:
    """`argv` as textual-serve wants it: one string, which it runs with
    asyncio.create_subprocess_shell (`/bin/sh -c`; its Server takes no argv). Each word is
    quoted for sh, so a daemon URL, a context name or a path stays one argument whatever it
    holds; `exec` leaves no shell between textual-serve and the dashboard."""
    return "exec " + shlex.join(argv)


def bind_problem(bind: str) -> str | None:
    from .serve_web import is_loopback_name

    if is_loopback_name(bind):
        return None
    import ipaddress

    try:
        ipaddress.ip_address(bind)
    except ValueError:
        return f"--bind takes an IP address of this machine or localhost, not {bind!r}."
    return None


def listen_problem(bind: str, port: int) -> str | None:
    """Why nothing can listen there, tried before anything is printed (aiohttp binds only
    after its start-up, and says it in a long sentence of its own)."""
    family = socket.AF_INET6 if ":" in bind else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp binds
        try:
            probe.bind((bind, port))
        except OSError as error:
            reason = os.strerror(error.errno).lower() if error.errno else str(error)
            return f"Cannot listen on {bind} port {port}: {reason}."
    return None


def url(bind: str, port: int) -> str:
    host = f"[{bind}]" if ":" in bind else bind
    return f"http://{host}:{port}/"


def serve(options: Sequence[str], argv: Sequence[str]) -> int:
    """Serve until interrupted; the exit code. `options` are the dashboard's, `argv` what
    follows `serve`."""
    args = build_parser().parse_args(list(argv))
    problem = bind_problem(args.bind)
    if problem:
        return fail(problem, 2)
    if not 0 < args.port < 65536:
        return fail(f"--port must be between 1 and 65535, not {args.port}.", 2)
    problem = listen_problem(args.bind, args.port)
    if problem:
        return fail(problem, 1)
    from .serve_web import GuardedServer, is_loopback_name

    loopback = is_loopback_name(args.bind)
    token = None if loopback else secrets.token_urlsafe(32)
    read_only = not loopback and not args.allow_writes
    server = GuardedServer(shell_command(app_argv(options, read_only)), args.bind, args.port, token)
    address = url(args.bind, args.port)
    if token is None:
        say(f"Serving the dashboard on {address} (loopback: no token). Ctrl+C stops it.")
    else:
        writes = "read-only" if read_only else "with writes allowed (--allow-writes)"
        tell(
            f"serving on {args.bind}: anyone who can reach this port and has the token can "
            f"see the cluster ({writes})."
        )
        say(f"Open {address}?token={token}   (Ctrl+C stops it)")
    try:
        with visible_stdout():
            server.serve()
    except OSError as error:  # taken in between
        return fail(f"Cannot listen on {args.bind} port {args.port}: {error}.", 1)
    return 0
