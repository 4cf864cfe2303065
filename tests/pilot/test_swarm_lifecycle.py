"""The unlock prompt and the swarm screen on the lab recording: a locked manager brings up the
prompt (at start and while watched), the key is never drawn, noted or audited, a new unlock key
is shown once, and read-only mode neither asks for a key nor changes the swarm."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from swarmtui.core.audit import read_entries
from swarmtui.core.config import Settings
from swarmtui.docker.errors import DaemonError, SwarmLocked
from swarmtui.docker.protocol import Json
from swarmtui.docker.rawlist import RawList
from swarmtui.docker.replay import ReplayApi
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs import ConfirmDialog
from swarmtui.ui.screens.help import HelpScreen
from swarmtui.ui.screens.swarm import SwarmScreen
from swarmtui.ui.screens.unlock import UnlockKeyScreen, UnlockScreen
from tests.support.replay import RECORDING, recorded_at
from tests.support.screen import prompt, rendered_text, run_from_palette
from tests.support.waiting import notifications, on_top, polled, wait_for

KEY = "SWMKEY-1-a9ZgIo3fVjWr8yZ0rT1uQk4PmWbS2dXe7hNc6LsAq5o"
NEW_KEY = "SWMKEY-1-Zq0rT1uQk4PmWbS2dXe7hNc6LsAq5oa9ZgIo3fVjWr8y"


class Cluster:
    """What the recording's daemon is, shared by every client the app opens."""

    def __init__(self) -> None:
        self.locked = False
        self.autolock = False
        self.key = KEY
        self.updates: list[tuple[int, Json, bool]] = []


class LockingReplay(ReplayApi):
    """The recording, whose manager can be locked; given the right key, it unlocks."""

    def __init__(self, folder: Path, cluster: Cluster) -> None:
        super().__init__(folder)
        self.cluster = cluster

    def _guard(self) -> None:
        if self.cluster.locked:
            raise SwarmLocked("The swarm is locked (recording).")

    def info(self) -> Json:
        info = super().info()
        state = "locked" if self.cluster.locked else "active"
        return {**info, "Swarm": {**info["Swarm"], "LocalNodeState": state}}

    def nodes(self) -> RawList:
        self._guard()
        return super().nodes()

    def inspect_swarm(self) -> Json:
        self._guard()
        swarm = super().inspect_swarm()
        swarm["Spec"]["EncryptionConfig"] = {"AutoLockManagers": self.cluster.autolock}
        return swarm

    def unlock_swarm(self, key: str) -> None:  # type: ignore[override]
        if not self.cluster.locked:
            raise DaemonError("swarm is not locked")
        if key != self.cluster.key:
            raise DaemonError("invalid key string")
        self.cluster.locked = False

    def update_swarm(  # type: ignore[override]
        self, version: int, spec: Json, rotate_unlock_key: bool = False, **rotate: bool
    ) -> None:
        self.cluster.updates.append((version, spec, rotate_unlock_key))
        self.cluster.autolock = bool(spec["EncryptionConfig"]["AutoLockManagers"])
        if rotate_unlock_key:
            self.cluster.key = NEW_KEY

    def unlock_key(self) -> str:  # type: ignore[override]
        return self.cluster.key


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "lab"
    shutil.copytree(RECORDING, copy)
    cluster = json.loads((copy / "info.json").read_text())["Swarm"]["Cluster"]
    (copy / "swarm.json").write_text(json.dumps(cluster))
    return copy


def app_over(folder: Path, cluster: Cluster, **settings: Any) -> SwarmTuiApp:
    frozen = recorded_at()
    return SwarmTuiApp(
        Settings(interval=0.5, **settings),
        lambda: LockingReplay(folder, cluster),
        clock=lambda: frozen,
        follow_events=False,
    )


def everything_said(app: SwarmTuiApp, audit_log: Path) -> str:
    shown = [strip.text for strip in app.screen._compositor.render_strips()]  # the terminal's
    return "\n".join([*notifications(app), audit_log.read_text(), *shown])


async def test_a_locked_manager_opens_on_the_prompt_and_a_wrong_key_keeps_it(
    folder: Path, audit_log: Path
) -> None:
    cluster = Cluster()
    cluster.locked = True
    app = app_over(folder, cluster)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        prompt = await on_top(pilot, UnlockScreen)
        assert app.focused is prompt.key_input and prompt.key_input.password
        await pilot.press(*"SWMKEY-1-wrong", "enter")
        await wait_for(
            pilot,
            lambda: (
                str(prompt.error_label.render())
                == "That key does not unlock this swarm; check it and try again."
            ),
            what="one sentence for the wrong key",
        )
        assert app.screen is prompt and cluster.locked
        await pilot.press("ctrl+u", *KEY)
        await pilot.pause()
        assert KEY not in everything_said(app, audit_log)  # typed, never drawn
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is app.main, what="the dashboard")
        await polled(pilot)
        assert app.main.header.connection == "live"
        assert KEY not in everything_said(app, audit_log)
    outcomes = [e for e in read_entries(audit_log) if e["outcome"] != "started"]
    assert [(e["action"], e["params"], e["outcome"]) for e in outcomes] == [
        ("swarm-unlock", {}, "failed"),
        ("swarm-unlock", {}, "ok"),
    ]


async def test_a_manager_that_locks_while_watched_brings_the_prompt_once(folder: Path) -> None:
    cluster = Cluster()
    app = app_over(folder, cluster)
    async with app.run_test(size=(120, 40)) as pilot:
        await polled(pilot)
        cluster.locked = True
        await on_top(pilot, UnlockScreen)
        assert "locked" in app.main.header.message
        await pilot.press("escape")  # closed: the failing polls do not bring it back
        await wait_for(pilot, lambda: app.screen is app.main, what="the dashboard")
        for failures in range(app.polling.failures, app.polling.failures + 2):
            await pilot.press("ctrl+r")  # a poll now, failing locked again
            await wait_for(pilot, lambda f=failures: app.polling.failures > f, what="a failed poll")
            assert app.screen is app.main
        await pilot.press("U")
        await on_top(pilot, UnlockScreen)
        cluster.locked = False  # someone ran docker swarm unlock: the prompt goes by itself
        await wait_for(pilot, lambda: app.screen is app.main, what="the prompt to go")


async def test_read_only_never_asks_for_the_key_nor_offers_a_change(
    folder: Path, audit_log: Path
) -> None:
    cluster = Cluster()
    cluster.locked = True
    app = app_over(folder, cluster, read_only=True)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await wait_for(pilot, lambda: app.polling.failures > 1, what="the locked polls")
        assert app.screen is app.main and "locked" in app.main.header.message
        await pilot.press("U")
        await wait_for(pilot, lambda: read_entries(audit_log), what="the refusal")
        assert app.screen is app.main
        cluster.locked = False
        await polled(pilot)
        await pilot.press("S")
        screen = await on_top(pilot, SwarmScreen)
        await wait_for(pilot, lambda: screen.settings is not None, what="the settings")
        keys = str(screen.query(Static).last().render())
        assert "autolock" not in keys and "leave" not in keys and "close" in keys
        for key in ("a", "t", "k", "L"):
            await pilot.press(key)
        await wait_for(pilot, lambda: len(read_entries(audit_log)) == 5, what="the refusals")
        assert app.screen is screen and cluster.updates == []
        await pilot.press("question_mark")
        text = rendered_text((await on_top(pilot, HelpScreen)).table, width=160)
    assert [e["outcome"] for e in read_entries(audit_log)] == ["refused"] * 5
    for hidden in ("swarm.unlock", "swarm.autolock", "swarm.task_history", "swarm.leave"):
        assert hidden not in text
    assert "swarm.settings" in text


async def test_a_new_unlock_key_is_shown_once_and_never_after(
    folder: Path, audit_log: Path
) -> None:
    cluster = Cluster()
    app = app_over(folder, cluster)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await polled(pilot)
        await pilot.press("S")
        screen = await on_top(pilot, SwarmScreen)
        await wait_for(pilot, lambda: screen.settings is not None, what="the settings")
        await pilot.press("a")
        await on_top(pilot, ConfirmDialog)
        await pilot.press("y")
        await on_top(pilot, UnlockKeyScreen)
        assert KEY in everything_said(app, audit_log)  # the once
        await pilot.press("c")
        await wait_for(pilot, lambda: app.clipboard == KEY, what="the key copied")
        assert KEY not in audit_log.read_text() and not any(KEY in n for n in notifications(app))
        await pilot.press("enter")
        await on_top(pilot, SwarmScreen)
        await wait_for(pilot, lambda: screen.settings and screen.settings.autolock, what="on")
        assert KEY not in everything_said(app, audit_log)
        await pilot.press("k")
        await on_top(pilot, ConfirmDialog)
        await pilot.press("y")
        await on_top(pilot, UnlockKeyScreen)
        assert NEW_KEY in everything_said(app, audit_log)
        await pilot.press("escape")
        await on_top(pilot, SwarmScreen)
        assert NEW_KEY not in everything_said(app, audit_log)
    _version, spec, rotated = cluster.updates[-1]
    assert rotated and spec["Orchestration"] == {"TaskHistoryRetentionLimit": 5}
    actions = [(e["action"], e["params"]) for e in read_entries(audit_log) if e["outcome"] == "ok"]
    assert actions == [("swarm-autolock", {"autolock": True}), ("swarm-rotate-unlock-key", {})]


async def test_the_swarm_screen_is_reached_by_its_key_the_prompt_and_the_palette(
    folder: Path,
) -> None:
    app = app_over(folder, Cluster())
    async with app.run_test(size=(160, 48)) as pilot:
        await polled(pilot)
        await prompt(pilot, "colon", ":swarm")
        screen = await on_top(pilot, SwarmScreen)
        await wait_for(pilot, lambda: screen.settings is not None, what="the settings")
        shown = str(screen.query_one("#swarm-settings", Static).render())
        assert "dispatcher heartbeat" in shown and "5s" in shown and "data path port" in shown
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main, what="the dashboard")
        await run_from_palette(pilot, "swarm settings")
        await on_top(pilot, SwarmScreen)
        await pilot.press("S")
        await wait_for(pilot, lambda: app.screen is app.main, what="S to close it")
