"""Inspect is a picture of one moment: its status line says when it was read, and `ctrl+r`
reads the object again, so a screen left open does not go on showing what has changed since."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Label

from swarmtui.docker.replay import ReplayApi
from swarmtui.ui.screens.inspect import InspectScreen
from tests.support.paths import DATA
from tests.support.replay import recorded_at, replay_app, settle
from tests.support.screen import select_service

OBJECTS = DATA / "objects"


async def test_ctrl_r_reads_the_object_again_and_says_when(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: list[int] = []
    recorded = ReplayApi.inspect_service

    def changing(self: ReplayApi, service_id: str) -> dict[str, Any]:
        data = recorded(self, service_id)
        reads.append(1)
        if len(reads) > 1:  # changed by someone else while the screen was open
            data = {**data, "Version": {"Index": 999_999}}
        return data

    monkeypatch.setattr(ReplayApi, "inspect_service", changing)
    app = replay_app(OBJECTS)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        select_service(app, "web")
        await pilot.press("y")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InspectScreen)
        status = str(screen.query_one("#inspect-status", Label).render())
        assert f"read at {recorded_at(OBJECTS):%H:%M:%S}" in status
        assert "999999" not in screen.text

        await pilot.press("ctrl+r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert len(reads) == 2
        assert "999999" in screen.text
        assert app.screen is screen  # the app's own refresh key did not take it
