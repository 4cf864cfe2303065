"""The first screen comes from the services and nodes, before the task list (the one costly
read: 35 MB at 50,000 tasks) arrives: the services with the counts their status gives, and
every task-derived figure saying it is being read rather than showing zeros; then the tasks
fill in, and the cursor goes to the failing service as at any launch."""

from __future__ import annotations

import threading
from typing import Any

from swarmtui.core.config import Settings
from swarmtui.docker.replay import ReplayApi
from swarmtui.render.text import READING_TASKS
from swarmtui.ui.app import SwarmTuiApp
from tests.support.replay import RECORDING, recorded_at
from tests.support.screen import detail_text, plain_rows, shown_rows, table
from tests.support.waiting import wait_for


class TasksHeldBack(ReplayApi):
    """The recording, with the full task list held until the test lets it go."""

    released = threading.Event()

    def tasks(self, filters: dict[str, list[str]] | None = None) -> Any:
        if not filters:
            self.released.wait(timeout=60)
        return super().tasks(filters)


def held_app() -> SwarmTuiApp:
    frozen = recorded_at()
    TasksHeldBack.released = threading.Event()
    return SwarmTuiApp(
        Settings(), lambda: TasksHeldBack(RECORDING), clock=lambda: frozen, follow_events=False
    )


def text_of(app: SwarmTuiApp, widget_id: str) -> str:
    return str(app.main.query_one(f"#{widget_id}").render())


async def test_the_first_screen_is_drawn_before_the_task_list_and_says_what_waits() -> None:
    app = held_app()
    recorded = ReplayApi(RECORDING)
    service_count = len(recorded.services())
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(
            pilot,
            lambda: len(plain_rows(app, "services")) == service_count,
            what="the services drawn while the task list is held back",
        )
        assert app.polling.polls_done == 0 and app.snapshot is None  # the poll still runs
        header = text_of(app, "header")
        assert READING_TASKS in header and "failing" not in header
        assert f"services {service_count}" in header  # counts the services' status gives
        web = next(row for row in plain_rows(app, "services") if row[0] == "web")
        assert "/" in web[1]  # web's replica bar, from its service status
        assert READING_TASKS in text_of(app, "services-title")
        assert READING_TASKS in text_of(app, "tasks-title") and table(app, "tasks").row_count == 0
        await pilot.press("3")
        assert READING_TASKS in text_of(app, "placement-title")
        assert table(app, "placement").row_count == 0  # no grid of zeros
        await pilot.press("2")
        assert {row[4] for row in shown_rows(app, "nodes").values()} == {"…"}
        await pilot.press("1")
        await wait_for(pilot, lambda: READING_TASKS in detail_text(app), what="the detail")
        await pilot.press("s")  # a write (scale) before the tasks: said, nothing done
        await wait_for(
            pilot,
            lambda: any("still being read" in str(n.message) for n in app._notifications),
            what="the action told to wait",
        )
        TasksHeldBack.released.set()
        await wait_for(pilot, lambda: app.polling.polls_done >= 1, what="the task list")
        await wait_for(
            pilot, lambda: READING_TASKS not in text_of(app, "header"), what="the tasks in"
        )
        assert "1 failing · 1 unschedulable" in text_of(app, "header")
        assert READING_TASKS not in text_of(app, "services-title")
        # The launch cursor goes to the failing service once the tasks say which one fails.
        key = table(app, "services").selected_key
        assert next(s.name for s in app.snapshot.services if s.id == key) == "crashloop"
        await wait_for(pilot, lambda: "Failing now" in detail_text(app), what="its cause")
        assert table(app, "tasks").row_count > 0
        await pilot.press("2")
        assert {row[4] for row in shown_rows(app, "nodes").values()} != {"…"}


async def test_the_operators_own_move_is_kept_when_the_tasks_arrive() -> None:
    app = held_app()
    async with app.run_test(size=(160, 48)) as pilot:
        services = table(app, "services")
        await wait_for(pilot, lambda: services.row_count > 2, what="the first screen")
        services.focus()
        await pilot.press("down", "down")
        chosen = services.selected_key
        TasksHeldBack.released.set()
        await wait_for(pilot, lambda: app.polling.polls_done >= 1, what="the task list")
        await wait_for(pilot, lambda: "1 failing" in text_of(app, "header"), what="the facts")
        assert services.selected_key == chosen
