"""The web side of `swarmtui serve`: textual-serve's aiohttp server with a guard in front of it
and a page of our own.

textual-serve starts the dashboard as a subprocess for each websocket connection (`/ws`) and
relays its terminal to xterm.js in the page. Everything but `/static/` (xterm.js, its CSS, a
font: nothing of the cluster) goes through `guard`:

- Bound to loopback there is no token, as with any local port, but the `Host` header must name
  a loopback address: a page elsewhere that re-resolves its own name to 127.0.0.1 (DNS
  rebinding) is refused.
- Bound to any other address, a request needs the token printed at start, in the query
  (`/?token=…`, answered with a redirect to `/` that sets it as an HttpOnly, SameSite=Strict
  cookie, so it leaves the address bar and the history) or in that cookie, which the browser
  sends with the websocket's handshake (xterm's page builds the websocket's URL with its own
  query, so the token could not ride there). Without it: 403, and no app is started.
- The websocket's `Origin` must be the page's own host, so another site open in the same
  browser cannot drive the dashboard.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.typedefs import Middleware
from rich.console import Console
from textual_serve.server import Server

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

STATIC = "/static/"
REFUSED = "swarmtui: open the address that `swarmtui serve` printed, with its token.\n"
NOT_LOCAL = "swarmtui: this port serves only loopback names (127.0.0.1, localhost, [::1]).\n"
CROSS_SITE = "swarmtui: the dashboard's websocket opens only from its own page.\n"

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>swarmtui</title>
<link rel="preload" href="/static/fonts/RobotoMono-VariableFont_wght.ttf" as="font"
  type="font/ttf" crossorigin>
<link rel="stylesheet" href="/static/css/xterm.css">
<style>
@font-face {
  font-family: "Roboto Mono";
  src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf");
  font-display: block;
}
html, body { margin: 0; background: #0c181f; overflow: hidden; }
.ended { display: none; position: absolute; inset: 0; align-items: center;
  justify-content: center; color: #eee; font: 16px "Roboto Mono", monospace; }
body.-closed .ended { display: flex; }
body.-closed .textual-terminal { opacity: 0.3; }
</style>
<script src="/static/js/textual.js"></script>
</head>
<body>
<div id="terminal" class="textual-terminal" data-font-size="16"></div>
<div class="ended">The dashboard has ended. Reload the page to start it again.</div>
<script>
// The websocket is this page's own host: the server never echoes a Host header into HTML.
document.getElementById("terminal").dataset.sessionWebsocketUrl =
  (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws";
</script>
</body>
</html>
"""
"""Ours rather than textual-serve's template, which loads a font from a third-party site and
writes the served command (daemon URL included) into the title."""

HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def token_matches(given: str | None, token: str) -> bool:
    """In constant time, so the token cannot be guessed a character at a time."""
    if not given:
        return False
    return hmac.compare_digest(given.encode(), token.encode())


def is_loopback_name(host: str) -> bool:
    """`host` (an address, or `localhost`) is on the loopback interface."""
    host = host.strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_name(netloc: str) -> str:
    """The host of a `Host` header (`127.0.0.1:8000`, `[::1]:8000`), without the port."""
    return urlsplit(f"//{netloc}").hostname or ""


def cookie_name(port: int) -> str:
    # Cookies ignore the port: two servers on one host keep theirs apart by name.
    return f"swarmtui-{port}"


def guard(token: str | None, port: int) -> Middleware:
    """The middleware: `token` None on loopback (no token, loopback names only)."""
    cookie = cookie_name(port)

    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith(STATIC):
            return await handler(request)
        if token is None and not is_loopback_name(_host_name(request.host)):
            return web.Response(status=403, text=NOT_LOCAL)
        if request.path == "/ws":
            origin = request.headers.get("Origin")
            if origin is not None and urlsplit(origin).netloc != request.host:
                return web.Response(status=403, text=CROSS_SITE)
        if token is None:
            return await handler(request)
        if token_matches(request.cookies.get(cookie), token):
            return await handler(request)
        if request.path == "/" and token_matches(request.query.get("token"), token):
            found = web.Response(status=303, headers={**HEADERS, "Location": "/"})
            found.set_cookie(cookie, token, httponly=True, samesite="Strict", path="/")
            return found
        return web.Response(status=403, text=REFUSED, headers=HEADERS)

    return check


class GuardedServer(Server):
    """textual-serve's Server with the guard, our page, and a quiet start (`serve` says what
    to open itself)."""

    def __init__(self, command: str, bind: str, port: int, token: str | None) -> None:
        super().__init__(command, host=bind, port=port, title="swarmtui")
        self.token = token
        # Its log goes to a stdout that shows escape sequences as pictures (serve.py): no
        # colours, or every one would be shown as such.
        self.console = Console(color_system=None, highlight=False)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(guard(self.token, self.port))
        return app

    async def handle_index(self, request: web.Request) -> web.Response:
        return web.Response(text=PAGE, content_type="text/html", headers=HEADERS)

    def initialize_logging(self) -> None:
        super().initialize_logging()
        # aiohttp logs each request line, query included, at INFO: the token would be in it.
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints its logo and the command here; `serve` has said what to open."""
