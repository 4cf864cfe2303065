"""`swarmtui serve` without a browser: the command each browser tab runs (quoted for the shell
textual-serve hands it to, so a daemon URL stays one argument), the token check, and the
guard in front of textual-serve's routes, driven with aiohttp's test client."""

from __future__ import annotations

import asyncio
import json
import socket
import sys
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from swarmtui import cli
from swarmtui.cli import serve_web
from swarmtui.cli.output import visible_stdout
from swarmtui.cli.serve import app_argv, bind_problem, shell_command
from swarmtui.cli.serve_web import GuardedServer, cookie_name, is_loopback_name, token_matches
from tests.support.replay import RECORDING

HOSTILE = [
    "--host",
    "ssh://ops@manager1;touch /tmp/swarmtui-pwned",
    "--context",
    "$(id) `id` ${HOME}",
    "--config",
    'a file\'s "name"\nwith a newline & | > *',
    "",
]


async def test_the_shell_gives_the_dashboard_its_arguments_word_for_word() -> None:
    # textual-serve runs its command with create_subprocess_shell; so does this test.
    printer = "import json, os, sys; print(json.dumps([os.getpid(), sys.argv[1:]]))"
    command = shell_command([sys.executable, "-c", printer, *HOSTILE])
    process = await asyncio.create_subprocess_shell(command, stdout=asyncio.subprocess.PIPE)
    out, _ = await process.communicate()
    pid, argv = json.loads(out)
    assert argv == HOSTILE
    assert pid == process.pid  # `exec`: no shell left between textual-serve and the dashboard


def test_each_tab_runs_this_python_with_the_options_as_given() -> None:
    options = ["--replay", "rec", "--context", "prod", "-i", "5"]
    assert app_argv(options, read_only=False) == [sys.executable, "-m", "swarmtui", *options]
    assert app_argv(options, read_only=True)[-1] == "--read-only"
    assert app_argv([*options, "--read-only"], read_only=True).count("--read-only") == 1


def test_the_token_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []

    def compare(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return a == b

    monkeypatch.setattr(serve_web.hmac, "compare_digest", compare)
    assert token_matches("s3cret", "s3cret")
    assert not token_matches("s3cre", "s3cret")
    assert not token_matches(None, "s3cret") and not token_matches("", "s3cret")
    assert compared == [(b"s3cret", b"s3cret"), (b"s3cre", b"s3cret")]


def test_loopback_is_told_from_other_addresses() -> None:
    assert all(map(is_loopback_name, ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"]))
    assert not any(map(is_loopback_name, ["0.0.0.0", "10.213.1.1", "::", "example.org"]))
    assert bind_problem("0.0.0.0") is None and bind_problem("::1") is None
    assert bind_problem("manager1") == (
        "--bind takes an IP address of this machine or localhost, not 'manager1'."
    )


def test_serve_refuses_what_it_cannot_serve(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--replay", str(RECORDING), "serve", "--bind", "manager1"]) == 2
    assert cli.main(["--replay", str(RECORDING), "--init-swarm", "10.0.0.1", "serve"]) == 1
    # The daemon is checked once, before anything listens.
    assert cli.main(["--host", "unix:///nonexistent/docker.sock", "serve"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "swarmtui: --bind takes an IP address of this machine or localhost, not 'manager1'."
    )
    assert err[1] == (
        "swarmtui: --init-swarm is for the dashboard in a terminal; serve a swarm's manager."
    )
    assert "nonexistent" in err[2] and len(err) == 3


async def _client(token: str | None) -> TestClient:
    server = GuardedServer("exec false", "127.0.0.1", 8000, token)
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    return client


async def test_on_loopback_no_token_but_only_loopback_names() -> None:
    client = await _client(None)
    try:
        page = await client.get("/")
        assert page.status == 200 and "textual.js" in await page.text()
        # A name of someone else's that resolves here (DNS rebinding) is refused.
        rebound = await client.get("/", headers={"Host": "evil.example:8000"})
        assert rebound.status == 403
        assert await rebound.text() == serve_web.NOT_LOCAL
        # Another site's page cannot open the dashboard's websocket.
        hijack = await client.get("/ws", headers={"Origin": "http://evil.example"})
        assert hijack.status == 403
    finally:
        await client.close()


async def test_off_loopback_only_the_token_lets_in(tmp_path: Path) -> None:
    client = await _client("the-token")
    try:
        for path in ("/", "/?token=wrong", "/ws", "/download/x", "/?token="):
            refused = await client.get(path)
            assert refused.status == 403, path
            assert await refused.text() == serve_web.REFUSED
        # Assets are served to anyone: xterm.js reveals nothing of the cluster.
        assert (await client.get("/static/js/textual.js")).status == 200

        opened = await client.get("/?token=the-token", allow_redirects=False)
        assert opened.status == 303 and opened.headers["Location"] == "/"
        cookie = opened.cookies[cookie_name(8000)]
        assert cookie.value == "the-token"
        assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/"
        # The test client keeps the cookie, as a browser does: the page and its websocket open.
        page = await client.get("/")
        assert page.status == 200
        assert page.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
        client.session.cookie_jar.clear()
        assert (await client.get("/")).status == 403
    finally:
        await client.close()


def test_what_the_dashboards_write_reaches_the_terminal_made_visible(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # textual-serve copies a served dashboard's stderr to its own stdout as it is.
    with visible_stdout():
        sys.stdout.write("crashloop \x1b]0;pwned\x07 \x1b[2J\u202egone\n")
    assert capsys.readouterr().out == "crashloop ␛]0;pwned␇ ␛[2J<U+202E>gone\n"


def test_a_port_in_use_is_said_before_anything_is_served(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["--replay", str(RECORDING), "serve", "--port", str(port)]) == 1
    said = capsys.readouterr()
    assert said.out == ""
    assert (
        said.err == f"swarmtui: Cannot listen on 127.0.0.1 port {port}: address already in use.\n"
    )
