"""A write outlives the screen that asked for it: closing the join-token screen while its
rotation is being sent neither cancels the write nor loses its audit line or its report."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

from swarmtui.core.audit import read_entries
from swarmtui.core.config import Settings
from swarmtui.docker.protocol import Json
from swarmtui.docker.replay import ReplayApi
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs import ConfirmDialog
from swarmtui.ui.screens.join import JoinScreen
from swarmtui.ui.screens.main import MainScreen
from tests.support.replay import MANAGER_TOKEN, RECORDING, WORKER_TOKEN, recorded_at, settle
from tests.support.waiting import notified, on_top, wait_for


class SlowRotation(ReplayApi):
    """The recording, whose daemon takes its time over a token rotation, then accepts it."""

    release = threading.Event()
    sent: list[bool] = []

    def update_swarm(  # type: ignore[override]  # the recording's refusal, made to succeed
        self,
        version: int,
        spec: Json,
        rotate_worker_token: bool = False,
        rotate_manager_token: bool = False,
    ) -> None:
        SlowRotation.release.wait(10)
        SlowRotation.sent.append(rotate_worker_token)


async def test_closing_the_screen_does_not_lose_the_write(tmp_path: Path, audit_log: Path) -> None:
    folder = tmp_path / "lab"
    shutil.copytree(RECORDING, folder)
    cluster = json.loads((folder / "info.json").read_text())["Swarm"]["Cluster"]
    tokens = {"Worker": WORKER_TOKEN, "Manager": MANAGER_TOKEN}
    (folder / "swarm.json").write_text(json.dumps({**cluster, "JoinTokens": tokens}))
    SlowRotation.release.clear()
    SlowRotation.sent.clear()
    frozen = recorded_at()
    app = SwarmTuiApp(
        Settings(), lambda: SlowRotation(folder), clock=lambda: frozen, follow_events=False
    )
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("J")
        join = await on_top(pilot, JoinScreen)
        await wait_for(pilot, lambda: join.tokens is not None, what="the join tokens")
        await pilot.press("W")
        await on_top(pilot, ConfirmDialog)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await wait_for(
            pilot,
            lambda: app.screen is join and bool(read_entries(audit_log)),
            what="the rotation to start",
        )
        await pilot.press("escape")  # close the join screen while the rotation is in flight
        await on_top(pilot, MainScreen)
        assert isinstance(app.screen, MainScreen)
        SlowRotation.release.set()
        await wait_for(
            pilot,
            lambda: any(e["outcome"] == "ok" for e in read_entries(audit_log)),
            what="the rotation's outcome in the audit log",
        )
        await notified(pilot, "Rotated the worker join token.")
        said = [n.message for n in app._notifications]
    assert SlowRotation.sent == [True]
    outcomes = [(e["action"], e["outcome"]) for e in read_entries(audit_log)]
    assert outcomes == [("rotate-join-token", "started"), ("rotate-join-token", "ok")]
    assert "Rotated the worker join token." in said
