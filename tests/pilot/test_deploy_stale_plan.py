"""The deploy screen applies a plan only while the form asks for what it was worked out
from: an edit while the plan is in flight, or after it, leaves Apply off until planned again."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, Select, Static

from swarmtui.stack.deploy import Plan
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs import deploy
from swarmtui.ui.dialogs.deploy import DeployScreen
from tests.support.compose import write
from tests.support.replay import replay_app, settle


class SlowPlans:
    """make_plan held at its start until released, so the form can be edited meanwhile."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.asked: list[tuple[object, ...]] = []
        self._real = deploy.make_plan

    def __call__(self, *args: object) -> Plan:
        self.asked.append(args[1:])
        self.started.set()
        assert self.release.wait(10), "the test never released the plan"
        return self._real(*args)  # type: ignore[arg-type]


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowPlans]:
    plans = SlowPlans()
    monkeypatch.setattr(deploy, "make_plan", plans)
    yield plans
    plans.release.set()  # a failed test leaves no thread waiting


def _shown(app: SwarmTuiApp) -> tuple[str, str]:
    plan = str(app.screen.query_one("#deploy-plan", Static).render())
    return plan, str(app.screen.query_one("#dialog-error").render())


async def _wait(pilot: Pilot[None], app: SwarmTuiApp, ready: Callable[[], bool]) -> None:
    for _ in range(100):
        await pilot.pause(0.05)
        if ready():
            return
    raise AssertionError(f"the deploy screen never showed it: {_shown(app)}")


def _apply_off(screen: DeployScreen) -> bool:
    return screen.query_one("#apply", Button).disabled


def _edit(screen: DeployScreen, what: str, folder: Path) -> None:
    if what == "files":
        screen.query_one("#deploy-files", Input).value = str(folder / "b.yml")
    elif what == "stack":
        screen.query_one("#deploy-stack", Input).value = "other"
    elif what == "resolve":
        screen.query_one("#deploy-resolve", Select).value = "changed"
    else:
        screen.query_one("#deploy-prune", Checkbox).value = True


async def _open(pilot: Pilot[None], app: SwarmTuiApp, folder: Path) -> DeployScreen:
    write(folder, "a.yml", "services:\n  web:\n    image: swarmlab/app:1\n")
    write(folder, "b.yml", "services:\n  api:\n    image: swarmlab/app:2\n")
    await settle(pilot, app)
    await pilot.press("D")
    await _wait(pilot, app, lambda: isinstance(app.screen, DeployScreen))
    screen = app.screen
    assert isinstance(screen, DeployScreen)
    screen.query_one("#deploy-files", Input).value = str(folder / "a.yml")
    screen.query_one("#deploy-stack", Input).value = "st"
    screen.query_one("#deploy-resolve", Select).value = "never"
    await pilot.pause()
    return screen


@pytest.mark.parametrize("what", ["files", "stack", "resolve", "prune"])
async def test_an_edit_while_planning_leaves_apply_off(
    slow: SlowPlans, what: str, tmp_path: Path
) -> None:
    app = replay_app()
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _open(pilot, app, tmp_path)
        await pilot.click("#plan")
        await _wait(pilot, app, slow.started.is_set)
        _edit(screen, what, tmp_path)
        await pilot.pause()
        slow.release.set()
        await _wait(pilot, app, lambda: "Working out the plan" not in _shown(app)[0])
        assert _apply_off(screen) and screen.planned is None
        assert "ctrl+y applies it." not in _shown(app)[0]
        assert "changed while planning" in _shown(app)[1]

        await pilot.press("ctrl+y")  # the old plan is not applied behind the button's back
        await _wait(pilot, app, lambda: "Make a plan first" in _shown(app)[1])
        assert app.screen is screen

        await pilot.click("#plan")  # planned again: for the form as it is now
        await _wait(pilot, app, lambda: "ctrl+y applies it." in _shown(app)[0])
        assert slow.asked[-1] != slow.asked[0]
        assert screen.planned_for == screen._asked() and not _apply_off(screen)


async def test_an_edit_after_planning_turns_apply_off(slow: SlowPlans, tmp_path: Path) -> None:
    slow.release.set()
    app = replay_app()
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _open(pilot, app, tmp_path)
        await pilot.click("#plan")
        await _wait(pilot, app, lambda: "ctrl+y applies it." in _shown(app)[0])
        assert not _apply_off(screen)
        _edit(screen, "stack", tmp_path)
        await _wait(pilot, app, lambda: _apply_off(screen))
        await pilot.press("ctrl+y")
        await _wait(pilot, app, lambda: "Make a plan first" in _shown(app)[1])
        assert app.screen is screen and screen.planned is None
