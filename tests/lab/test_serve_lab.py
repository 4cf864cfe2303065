"""`swarmtui serve` bound to an address that is not loopback (this machine's address on the
lab's bridge), serving the real lab: nothing of the cluster without the token printed at
start (the page and the websocket refused, no dashboard started), the dashboard in Chromium
with it, read-only since --allow-writes was not given, and the token printed that once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from swarmtui.cli.serve_web import REFUSED
from tests.support.browser import Chromium
from tests.support.lab import Lab
from tests.support.serving import Served, bridge_address, served

WRITE_KEYS = ("s Scale", "i Image", "b Roll back", "f Redeploy")
"""The footer's write actions for a selected service, shown when writes are allowed."""


@pytest.fixture(scope="module")
def server(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    address = bridge_address(lab.name)
    folder = tmp_path_factory.mktemp("serve")
    with served(folder, ["--host", lab.host()], ["--bind", address], address=address) as server:
        yield server


async def test_without_the_token_nothing_is_served(server: Served) -> None:
    jar = aiohttp.CookieJar(unsafe=True)  # the server is an address, which aiohttp skips
    async with aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=10), cookie_jar=jar
    ) as session:
        for query in ("", "?token=wrong", f"?token={server.token()[:-1]}"):
            async with session.get(server.url + query) as answer:
                assert answer.status == 403, query
                assert await answer.text() == REFUSED
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(f"ws://{server.address}:{server.port}/ws")
        assert refused.value.status == 403
        assert server.children() == []  # no dashboard was started for anyone
        async with session.get(server.url + f"?token={server.token()}") as answer:
            # The redirect set the cookie, which opens the page (and its websocket).
            assert answer.status == 200 and "textual.js" in await answer.text()


async def test_with_the_token_the_browser_gets_a_read_only_dashboard(
    server: Served, tmp_path: Path
) -> None:
    output = server.output()
    assert (
        f"swarmtui: serving on {server.address}: anyone who can reach this port and has the "
        "token can see the cluster (read-only)." in output
    )
    async with Chromium(tmp_path / "chromium", reach=server.address) as browser:
        await browser.open(server.url)
        await browser.wait_for_text(lambda text: REFUSED.strip() in text, "the refusal")
        await browser.open(f"{server.url}?token={server.token()}")
        # The first frame can be drawn at the app's starting size, before the browser's own
        # arrives (the services come as soon as the manager is checked): the footer is on the
        # browser's last line once the app has the browser's size.
        screen = await browser.wait_for_screen(
            lambda text: (
                "[1] Services" in text
                and " web " in text
                and "read-only" in text
                and "q Quit" in text.splitlines()[-1]
            ),
            "the lab's services, read-only, at the browser's size",
        )
        footer = screen.splitlines()[-1]
        assert "q Quit" in footer
        assert not [key for key in WRITE_KEYS if key in footer], footer
    # The token is said once, in the URL to open: never in a request log.
    assert server.output().count(server.token()) == 1
