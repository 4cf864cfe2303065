"""Pilot tests of the dashboard over the lab recording."""

from __future__ import annotations

import json

from swarmtui.docker.errors import DaemonUnreachable
from swarmtui.docker.replay import ReplayApi
from swarmtui.ui.registry import CLUSTER_PANES, COMMANDS
from swarmtui.ui.screens.help import HelpScreen
from tests.support.replay import RECORDING, replay_app, settle
from tests.support.screen import (
    detail_text,
    plain_rows,
    rendered_text,
    run_from_palette,
    select_service,
    table,
)
from tests.support.waiting import group_idle, polled, wait_for, workers_done


def header_text(app) -> str:  # noqa: ANN001
    return str(app.main.query_one("#header").render())


async def test_tables_fill_from_the_snapshot() -> None:
    app = replay_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        snapshot = app.snapshot
        assert table(app, "services").row_count == len(snapshot.services)
        assert table(app, "nodes").row_count == len(snapshot.nodes)
        assert table(app, "placement").row_count == len(snapshot.services)
        header = str(app.main.query_one("#header").render())
        assert f"nodes {len(snapshot.nodes)}/{len(snapshot.nodes)} ready" in header
        assert "● live" in header


async def test_selection_drives_the_task_pane_and_detail() -> None:
    app = replay_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        select_service(app, "crashloop")
        await pilot.pause()
        crashloop = next(s for s in app.snapshot.services if s.name == "crashloop")
        tasks = table(app, "tasks")
        assert tasks.row_count == len(app.snapshot.tasks_of_service(crashloop.id))
        assert "Failing now" in detail_text(app)
        assert "non-zero exit" in detail_text(app)
        # Task history can be hidden and shown again.
        await pilot.press("h")
        active = [t for t in app.snapshot.tasks_of_service(crashloop.id) if t.is_active]
        assert tasks.row_count == len(active)
        # Focusing the tasks pane shows the highlighted task in full.
        await pilot.press("h", "4")
        await pilot.pause()
        assert "Task ID:" in detail_text(app)


async def test_nodes_view_shows_tasks_on_the_node() -> None:
    app = replay_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        await pilot.pause()
        assert app.main.view == "nodes"
        node_id = table(app, "nodes").selected_key
        assert app.main.selection == ("node", node_id, None)
        on_node = app.snapshot.tasks_on_node(node_id)
        assert table(app, "tasks").row_count == len(on_node)
        await pilot.press("3")
        await pilot.pause()
        assert app.main.query_one("#placement-pane").display


async def test_help_lists_every_command() -> None:
    app = replay_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = rendered_text(app.screen.table, width=120)
        for command in COMMANDS:
            assert command.title in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_jumps_to_a_service() -> None:
    app = replay_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await run_from_palette(pilot, "go to service pending")
        pending = next(s for s in app.snapshot.services if s.name == "pending")
        assert table(app, "services").selected_key == pending.id
        assert app.main.selection == ("service", pending.id, None)


async def test_filter_narrows_services_and_nodes() -> None:
    app = replay_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"web", "enter")
        await pilot.pause()
        names = [
            str(row[0])
            for row in (
                table(app, "services").get_row_at(i)
                for i in range(table(app, "services").row_count)
            )
        ]
        assert names == ["web"]
        await pilot.press("escape")
        await pilot.pause()
        assert table(app, "services").row_count == len(app.snapshot.services)


class FlakyReplay(ReplayApi):
    """The recording, but the daemon disappears after the first poll until told otherwise."""

    down = False

    def services(self, service_ids=None):  # noqa: ANN001, ANN201
        if FlakyReplay.down:
            raise DaemonUnreachable("Cannot reach the Docker daemon at x: connection refused.")
        return super().services(service_ids)


async def test_failed_poll_keeps_data_and_recovers() -> None:
    app = replay_app(interval=0.5)
    app.poller.reader.api = FlakyReplay(RECORDING)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        FlakyReplay.down = True
        await wait_for(pilot, lambda: app.polling.failures > 0, what="a poll to fail")
        header = header_text(app)
        assert "disconnected, retrying in" in header and "stale data" in header
        assert table(app, "services").row_count == len(app.snapshot.services)
        FlakyReplay.down = False
        await wait_for(pilot, lambda: app.polling.failures == 0, what="a poll to succeed again")
        assert "● live" in header_text(app)


async def test_pause_stops_polling_until_resumed() -> None:
    app = replay_app(interval=0.5)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("P")
        await workers_done(pilot, "poll")  # a poll under way when P was pressed still lands
        polls = app.polling.polls_done
        assert "paused" in header_text(app)
        # That no poll comes only time can show: over two intervals, one would have come.
        await pilot.pause(2 * app.polling.interval + 0.2)
        assert app.polling.polls_done == polls
        await pilot.press("P")
        await polled(pilot, after=polls)
        assert app.polling.polls_done > polls
        assert "● live" in header_text(app)


async def test_polls_never_overlap() -> None:
    """Events and timers asking for polls while one runs queue one follow-up, never a second."""
    app = replay_app(interval=0.5)
    running = []
    overlaps = []
    original = app.poller.poll

    def slow_poll(hints, early=None):  # noqa: ANN001, ANN202
        running.append(1)
        if len(running) > 1:
            overlaps.append(len(running))
        import time

        time.sleep(0.3)
        try:
            return original(hints, early)
        finally:
            running.pop()

    app.poller.poll = slow_poll  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        for _ in range(3):  # asked again and again while a poll runs
            await wait_for(pilot, lambda: not group_idle(app, "poll"), what="a poll under way")
            for _ in range(5):
                app.polling.request(0)
                await pilot.pause()
        await polled(pilot, after=app.polling.polls_done)  # the one follow-up they queued
        assert overlaps == []
        assert app.polling.polls_done >= 2


class GrowingReplay(ReplayApi):
    """The recording, plus a new service (sorted first) once the test says `grow`: the test
    reads where its cursor is first, however slowly the machine runs the polls."""

    grow = False

    def services(self, service_ids=None):  # noqa: ANN001, ANN201
        from swarmtui.docker.rawlist import RawList

        services = list(super().services(service_ids))
        if self.grow:
            extra = json.loads(json.dumps(services[0]))
            extra["ID"], extra["Spec"]["Name"] = "0newservice0", "aaa-new"
            services.append(extra)
        return RawList.of(services)


async def test_cursor_stays_on_its_row_when_rows_arrive_above_it() -> None:
    app = replay_app(interval=0.5, services_sort="name")  # "aaa-new" sorts first by name
    growing = GrowingReplay(RECORDING)
    app.poller.reader.api = growing
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        select_service(app, "web")
        await pilot.pause()
        services = table(app, "services")
        web_row = services.cursor_row
        web_id = services.selected_key
        growing.grow = True
        await wait_for(
            pilot,
            lambda: (
                services.row_count > len(app.snapshot.services) - 1
                and "0newservice0" in (s.id for s in app.snapshot.services)
            ),
            what="the new service's row",
        )
        # The cursor follows after the table's refresh, which a loaded machine may delay.
        await wait_for(pilot, lambda: services.cursor_row == web_row + 1, what="the cursor to move")
        assert services.get_row_index("0newservice0") == 0
        assert services.selected_key == web_id
        assert services.cursor_row == web_row + 1
        assert app.main.selection == ("service", web_id, None)


async def test_filter_in_the_tasks_pane_narrows_the_tasks_alone() -> None:
    app = replay_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        select_service(app, "web")
        await pilot.pause()
        tasks = table(app, "tasks")
        listed = tasks.row_count
        await pilot.press("4", "slash", *"node2", "enter")
        await pilot.pause()
        rows = plain_rows(app, "tasks")
        assert 0 < len(rows) < listed and all("node2" in " ".join(row) for row in rows)
        assert f"filtered {len(rows)}/{listed}" in str(app.main.query_one("#tasks-title").render())
        assert table(app, "services").row_count == len(app.snapshot.services)  # views untouched
        assert app.focused is tasks
        await pilot.press("slash", *"re:^web\\.[12] ", "enter")
        await pilot.pause()
        assert {row[0].split()[-1] for row in plain_rows(app, "tasks")} <= {"web.1", "web.2"}
        await pilot.press("escape")
        await pilot.pause()
        assert tasks.row_count == listed


async def test_the_wide_layout_puts_each_slot_in_its_place() -> None:
    """Main top left, side top right (the pane last asked for), under below both at full width:
    a pane whose SLOT the stylesheet does not place lands in whatever grid cell is free."""
    app = replay_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        views = app.main.query_one("#views").region
        for pane in CLUSTER_PANES:
            await pilot.press(pane.KEY)
            shown = app.main.query_one(f"#{pane.PANE}-pane")
            await wait_for(pilot, lambda w=shown: w.region.area > 0, what=f"{pane.PANE} laid out")
            place = shown.region
            top, left = place.y == views.y, place.x == views.x
            assert {
                "main": top and left and place.right < views.right,
                "side": top and place.x > views.x and place.right == views.right,
                "under": left and place.y > views.y and place.width == views.width,
            }[pane.SLOT], (pane.PANE, pane.SLOT, place, views)
