"""Inspect on the objects recording: JSON and back (`j`), search with `n` and `N`, each kind
of object it opens for, and a config's data masked."""

from __future__ import annotations

import json

import pytest
import yaml
from textual.pilot import Pilot
from textual.widgets import Label

from swarmtui.docker.secrets import MASK
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.screens.inspect import InspectScreen
from tests.support.paths import DATA
from tests.support.replay import replay_app, settle
from tests.support.screen import select_service, table
from tests.support.waiting import back_on_main, on_top, wait_for

OBJECTS = DATA / "objects"
SITE_CONF_DATA = "bGlzdGVuIDgwOwo="
"""site_conf's content, base64, as the daemon returns it."""


async def inspect(pilot: Pilot[None], app: SwarmTuiApp) -> InspectScreen:
    """Press `y` and wait until the inspect is read and shown."""
    await pilot.press("y")
    screen = await on_top(pilot, InspectScreen)
    await wait_for(pilot, lambda: bool(screen.text), what=f"the inspect of {screen.key} shown")
    return screen


def status(screen: InspectScreen) -> str:
    return str(screen.query_one("#inspect-status", Label).render())


async def inspect_web(pilot: Pilot[None], app: SwarmTuiApp) -> InspectScreen:
    await settle(pilot)
    select_service(app, "web")
    await pilot.pause()
    return await inspect(pilot, app)


async def test_j_shows_the_json_and_then_the_yaml_again() -> None:
    app = replay_app(OBJECTS)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await inspect_web(pilot, app)
        assert status(screen).startswith("YAML") and not screen.text.startswith("{")
        assert yaml.safe_load(screen.text)["Spec"]["Name"] == "web"
        await pilot.press("j")
        assert status(screen).startswith("JSON")
        assert json.loads(screen.text)["Spec"]["Name"] == "web"
        assert "DB_PASSWORD=••••" in screen.text  # still masked as JSON
        await pilot.press("j")
        assert status(screen).startswith("YAML") and not screen.text.startswith("{")
        assert yaml.safe_load(screen.text)["Spec"]["Name"] == "web"


async def test_search_and_n_and_n_move_between_the_matches() -> None:
    app = replay_app(OBJECTS)
    async with app.run_test(size=(160, 20)) as pilot:
        screen = await inspect_web(pilot, app)
        rows = screen.text.splitlines()
        await pilot.press("slash", *"name", "enter")
        await pilot.pause()
        matches = screen.matches
        assert len(matches) >= 3 and all("name" in rows[number].lower() for number in matches)
        body = screen.query_one("#inspect-body")
        assert screen.match == 0 and f"/name: 1/{len(matches)}" in status(screen)
        await pilot.press("n")
        await pilot.pause()
        assert screen.match == 1 and f"/name: 2/{len(matches)}" in status(screen)
        assert body.scroll_target_y == min(matches[1], body.max_scroll_y)
        await pilot.press("N", "N")  # back past the first: round to the last
        await pilot.pause()
        last = len(matches) - 1
        assert screen.match == last and f"/name: {last + 1}/{len(matches)}" in status(screen)
        await pilot.press("n")
        assert screen.match == 0
        await pilot.press("slash", *"no such text", "enter")
        await pilot.pause()
        assert screen.matches == [] and "no match" in status(screen)


async def select_row(pilot: Pilot[None], app: SwarmTuiApp, view: str, key: str) -> None:
    """Show `view`, its table focused, the cursor on the row of `key`."""
    await pilot.press({"stacks": "5", "networks": "6", "secrets": "7", "configs": "8"}[view])
    await pilot.pause()
    rows = table(app, view)
    rows.move_cursor(row=rows.get_row_index(key))
    await pilot.pause()


@pytest.mark.parametrize(
    ("kind", "view", "key", "shown"),
    [
        ("network", "networks", "backend000000000000000001", "Name: backend"),
        ("config", "configs", "siteconf00000000000000001", "Name: site_conf"),
        ("secret", "secrets", "oldtok0000000000000000001", "Name: old_token"),
        ("stack", "stacks", "shop", "Name: shop_api"),
    ],
)
async def test_inspect_opens_for_each_object_in_its_view(
    kind: str, view: str, key: str, shown: str
) -> None:
    app = replay_app(OBJECTS)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await select_row(pilot, app, view, key)
        screen = await inspect(pilot, app)
        assert (screen.kind, screen.key) == (kind, key)
        assert shown in screen.text


async def test_inspect_opens_for_a_task_and_a_node() -> None:
    app = replay_app(OBJECTS)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        select_service(app, "web")
        await pilot.press("4")
        await pilot.pause()
        task = table(app, "tasks").selected_key
        assert task is not None
        screen = await inspect(pilot, app)
        assert (screen.kind, screen.key) == ("task", task)
        assert yaml.safe_load(screen.text)["ID"] == task
        await pilot.press("escape")
        await back_on_main(pilot)
        node = next(n for n in app.snapshot.nodes if n.hostname == "node2")
        app.main.jump_to("node", node.id)
        await pilot.pause()
        screen = await inspect(pilot, app)
        assert (screen.kind, screen.key) == ("node", node.id)
        assert yaml.safe_load(screen.text)["Description"]["Hostname"] == "node2"


async def test_a_configs_data_is_masked_until_revealed() -> None:
    app = replay_app(OBJECTS)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await select_row(pilot, app, "configs", "siteconf00000000000000001")
        screen = await inspect(pilot, app)
        assert SITE_CONF_DATA not in screen.text and f"Data: {MASK}" in screen.text
        await pilot.press("j")
        assert SITE_CONF_DATA not in screen.text and f'"Data": "{MASK}"' in screen.text
        await pilot.press("r")
        assert SITE_CONF_DATA in screen.text
