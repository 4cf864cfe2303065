"""The deploy screen after a deploy refused part way, over a copy of the lab recording that
keeps its writes (tests/support/storing.py): the failure and what was already done stay on
screen, the plan is made again from what now runs, and applying it continues from there. The
same on a swarm: tests/lab/test_stack_deploy_cli.py; the applying itself:
tests/unit/test_stack_apply.py."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from swarmtui.core.config import Settings
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs.deploy import DeployScreen
from tests.support.compose import COMPOSE
from tests.support.replay import recorded_at, settle
from tests.support.storing import FailsOnWrite, StoringReplay, recording_copy
from tests.support.waiting import wait_for


def _shown(app: SwarmTuiApp) -> tuple[str, str]:
    """The plan and the message under it."""
    plan = str(app.screen.query_one("#deploy-plan", Static).render())
    return plan, str(app.screen.query_one("#dialog-error").render())


async def _wait(pilot: Pilot[None], app: SwarmTuiApp, ready: Callable[[], bool]) -> None:
    try:
        await wait_for(pilot, ready)
    except AssertionError:
        raise AssertionError(f"the deploy screen never showed it: {_shown(app)}") from None


async def test_a_deploy_refused_part_way_lists_what_was_done_and_plans_again(
    tmp_path: Path,
) -> None:
    folder = recording_copy(tmp_path, "compose_shared")
    files = tmp_path / "compose"
    shutil.copytree(COMPOSE, files)
    frozen = recorded_at()
    app = SwarmTuiApp(
        Settings(),
        # The write runner opens one client and keeps it: its second create is refused.
        lambda: FailsOnWrite(folder, fail_on=2),
        clock=lambda: frozen,
        follow_events=False,
    )
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await pilot.press("D")
        await _wait(pilot, app, lambda: isinstance(app.screen, DeployScreen))
        screen = app.screen
        screen.query_one("#deploy-files", Input).value = str(files / "objects.yml")
        screen.query_one("#deploy-stack", Input).value = "st"
        screen.query_one("#deploy-resolve", Select).value = "never"
        await pilot.click("#plan")
        await _wait(pilot, app, lambda: "ctrl+y applies it." in _shown(app)[0])
        assert "  + network st_default" in _shown(app)[0]

        await pilot.press("ctrl+y")  # the second create, network st_default, is refused
        await _wait(pilot, app, lambda: "Planned again from what now runs" in _shown(app)[0])
        plan, message = _shown(app)
        assert message.splitlines()[:3] == [
            "Could not create network st_default: rpc error: code = Unknown desc = cannot "
            "create st_default",
            "Already done, in order: created network st_backend.",
            "Nothing after it was attempted; plan again to continue from what now runs.",
        ]
        assert "    network st_backend (unchanged)" in plan.splitlines()
        assert "  + network st_default" in plan.splitlines()
        assert plan.endswith("Planned again from what now runs; ctrl+y applies it.")
        assert isinstance(app.screen, DeployScreen)

        await pilot.press("ctrl+y")  # continues from there: no "already exists"
        await _wait(pilot, app, lambda: not isinstance(app.screen, DeployScreen))
    stored = StoringReplay(folder)
    names = {s["Spec"]["Name"] for s in stored.list_objects("services", {})}
    assert {"st_front", "st_back", "st_loner"} <= names
