"""The swarm's lifecycle end to end, on a two-node lab of this module's own (autolock locks the
manager and the last test destroys the swarm, so the shared lab is never touched): the settings
screen edits, autolock on with its key shown once, a restarted manager unlocked from its prompt,
the key rotated, a worker leaving, and the last manager leaving by typed confirmation.

The tests run in order and build on each other: each leaves the swarm as the next expects.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator

import pytest
from textual.widgets import Label, Static

from swarmtui.core.audit import read_entries
from swarmtui.core.config import Settings
from swarmtui.docker.client import DockerApi
from swarmtui.docker.connection import Endpoint
from swarmtui.docker.errors import SwarmLocked
from swarmtui.docker.protocol import SwarmApi
from swarmtui.docker.reader import SwarmReader
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs import ConfirmDialog, PromptDialog, TypedConfirmDialog
from swarmtui.ui.screens.swarm import SwarmScreen
from swarmtui.ui.screens.unlock import UnlockKeyScreen, UnlockScreen
from tests.support.lab import Lab, first_poll, run_cli, wait_for
from tests.support.screen import shown_rows
from tests.support.waiting import notifications, on_top

NAME = "lock"


@pytest.fixture(scope="module")
def own_lab() -> Iterator[Lab]:
    lab = Lab(name=NAME)
    up = lab.run(
        "up", "--nodes", "2", "--managers", "1", "--spare", "0", "--workload", "none", check=False
    )
    assert up.returncode == 0, f"the lab did not start:\n{up.stderr[-3000:]}"
    try:
        yield lab
    finally:
        lab.run("down", check=False)


@pytest.fixture
def app_on(own_lab: Lab) -> Callable[..., SwarmTuiApp]:
    def make(**settings: object) -> SwarmTuiApp:
        endpoint = Endpoint(own_lab.host(), "lab")

        def factory() -> SwarmApi:
            return DockerApi(endpoint)

        return SwarmTuiApp(Settings(**settings), factory)  # type: ignore[arg-type]

    return make


def swarm_spec(lab: Lab) -> dict:
    return json.loads(lab.docker("info", "--format", "{{json .Swarm.Cluster.Spec}}"))


def api_unlock_key(lab: Lab) -> str:
    return lab.docker("swarm", "unlock-key", "-q").strip()


async def open_swarm(pilot, app: SwarmTuiApp) -> SwarmScreen:  # noqa: ANN001
    await first_poll(pilot, app)
    await pilot.press("S")
    screen = await on_top(pilot, SwarmScreen)
    await wait_for(pilot, lambda: screen.settings is not None, what="the swarm's settings")
    return screen


async def confirm(pilot) -> None:  # noqa: ANN001
    await on_top(pilot, ConfirmDialog)
    await pilot.press("y")


def shown_key(app: SwarmTuiApp) -> str:
    return str(app.screen.query_one("#unlock-key-shown", Static).render()).strip()


async def test_the_settings_screen_changes_the_task_history_limit_and_heartbeat(
    own_lab: Lab, app_on
) -> None:  # noqa: ANN001
    assert swarm_spec(own_lab)["Orchestration"]["TaskHistoryRetentionLimit"] == 5
    app = app_on()
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_swarm(pilot, app)
        shown = str(screen.query_one("#swarm-settings", Static).render())
        assert "task history limit" in shown and "swarm-ca" in shown  # the daemon's own root CA
        await pilot.press("t")
        await on_top(pilot, PromptDialog)
        await pilot.press("ctrl+u", "-", "1", "enter")  # refused in one sentence, dialog stays
        await wait_for(
            pilot,
            lambda: (
                "not a task history limit"
                in str(app.screen.query_one("#dialog-error", Label).render())
            ),
            what="the refusal",
        )
        await pilot.press("ctrl+u", "9", "enter")
        await confirm(pilot)
        await wait_for(
            pilot,
            lambda: swarm_spec(own_lab)["Orchestration"]["TaskHistoryRetentionLimit"] == 9,
            what="the new limit read back",
        )
        # A short heartbeat also lets the manager see the leaving worker down sooner, below.
        await on_top(pilot, SwarmScreen)
        await pilot.press("b")
        await on_top(pilot, PromptDialog)
        await pilot.press("ctrl+u", *"2s", "enter")
        await confirm(pilot)
        await wait_for(
            pilot,
            lambda: swarm_spec(own_lab)["Dispatcher"]["HeartbeatPeriod"] == 2 * 10**9,
            what="the new heartbeat read back",
        )
    spec = swarm_spec(own_lab)
    assert spec["Orchestration"]["TaskHistoryRetentionLimit"] == 9  # each edit keeps the rest
    assert spec["CAConfig"]["NodeCertExpiry"] == 90 * 86400 * 10**9


async def unlock_from_the_prompt(pilot, app: SwarmTuiApp, key: str) -> None:  # noqa: ANN001
    """The prompt is up with the key field focused; a wrong key is said and the prompt stays;
    the right one brings the dashboard live."""
    prompt = await on_top(pilot, UnlockScreen, timeout=30)
    assert app.focused is prompt.key_input and prompt.key_input.password
    await pilot.press(*"SWMKEY-1-notthekey", "enter")
    await wait_for(
        pilot,
        lambda: "does not unlock" in str(prompt.error_label.render()),
        what="the wrong key's sentence",
    )
    assert app.screen is prompt
    await pilot.press("ctrl+u", *key, "enter")
    await wait_for(pilot, lambda: app.screen is app.main, what="the dashboard")
    polls = app.polling.polls_done
    await wait_for(pilot, lambda: app.polling.polls_done > polls, what="a poll after the unlock")
    assert app.main.header.connection == "live"
    assert not any(key in said for said in notifications(app))


def restart_manager(lab: Lab) -> None:
    lab.run("stop-node", "node1")
    lab.run("start-node", "node1")  # waits for the socket: a locked manager is never ready


async def test_autolock_on_shows_the_key_once_and_a_restarted_manager_is_unlocked(  # noqa: ANN001
    own_lab: Lab, app_on, audit_log
) -> None:
    app = app_on(read_only=False)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await open_swarm(pilot, app)
        await pilot.press("a")
        await confirm(pilot)
        await on_top(pilot, UnlockKeyScreen)
        key = api_unlock_key(own_lab)
        assert key.startswith("SWMKEY-1-") and shown_key(app) == key
        assert swarm_spec(own_lab)["EncryptionConfig"]["AutoLockManagers"] is True
        await pilot.press("enter")
        screen = await on_top(pilot, SwarmScreen)
        await wait_for(pilot, lambda: screen.settings and screen.settings.autolock, what="on")
        assert key not in str(screen.query_one("#swarm-settings", Static).render())
        assert not any(key in said for said in notifications(app))
        await pilot.press("escape")
        # Restarted while watched: the polls fail locked and the prompt comes up.
        await asyncio.to_thread(restart_manager, own_lab)
        await unlock_from_the_prompt(pilot, app, key)

    await asyncio.to_thread(restart_manager, own_lab)
    with pytest.raises(SwarmLocked):
        SwarmReader(own_lab.api()).check_manager()
    refused = run_cli("--host", own_lab.host(), "--read-only")
    assert refused.returncode == 1 and "locked" in refused.stderr
    app = app_on()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await unlock_from_the_prompt(pilot, app, key)  # started on a locked manager
    assert key not in audit_log.read_text()
    unlocks = [e for e in read_entries(audit_log) if e["action"] == "swarm-unlock"]
    assert [(e["outcome"], e["params"]) for e in unlocks if e["outcome"] != "started"] == [
        ("failed", {}),
        ("ok", {}),
    ] * 2


async def test_rotating_the_key_shows_the_new_one_once_then_autolock_off(  # noqa: ANN001
    own_lab: Lab, app_on
) -> None:
    old = api_unlock_key(own_lab)
    app = app_on()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await open_swarm(pilot, app)
        await pilot.press("k")
        await confirm(pilot)
        await on_top(pilot, UnlockKeyScreen)
        new = api_unlock_key(own_lab)
        assert new != old and shown_key(app) == new
        await pilot.press("escape")
        await on_top(pilot, SwarmScreen)
        await pilot.press("a")
        await confirm(pilot)
        await wait_for(
            pilot,
            lambda: swarm_spec(own_lab)["EncryptionConfig"]["AutoLockManagers"] is False,
            what="autolock off read back",
        )
        assert not isinstance(app.screen, UnlockKeyScreen)
        assert not any(new in said or old in said for said in notifications(app))


async def test_a_worker_leaving_from_its_own_daemon_shows_down(own_lab: Lab, app_on) -> None:  # noqa: ANN001
    own_lab.docker("swarm", "leave", node="node2")
    app = app_on()
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)

        def node2_state() -> str:
            nodes = app.snapshot.nodes if app.snapshot else ()
            return next((n.state for n in nodes if n.hostname == "node2"), "")

        await wait_for(pilot, lambda: node2_state() == "down", timeout=60, what="node2 down")
        await pilot.press("2")
        await wait_for(
            pilot, lambda: "down" in shown_rows(app, "nodes")["node2"], what="node2's row down"
        )


async def test_the_last_manager_leaves_only_once_its_name_is_typed(own_lab: Lab, app_on) -> None:  # noqa: ANN001
    app = app_on()
    async with app.run_test(size=(160, 48)) as pilot:
        await open_swarm(pilot, app)
        await pilot.press("L")
        dialog = await on_top(pilot, TypedConfirmDialog)
        assert "only manager" in str(dialog.message)
        await pilot.press(*"node2", "enter")  # not its name: nothing is sent
        await wait_for(
            pilot,
            lambda: "not 'node1'" in str(dialog.query_one("#dialog-error", Label).render()),
            what="the mistyped name refused",
        )
        assert own_lab.docker("info", "--format", "{{.Swarm.LocalNodeState}}").strip() == "active"
        await pilot.press("ctrl+u", *"node1", "enter")
        await wait_for(
            pilot,
            lambda: (
                own_lab.docker("info", "--format", "{{.Swarm.LocalNodeState}}").strip()
                == "inactive"
            ),
            what="node1 out of the swarm",
        )
