"""The join screen over a copy of the lab recording given made-up tokens: masked until
revealed, copied on request; never revealed nor copied in read-only mode. The pure parts of
swarm setup are tested in tests/unit/test_swarm_setup.py; behaviour against a daemon in
tests/lab/test_swarm_setup.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Label, Static

from swarmtui.core.config import Settings
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.swarm_setup import MASK, join_command
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.screens.join import READ_ONLY_TOKENS, JoinScreen
from tests.support.replay import MANAGER_TOKEN as MANAGER
from tests.support.replay import RECORDING, recorded_at
from tests.support.replay import WORKER_TOKEN as WORKER
from tests.support.waiting import notifications, on_top, palette_searched, wait_for


@pytest.fixture
def recording_with_tokens(tmp_path: Path) -> Path:
    folder = tmp_path / "lab"
    shutil.copytree(RECORDING, folder)
    info = json.loads((folder / "info.json").read_text())
    cluster = info["Swarm"]["Cluster"]
    swarm = {**cluster, "JoinTokens": {"Worker": WORKER, "Manager": MANAGER}}
    (folder / "swarm.json").write_text(json.dumps(swarm))
    return folder


def _app(folder: Path, read_only: bool) -> SwarmTuiApp:
    frozen = recorded_at()
    return SwarmTuiApp(
        Settings(read_only=read_only),
        lambda: ReplayApi(folder),
        clock=lambda: frozen,
        follow_events=False,
    )


async def _open_join_screen(app: SwarmTuiApp, pilot: Pilot[None]) -> JoinScreen:
    await pilot.press("ctrl+p", *"join tokens")  # the palette offers it, as `J` does
    await palette_searched(pilot)
    await pilot.press("enter")
    screen = await on_top(pilot, JoinScreen)
    await wait_for(pilot, lambda: screen.tokens is not None, what="the join tokens")
    return screen


async def test_read_only_mode_never_reveals_nor_copies_a_token(
    recording_with_tokens: Path,
) -> None:
    app = _app(recording_with_tokens, read_only=True)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await _open_join_screen(app, pilot)

        def shown(role: str) -> str:
            return str(screen.query_one(f"#join-{role}", Static).render()).strip()

        address = screen.tokens.address  # type: ignore[union-attr]
        assert shown("worker") == f"docker swarm join --token SWMTKN-1-{MASK} {address}"
        keys = str(screen.query_one(".dialog-keys", Static).render())
        assert "Read-only mode: the tokens stay hidden" in keys and "w / m" not in keys
        await pilot.press("t", "w", "m")
        await wait_for(  # each key said why it was refused: all three were handled
            pilot,
            lambda: sum(READ_ONLY_TOKENS in m for m in notifications(app)) == 3,
            what="three refusals",
        )
        assert WORKER not in shown("worker") and MANAGER not in shown("manager")
        assert WORKER not in app.clipboard and MANAGER not in app.clipboard
        assert any(
            "Read-only mode: the tokens stay hidden" in str(n.message) for n in app._notifications
        )
        await pilot.press("escape")


async def test_join_screen_masks_until_revealed(recording_with_tokens: Path) -> None:
    app = _app(recording_with_tokens, read_only=False)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await _open_join_screen(app, pilot)

        def shown(role: str) -> str:
            return str(screen.query_one(f"#join-{role}", Static).render()).strip()

        address = screen.tokens.address  # type: ignore[union-attr]
        assert address.endswith(":2377")
        assert shown("worker") == f"docker swarm join --token SWMTKN-1-{MASK} {address}"
        assert MANAGER not in shown("manager")
        await pilot.press("t")
        assert shown("worker") == join_command(WORKER, address)
        assert shown("manager") == join_command(MANAGER, address)
        await pilot.press("w")
        assert app.clipboard == join_command(WORKER, address)
        assert not str(screen.query_one("#join-error", Label).render())
        await pilot.press("escape")
        assert not isinstance(app.screen, JoinScreen)
