"""What the dashboard says when something underneath fails: the event stream, the audit log
(whatever its path holds); and what it asks before a change that stops every task."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from swarmtui.core.writes import WriteRunner
from swarmtui.docker.connection import Endpoint
from swarmtui.docker.protocol import Json
from swarmtui.docker.replay import ReplayApi
from swarmtui.ui.dialogs import ConfirmDialog, PromptDialog
from swarmtui.ui.events import EventFollower
from swarmtui.ui.messages import EventStreamConnected, EventStreamLost
from swarmtui.ui.screens.inspect import InspectScreen
from swarmtui.ui.screens.join import JoinScreen
from swarmtui.ui.screens.main import MainScreen
from swarmtui.ui.setup import SwarmSetupApp
from tests.support.replay import RECORDING, replay_app, settle
from tests.support.screen import select_service
from tests.support.waiting import back_on_main, on_top, wait_for


class BreakingEvents(ReplayApi):
    """The recording, whose event stream breaks the first time it is opened."""

    opened = 0

    def events(self, since: float | None = None) -> Iterator[Json]:
        BreakingEvents.opened += 1
        if BreakingEvents.opened == 1:
            raise RuntimeError("stream parse error: bad chunk")
        return self._quiet()

    def _quiet(self) -> Iterator[Json]:
        self._closed.wait()  # an open stream on an idle cluster, until closed
        yield from ()


class Collector:
    def __init__(self) -> None:
        self.messages: list[object] = []

    def post_message(self, message: object) -> bool:
        self.messages.append(message)
        return True


def test_the_event_follower_survives_any_error_and_says_so() -> None:
    BreakingEvents.opened = 0
    app = Collector()
    follower = EventFollower(app, lambda: BreakingEvents(RECORDING))  # type: ignore[arg-type]
    follower.start()
    deadline = time.monotonic() + 30
    while len(app.messages) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    follower.stop()
    kinds = [type(message) for message in app.messages]
    assert kinds[:2] == [EventStreamLost, EventStreamConnected]
    assert "bad chunk" in app.messages[0].reason  # type: ignore[attr-defined]


async def test_the_header_says_when_events_are_lost() -> None:
    app = replay_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        app.post_message(EventStreamLost("RuntimeError: boom"))
        await pilot.pause()
        assert "events lost: polling only" in str(app.main.header.render())
        app.post_message(EventStreamConnected())
        await pilot.pause()
        assert "events lost" not in str(app.main.header.render())


async def test_scaling_to_zero_asks_first() -> None:
    app = replay_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        select_service(app, "web")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("end", "ctrl+u", "0", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "to 0" in app.screen.title_text
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_an_unwritable_audit_log_is_a_warning(
    audit_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    audit_log.mkdir()  # no file can be appended there
    app = replay_app()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot, app)
        select_service(app, "web")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("y")  # the recording refuses the change, as a daemon can
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert app.return_code is None  # still running
    assert any("could not be written" in message for message in said)
    assert any("recording" in message for message in said)  # the write's own outcome too


async def test_an_audit_log_path_that_looks_like_markup_is_shown_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unwritable = tmp_path / "a[" / "x]" / "audit.log"  # …/a[/x]/audit.log: a closing tag
    unwritable.mkdir(parents=True)  # a folder where the file should be: no line can be added
    monkeypatch.setenv("SWARMTUI_AUDIT_LOG", str(unwritable))
    app = replay_app()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot, app)
        select_service(app, "web")
        await pilot.pause()
        await pilot.press("f", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert app.return_code is None  # no MarkupError closed it
    assert any(f"The audit log {unwritable} could not be written" in m for m in said), said


async def test_swarm_setup_shows_an_audit_log_path_with_control_characters_visibly(
    tmp_path: Path,
) -> None:
    unwritable = tmp_path / "\x1b[2Jaudit.log"
    unwritable.mkdir()
    runner = WriteRunner(
        lambda: ReplayApi(RECORDING),
        read_only=False,
        endpoint="unix:///var/run/docker.sock",
        audit_path=unwritable,
    )
    endpoint = Endpoint("unix:///var/run/docker.sock", "default")
    app = SwarmSetupApp(runner, endpoint, "The daemon is in no swarm.")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
    audit = [message for message in said if "could not be written" in message]
    assert audit and "␛[2Jaudit.log" in audit[0] and "\x1b" not in audit[0]


async def test_a_bug_while_reading_for_inspect_or_join_is_said_and_the_app_stays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object) -> object:
        raise KeyError("Spec")

    monkeypatch.setattr("swarmtui.ui.screens.inspect.inspect", broken)
    monkeypatch.setattr("swarmtui.ui.screens.join.read_join_tokens", broken)
    app = replay_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        select_service(app, "web")
        await pilot.press("y")
        inspecting = await on_top(pilot, InspectScreen)

        def status() -> str:
            return str(inspecting.query_one("#inspect-status").render())

        await wait_for(pilot, lambda: status() != "Reading…", what="the inspect read to end")
        assert status() == "Could not inspect: KeyError: 'Spec'"
        await pilot.press("escape", "J")
        joining = await on_top(pilot, JoinScreen)

        def error() -> str:
            return str(joining.query_one("#join-error").render())

        await wait_for(
            pilot, lambda: joining.tokens is not None or bool(error()), what="the tokens read"
        )
        assert error() == "Could not read the join tokens: KeyError: 'Spec'"
        await pilot.press("escape")
        await back_on_main(pilot)
        assert app.is_running and app.screen is app.main
