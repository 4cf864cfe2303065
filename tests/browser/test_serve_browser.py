"""`swarmtui serve` on loopback, opened in headless Chromium: the page starts the dashboard over
the replayed lab recording, shows its services, and a key typed in the browser moves the
cursor. (Bound to an address that is not loopback: tests/lab/test_serve_lab.py.)"""

from __future__ import annotations

from pathlib import Path

from tests.support.browser import Chromium
from tests.support.replay import RECORDING
from tests.support.serving import served

SERVICES = ("crashloop", "pending", "agent", "shop_api", "shop_worker", "web")
"""The recording's services, as the services pane lists them (attention first)."""


def _tasks_of(screen: str) -> str:
    """Which service the tasks pane follows: the one under the services pane's cursor."""
    for row in screen.splitlines():
        if "[4] Tasks of " in row:
            return row.split("[4] Tasks of ", 1)[1].split()[0]
    return ""  # mid-frame


async def test_the_browser_shows_the_services_and_a_key_moves_the_cursor(tmp_path: Path) -> None:
    with served(tmp_path, ["--replay", str(RECORDING)], []) as server:
        assert "loopback: no token" in server.output()
        async with Chromium(tmp_path / "chromium") as browser:
            await browser.open(server.url)
            # The first frame can come before the tables measured their columns (names cut to
            # the header's width, for a frame): wait for every name in full.
            screen = await browser.wait_for_screen(
                lambda text: (
                    "[1] Services (6/6)" in text
                    and "[4] Tasks of" in text
                    and all(f" {name} " in text for name in SERVICES)
                ),
                "the services pane with every service",
            )
            # The cursor opens on the most urgent service; ↓ moves it to the next one.
            assert _tasks_of(screen) == "crashloop"
            await browser.press("down")
            await browser.wait_for_screen(
                lambda text: _tasks_of(text) == "pending", "the cursor on the next service"
            )
            # A letter goes through too: n, the next service needing attention, wraps around.
            await browser.press("n")
            await browser.wait_for_screen(
                lambda text: _tasks_of(text) == "crashloop", "the cursor moved back by n"
            )
