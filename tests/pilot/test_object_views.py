"""The events screen, inspect, the object views and the `:` prompt on the objects recording."""

from __future__ import annotations

import json

from textual.widgets import Input

from swarmtui.docker.events import parse_event
from swarmtui.ui.screens.events import EventsScreen
from swarmtui.ui.screens.inspect import InspectScreen
from swarmtui.ui.screens.logs import LogsScreen
from tests.support.paths import DATA
from tests.support.replay import replay_app, settle
from tests.support.waiting import back_on_main, notified, on_top, wait_for

OBJECTS = DATA / "objects"


def feed_events(app) -> None:  # noqa: ANN001
    for raw in json.loads((OBJECTS / "events.json").read_text()):
        app.event_history.add(parse_event(raw), replayed=True)


def service_id(app, name: str) -> str:  # noqa: ANN001
    return next(s.id for s in app.snapshot.services if s.name == name)


def suggested(app) -> str:  # noqa: ANN001
    """What the `:` prompt offers to complete to (`right` takes it); Textual keeps it private."""
    return app.screen.query_one(Input)._suggestion


async def filtered(pilot, text: str) -> None:  # noqa: ANN001
    """Wait for the events screen to take `text` as its filter and its bar to hide."""
    screen = pilot.app.screen
    await wait_for(
        pilot,
        lambda: screen.text == text and not screen.query_one("#events-filter").display,
        what=f"the events filter {text!r}",
    )


async def test_events_screen_lists_changes_and_jumps_to_the_node() -> None:
    app = replay_app(OBJECTS)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        feed_events(app)
        await pilot.press("E")
        await on_top(pilot, EventsScreen)
        assert isinstance(app.screen, EventsScreen)
        await pilot.press("slash", *"drain", "enter")
        await filtered(pilot, "drain")
        table = app.screen.query_one("#events")
        assert table.row_count == 1
        assert "availability active → drain" in str(table.get_row_at(0)[4])
        await pilot.press("enter")
        await back_on_main(pilot)
        assert app.screen is app.main and app.main.selection.kind == "node"
        assert app.main.view == "nodes"


async def test_detail_shows_the_selected_services_recent_events() -> None:
    app = replay_app(OBJECTS)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        feed_events(app)
        web = service_id(app, "web")
        app.main.jump_to("service", web)
        await wait_for(pilot, lambda: app.main.selection == ("service", web, None), what="web")
        app.main.redraw_detail()
        detail = str(app.main.query_one("#detail").render())
        assert "Recent events" in detail and "replicas 3 → 5" in detail


async def test_detail_shows_a_stacks_recent_events_saying_whose() -> None:
    app = replay_app(OBJECTS)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        feed_events(app)  # web's, node1's, backend's, and db_password's (a secret of shop)
        scaled = {
            "Type": "service",
            "Action": "update",
            "Actor": {
                "ID": service_id(app, "shop_api"),
                "Attributes": {"name": "shop_api", "replicas.old": "1", "replicas.new": "2"},
            },
            "time": 1795592148,
            "timeNano": 1795592148703587072,
        }
        app.event_history.add(parse_event(scaled))
        await pilot.press("5")  # the stacks view, its cursor on shop
        await wait_for(pilot, lambda: app.main.view == "stacks", what="the stacks view")
        assert app.main.selection is not None and app.main.selection.kind == "stack"
        app.main.redraw_detail()
        detail = str(app.main.query_one("#detail").render())
        assert "Recent events" in detail
        recent = detail.split("Recent events")[1].strip().splitlines()
        assert [row.split(maxsplit=1)[1] for row in recent] == [
            "service shop_api update  replicas 1 → 2",
            "secret db_password create",
        ]


async def inspect_web(read_only: bool) -> tuple[str, str]:
    app = replay_app(OBJECTS, read_only=read_only)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.main.jump_to("service", service_id(app, "web"))
        await pilot.press("y")
        screen = await on_top(pilot, InspectScreen)
        assert isinstance(app.screen, InspectScreen)
        await wait_for(pilot, lambda: bool(screen.text), what="web's inspect document")
        before = screen.text
        await pilot.press("r")
        await pilot.pause()  # a reveal redraws as the key is handled: nothing is still to come
        return before, screen.text


async def test_inspect_masks_a_secret_env_var_until_r() -> None:
    before, after = await inspect_web(read_only=False)
    assert "hunter2" not in before and "DB_PASSWORD=••••" in before
    assert "DB_PASSWORD=hunter2" in after


async def test_inspect_never_reveals_in_read_only_mode() -> None:
    before, after = await inspect_web(read_only=True)
    assert "hunter2" not in before and "hunter2" not in after


async def test_networks_view_filters_and_inspects_a_secret() -> None:
    app = replay_app(OBJECTS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await wait_for(pilot, lambda: app.main.view == "networks", what="the networks view")
        assert app.main.query_one("#networks").row_count == 3
        await pilot.press("slash", *"shop", "enter")
        await wait_for(pilot, lambda: app.main.filters.name == "shop", what="the filter")
        assert app.main.query_one("#networks").row_count == 1
        await pilot.press("escape", "7")
        await wait_for(pilot, lambda: app.main.view == "secrets", what="the secrets view")
        await pilot.press("y")
        await on_top(pilot, InspectScreen)
        assert isinstance(app.screen, InspectScreen) and app.screen.kind == "secret"


async def test_prompt_completes_and_jumps_and_says_what_it_cannot() -> None:
    app = replay_app(OBJECTS)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"node node")
        await wait_for(pilot, lambda: suggested(app) == "node node1", what="the completion")
        await pilot.press("right", "enter")  # take the completion: node1
        await back_on_main(pilot)
        node1 = next(n.id for n in app.snapshot.nodes if n.hostname == "node1")
        assert app.main.selection == ("node", node1, None)
        await pilot.press("colon", *"net", "enter")
        await back_on_main(pilot)
        assert app.main.view == "networks"
        await pilot.press("colon", *"logs web", "enter")
        await on_top(pilot, LogsScreen)
        assert isinstance(app.screen, LogsScreen)  # `:logs web` opens web's logs
        assert app.screen.target.name == "web"
        await pilot.press("escape")
        await back_on_main(pilot)
        await pilot.press("colon", *"bogus", "enter")
        await notified(pilot, "Unknown view")
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Unknown view 'bogus'") for m in messages)


async def test_events_jump_to_a_network_and_a_secret_in_their_views() -> None:
    app = replay_app(OBJECTS)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        feed_events(app)
        for kind, name, view in (
            ("network", "backend", "networks"),
            ("secret", "db_pass", "secrets"),
        ):
            await pilot.press("E")
            await on_top(pilot, EventsScreen)
            assert isinstance(app.screen, EventsScreen)
            await pilot.press("slash", *f"re:^{kind} create {name}", "enter")
            await filtered(pilot, f"re:^{kind} create {name}")
            assert app.screen.query_one("#events").row_count == 1
            await pilot.press("enter")
            await back_on_main(pilot)
            assert app.screen is app.main and app.main.view == view
            key = app.main.query_one(f"#{view}").selected_key
            assert next(o.name for o in app.snapshot.objects if o.id == key).startswith(name)
