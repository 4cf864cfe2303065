"""Node actions end to end on the lab: labels, promote and demote, removing a node that is down.

Each test restores what it changed; the node-removal test uses the spare daemon (in no swarm)
joined for the occasion, so the lab's three nodes are never at risk.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator

import pytest

from swarmtui.core.audit import read_outcomes
from swarmtui.ui.dialogs import ConfirmDialog, PromptDialog, TypedConfirmDialog
from swarmtui.ui.screens.main import MainScreen
from tests.support.lab import (
    Lab,
    dialog_error,
    first_poll,
    inspect,
    open_dialog,
    select,
    type_into_dialog,
    wait_for,
)
from tests.support.waiting import workers_done

LABEL = "swarmtui.e2e"


def labels(lab: Lab, node: str) -> dict[str, str]:
    return inspect(lab, "node", node)["Spec"].get("Labels") or {}


async def test_add_and_remove_a_label(lab: Lab, lab_app, audit_log) -> None:  # noqa: ANN001
    app = lab_app()
    before = labels(lab, "node2")  # not the version: the daemon bumps it on status changes
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await first_poll(pilot, app)
            await select(pilot, app, "node", "node2")
            await open_dialog(pilot, app, "l", PromptDialog)
            for bad in ("=yes", "   "):
                await type_into_dialog(pilot, bad)
                assert isinstance(app.screen, PromptDialog)
                assert "no key" in dialog_error(app), bad
            assert labels(lab, "node2") == before
            await type_into_dialog(pilot, f"{LABEL}=yes")
            await wait_for(
                pilot, lambda: labels(lab, "node2").get(LABEL) == "yes", what="the label on node2"
            )
            assert labels(lab, "node2")["zone"] == "b"  # the others stay: whole spec sent
            await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), what="main")
            await open_dialog(pilot, app, "L", PromptDialog)
            await type_into_dialog(pilot, LABEL)
            await wait_for(pilot, lambda: LABEL not in labels(lab, "node2"), what="the label to go")
    finally:
        lab.docker("node", "update", "--label-rm", LABEL, "node2", check=False)
    actions = [(e["action"], e["outcome"]) for e in read_outcomes(audit_log)]
    assert actions[-2:] == [("node-label-add", "ok"), ("node-label-remove", "ok")]


async def test_pause_asks_then_stops_scheduling_and_activate_undoes_it(lab: Lab, lab_app) -> None:  # noqa: ANN001
    app = lab_app()

    def availability() -> str:
        return inspect(lab, "node", "node2")["Spec"]["Availability"]

    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await first_poll(pilot, app)
            await select(pilot, app, "node", "node2")
            await open_dialog(pilot, app, "p", ConfirmDialog)
            assert "no new task is placed there" in str(app.screen.message)
            await pilot.press("n")
            await workers_done(pilot, "actions")  # the action ended with the answer
            assert availability() == "active"
            await open_dialog(pilot, app, "p", ConfirmDialog)
            await pilot.press("y")
            await wait_for(pilot, lambda: availability() == "pause", what="node2 paused")
            await wait_for(
                pilot,
                lambda: app.snapshot.node_by_id[app.main.selection[1]].availability == "pause",
                what="the screen to follow",
            )
            await pilot.press("a")
            await wait_for(pilot, lambda: availability() == "active", what="node2 active")
    finally:
        lab.docker("node", "update", "--availability", "active", "node2")


@pytest.fixture
def down_spare(lab: Lab) -> Iterator[str]:
    """The spare joined as a worker, then its daemon stopped: a node that is down."""
    token = lab.docker("swarm", "join-token", "-q", "worker").strip()
    address = inspect(lab, "node", "node1")["ManagerStatus"]["Addr"]
    lab.docker("swarm", "join", "--token", token, address, node="spare1")
    node_id = lab.docker("info", "--format", "{{.Swarm.NodeID}}", node="spare1").strip()
    try:
        lab.run("stop-node", "spare1")
        deadline = time.monotonic() + 60
        while inspect(lab, "node", node_id)["Status"]["State"] != "down":
            assert time.monotonic() < deadline, "the stopped spare never showed as down"
            time.sleep(1)
        yield node_id
    finally:
        lab.run("start-node", "spare1", check=False)
        lab.docker("swarm", "leave", "--force", node="spare1", check=False)
        lab.docker("node", "rm", "--force", node_id, check=False)


async def test_remove_a_down_node_after_typing_its_name(lab: Lab, lab_app, down_spare: str) -> None:  # noqa: ANN001
    app = lab_app()

    def listed() -> bool:
        return down_spare in lab.docker("node", "ls", "--format", "{{.ID}}").split()

    async with app.run_test(size=(120, 40)) as pilot:
        await first_poll(pilot, app)
        await wait_for(
            pilot,
            lambda: (
                app.snapshot.node_by_id.get(down_spare) is not None
                and app.snapshot.node_by_id[down_spare].state == "down"
            ),
            what="the spare to show as down",
        )
        await pilot.press("2")
        table = app.main.query_one("#nodes")
        table.move_cursor(row=table.get_row_index(down_spare))
        await wait_for(
            pilot,
            lambda: app.main.selection == ("node", down_spare, None),
            what="the spare selected",
        )
        await open_dialog(pilot, app, "x", TypedConfirmDialog)
        assert "is down" in str(app.screen.message)
        await type_into_dialog(pilot, "node1")
        assert "nothing was changed" in dialog_error(app) and listed()
        await type_into_dialog(pilot, "spare1")
        await wait_for(pilot, lambda: not listed(), what="the node to leave the list")
        await wait_for(
            pilot, lambda: down_spare not in app.snapshot.node_by_id, what="the screen to drop it"
        )


def test_spare_is_back_outside_the_swarm(lab: Lab) -> None:
    """The fixture's clean-up held: later tests still find the spare in no swarm."""
    state = subprocess.run(
        ["docker", "-H", lab.host("spare1"), "info", "--format", "{{.Swarm.LocalNodeState}}"],
        text=True,
        capture_output=True,
        check=False,  # the state is what is asserted
    )
    assert state.stdout.strip() == "inactive"
