"""Events, inspect and the networks view against the real lab swarm."""

from __future__ import annotations

from swarmtui.ui.screens.events import EventsScreen
from swarmtui.ui.screens.inspect import InspectScreen
from tests.support.lab import first_poll, wait_for
from tests.support.waiting import on_top


async def test_a_scale_through_the_api_appears_in_the_events_view(  # noqa: ANN001
    lab, lab_app, throwaway_service
) -> None:
    service_id = throwaway_service("--replicas", "1")
    app = lab_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        api = lab.api()
        try:
            raw = api.inspect_service(service_id)
            spec = raw["Spec"]
            spec["Mode"] = {"Replicated": {"Replicas": 2}}
            api.update_service(service_id, raw["Version"]["Index"], spec)
        finally:
            api.close()
        await wait_for(
            pilot,
            lambda: any(
                event.object_id == service_id
                and any(change.key == "replicas" and change.new == "2" for change in event.changes)
                for event in app.event_history.events()
            ),
            timeout=15,
            what="the scale event",
        )
        await pilot.press("E")
        await on_top(pilot, EventsScreen)
        assert isinstance(app.screen, EventsScreen)
        table = app.screen.query_one("#events")
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert any("replicas 1 → 2" in str(row[4]) for row in rows)


async def inspect_service(lab_app, service_id: str, read_only: bool) -> tuple[str, str]:  # noqa: ANN001
    app = lab_app(read_only=read_only)
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        await wait_for(pilot, lambda: service_id in app.snapshot.service_by_id, what="the service")
        app.main.jump_to("service", service_id)
        await pilot.press("y")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, InspectScreen) and bool(app.screen.text),
            timeout=10,
            what="the inspect",
        )
        before = app.screen.text
        await pilot.press("r")
        await pilot.pause()  # a reveal redraws as the key is handled: nothing is still to come
        return before, app.screen.text


async def test_inspect_masks_a_password_until_revealed(lab_app, throwaway_service) -> None:  # noqa: ANN001
    service_id = throwaway_service("--env", "DB_PASSWORD=hunter2")
    before, after = await inspect_service(lab_app, service_id, read_only=False)
    assert "hunter2" not in before and "DB_PASSWORD=••••" in before
    assert "DB_PASSWORD=hunter2" in after


async def test_inspect_never_shows_the_password_read_only(lab_app, throwaway_service) -> None:  # noqa: ANN001
    service_id = throwaway_service("--env", "DB_PASSWORD=hunter2")
    before, after = await inspect_service(lab_app, service_id, read_only=True)
    assert "hunter2" not in before and "hunter2" not in after


async def test_networks_view_lists_shop_default_with_its_services(lab_app) -> None:  # noqa: ANN001
    app = lab_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        await pilot.press("6")
        await wait_for(pilot, lambda: app.main.view == "networks", what="the networks view")
        table = app.main.query_one("#networks")
        rows = {str(row[0]): row for row in map(table.get_row_at, range(table.row_count))}
        assert "shop_default" in rows
        attached = str(rows["shop_default"][4])
        assert "shop_api" in attached and "shop_worker" in attached
