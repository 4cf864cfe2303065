"""A worker that meets an unexpected exception says so in a sentence and leaves nothing stuck
on screen: the incident report, a log stream, remembering the sort order, initializing a
swarm."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
from textual.widgets import Input, Label, Static

from swarmtui.core.config import Settings
from swarmtui.core.writes import WriteRunner
from swarmtui.docker.connection import Endpoint
from swarmtui.docker.logs import LogLine, LogOptions
from swarmtui.docker.replay import ReplayApi
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.screens.logs import LogsScreen
from swarmtui.ui.setup import SwarmSetupApp
from tests.support.replay import RECORDING, recorded_at, replay_app, settle
from tests.support.screen import select_service
from tests.support.waiting import wait_for


def boom(*args: Any, **kwargs: Any) -> NoReturn:
    raise RuntimeError("disk on fire")


def said(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_report_writer_that_raises_is_said(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("swarmtui.ui.incident.write_report", boom)
    app = replay_app()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("R")
        await wait_for(pilot, lambda: any("could not be written" in m for m in said(app)))
        assert "The incident report could not be written: RuntimeError('disk on fire')" in said(app)
        assert all(worker.is_finished for worker in app.workers if worker.group == "report")


class BrokenLogs(ReplayApi):
    """web's log stream gives one line, then a bug in reading it raises."""

    def follow_logs(self, kind: str, object_id: str, options: LogOptions) -> Iterator[LogLine]:
        yield next(iter(super().follow_logs(kind, object_id, options)))
        raise RuntimeError("parser bug")


async def test_a_log_stream_that_raises_is_said_and_not_left_following() -> None:
    frozen = recorded_at()
    app = SwarmTuiApp(
        Settings(), lambda: BrokenLogs(RECORDING), clock=lambda: frozen, follow_events=False
    )
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        select_service(app, "web")
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, LogsScreen) and app.screen.problem)
        screen = app.screen
        assert isinstance(screen, LogsScreen)
        assert screen.problem == "Could not read the logs of web: RuntimeError('parser bug')"
        status = screen.query_one("#logs-status", Static)
        await wait_for(pilot, lambda: "stopped on an error" in str(status.render()))
        assert "following" not in str(status.render())


async def test_remembering_the_order_that_raises_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("swarmtui.ui.remembering.remember_setting", boom)
    config = tmp_path / "config.toml"
    app = replay_app(config_file=config)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("o")
        await wait_for(pilot, lambda: any("Could not remember" in m for m in said(app)))
        assert any("RuntimeError('disk on fire')" in m for m in said(app))


class BrokenRunner(WriteRunner):
    def run(self, write: Any) -> NoReturn:
        raise RuntimeError("runner bug")


async def test_a_swarm_init_that_raises_unfreezes_the_form_and_says_why() -> None:
    endpoint = Endpoint("unix:///replay.sock", "replay")
    runner = BrokenRunner(lambda: ReplayApi(RECORDING), read_only=False, endpoint="replay")
    app = SwarmSetupApp(runner, endpoint, "This daemon is not part of a swarm.")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        error = app.screen.query_one("#setup-error", Label)
        await wait_for(pilot, lambda: "runner bug" in str(error.render()))
        assert str(error.render()) == "Could not initialize a swarm: RuntimeError('runner bug')"
        assert not app.screen.query_one(Input).disabled
