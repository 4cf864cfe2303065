"""The rollout panel during real rolling updates on the lab: slots moving, a pause, a rollback.

Each test makes its own service without networks (overlay-free, so nothing but the update
itself can fail) and removes it afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from textual.widgets import Label, Static

from swarmtui.core.audit import read_outcomes
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs import ConfirmDialog, PromptDialog
from tests.support.lab import Lab, first_poll, inspect, select, type_into_dialog, wait_for

REPLICAS = 4


@pytest.fixture
def rolling_service(lab: Lab) -> Iterator[str]:
    name = f"roll-{uuid.uuid4().hex[:6]}"
    lab.docker(
        "service",
        "create",
        "--detach",
        "--no-resolve-image",
        "--name",
        name,
        "--replicas",
        str(REPLICAS),
        "--update-parallelism",
        "2",
        "--update-delay",
        "1s",
        "--update-monitor",
        "2s",
        "--update-failure-action",
        "pause",
        "--rollback-parallelism",
        "2",
        "--rollback-monitor",
        "1s",
        "--stop-grace-period",
        "1s",
        "swarmlab/app:1",
    )
    try:
        lab.settle(name)
        yield name
    finally:
        lab.docker("service", "rm", name, check=False)


def panel(app: SwarmTuiApp) -> str:
    """The rollout panel as a person reads it: its title bar, then its text."""
    if not app.main.has_class("-rollout"):
        return ""
    title = str(app.main.query_one("#rollout-title", Label).render())
    return title + "\n" + str(app.main.query_one("#rollout", Static).render())


def spec_image(lab: Lab, name: str) -> str:
    return inspect(lab, "service", name)["Spec"]["TaskTemplate"]["ContainerSpec"]["Image"]


def update_state(lab: Lab, name: str) -> str:
    return (inspect(lab, "service", name).get("UpdateStatus") or {}).get("State", "")


async def roll_to(pilot, app: SwarmTuiApp, image: str) -> None:  # noqa: ANN001
    await pilot.press("i")
    await wait_for(pilot, lambda: isinstance(app.screen, PromptDialog), what="the image dialog")
    await type_into_dialog(pilot, image)


async def test_rolling_update_shows_every_slot_until_completed(
    lab: Lab, lab_app, rolling_service: str
) -> None:  # noqa: ANN001
    app = lab_app()
    seen: list[str] = []

    def watch() -> bool:
        text = panel(app)
        if text and (not seen or seen[-1] != text):
            seen.append(text)
        return "completed" in text and text.count("✔") == REPLICAS

    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        await select(pilot, app, "service", rolling_service)
        assert panel(app) == ""  # nothing rolls out yet: no panel
        await roll_to(pilot, app, "swarmlab/app:2")
        await wait_for(pilot, watch, timeout=120, what="the panel to end completed")
    assert spec_image(lab, rolling_service) == "swarmlab/app:2"
    final = seen[-1]
    assert f"Update of {rolling_service}: completed · {REPLICAS}/{REPLICAS}" in final
    assert final.count("swarmlab/app:1 → swarmlab/app:2") == REPLICAS
    assert "parallelism 2, delay 1s, on failure pause, monitor 2s" in final
    # The slots moved while we watched: some views showed the update part way through.
    partway = [text for text in seen if "updating" in text and 0 < text.count("✔") < REPLICAS]
    assert partway, seen


async def test_failed_update_pauses_then_rolls_back_from_the_panel(
    lab: Lab, lab_app, rolling_service: str, audit_log
) -> None:  # noqa: ANN001
    app = lab_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        await select(pilot, app, "service", rolling_service)
        # No node has this tag and no registry answers: its tasks are rejected.
        await roll_to(pilot, app, "swarmlab/app:404")
        await wait_for(
            pilot,
            lambda: "paused" in panel(app),
            timeout=120,
            what="the panel to show the update paused",
        )
        text = panel(app)
        message = inspect(lab, "service", rolling_service)["UpdateStatus"]["Message"]
        assert message in text  # the daemon's own words, in full
        assert "press b to roll back or r to retry" in text.replace("\n", " ")
        assert "✗" in text  # the slot that failed says so

        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="rollback")
        await pilot.press("y")
        await wait_for(
            pilot,
            lambda: spec_image(lab, rolling_service) == "swarmlab/app:1",
            what="the spec to go back to tag 1",
        )
        await wait_for(
            pilot,
            lambda: "rollback completed" in panel(app),
            timeout=120,
            what="the panel to show the rollback completed",
        )
        assert f"Rollback of {rolling_service}" in panel(app)
    actions = [(e["action"], e["outcome"]) for e in read_outcomes(audit_log)]
    assert ("update-image", "ok") in actions and ("rollback", "ok") in actions


async def test_paused_update_can_be_retried_in_place(
    lab: Lab, lab_app, rolling_service: str, audit_log
) -> None:  # noqa: ANN001
    app = lab_app()

    def started() -> str:
        return (inspect(lab, "service", rolling_service).get("UpdateStatus") or {}).get(
            "StartedAt", ""
        )

    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        await select(pilot, app, "service", rolling_service)
        await roll_to(pilot, app, "swarmlab/app:404")
        await wait_for(
            pilot,
            lambda: "paused" in panel(app),
            timeout=120,
            what="the panel to show the update paused",
        )
        first_start = started()
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="retry")
        assert "no longer reachable" in str(app.screen.message)  # says what a retry costs
        await pilot.press("y")
        # The daemon restarts the updater: a new start time, and (same image) a new pause.
        await wait_for(
            pilot,
            lambda: started() not in ("", first_start),
            timeout=60,
            what="the update to start again",
        )
        await wait_for(
            pilot,
            lambda: update_state(lab, rolling_service) == "paused",
            timeout=120,
            what="the retried update to pause again",
        )
    assert read_outcomes(audit_log)[-1]["action"] == "retry-update"
    assert read_outcomes(audit_log)[-1]["outcome"] == "ok"
