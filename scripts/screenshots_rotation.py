"""The README's picture of a secret rotation in progress, from the live lab
(`screenshots.py --lab-rotation`): a secret mounted by three services, rotated from the
dashboard (the new value typed, never shown); the picture is taken while the second service
rolls out to the new version, its rollout in the rollout panel."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from textual.widgets import Input

from swarmtui.core.config import Settings
from swarmtui.docker.client import DockerApi
from swarmtui.docker.connection import Endpoint
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.panes.keyed_table import KeyedTable
from tests.support.lab import Lab, inspect

SECRET = "pay_db_pw"
SERVICES = {"pay-api": ("db_pw", 3), "pay-cron": ("db_pw", 2), "pay-worker": ("pw", 2)}


async def rotation(out: Path) -> None:
    lab = Lab()
    host = lab.host()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "pw"
        source.write_text("first-password")
        lab.docker("secret", "create", "--label", "team=payments", SECRET, str(source))
    try:
        for name, (target, replicas) in SERVICES.items():
            lab.docker(
                "service", "create", "-d", "--no-resolve-image", "--name", name,
                "--replicas", str(replicas), "--stop-signal", "KILL", "--update-delay", "2s",
                "--secret", f"source={SECRET},target={target},uid=1000,gid=1000,mode=0400",
                "swarmlab/app:1",
            )  # fmt: skip
        for name in SERVICES:
            lab.settle(name, timeout=60)
        app = SwarmTuiApp(Settings(), lambda: DockerApi(Endpoint(host, "lab")))
        async with app.run_test(size=(160, 48)) as pilot:
            while not app.polling.polls_done:
                await pilot.pause(0.1)
            secret_id = inspect(lab, "secret", SECRET)["ID"]
            await pilot.press("7")
            secrets = app.main.query_one("#secrets", KeyedTable)
            secrets.focus()
            secrets.move_cursor(row=secrets.get_row_index(secret_id))
            await pilot.pause()
            await pilot.press("O")
            while not app.screen.query("#rotate-typed"):
                await pilot.pause(0.1)
            app.screen.query_one("#rotate-typed", Input).focus()
            await pilot.press(*"second-password")
            await pilot.press("ctrl+y")
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not _rolling(app, "pay-cron"):
                await pilot.pause(0.2)
            await pilot.pause(2.5)  # a slot or two along
            app.save_screenshot("rotation-160x48.svg", str(out))
            print("wrote screenshots/rotation-160x48.svg")
            while (
                time.monotonic() < deadline
                and lab.docker("secret", "ls", "-q", "--filter", f"id={secret_id}").strip()
            ):
                await pilot.pause(0.5)
    finally:
        for name in SERVICES:
            lab.docker("service", "rm", name, check=False)
        for name in (SECRET, f"{SECRET}.v2"):
            lab.docker("secret", "rm", name, check=False)


def _rolling(app: SwarmTuiApp, name: str) -> bool:
    snapshot = app.snapshot
    service = next((s for s in snapshot.services if s.name == name), None) if snapshot else None
    status = service.update_status if service else None
    return bool(status and status.in_progress and app.main.selection)
