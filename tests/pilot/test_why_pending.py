"""Why is it pending, in the dashboard over the lab recording: the service's detail and its
pending task's detail name the rejecting filter per node (the lab test does it live)."""

from __future__ import annotations

import pytest

from swarmtui.docker.scheduling import awaits_placement
from tests.support.replay import replay_app, settle
from tests.support.screen import detail_text, select_service, table

LINES = [
    f" ✗ node{n} constraint node.labels.never==true: label never is not set" for n in (1, 2, 3)
]


@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
async def test_the_pending_service_and_its_task_say_why_per_node(size: tuple[int, int]) -> None:
    app = replay_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        select_service(app, "pending")
        await pilot.pause()
        shown = detail_text(app)
        assert shown.index("Cannot be placed: no suitable node") < shown.index("Why pending")
        assert all(line in shown for line in LINES), shown
        await pilot.press("4")
        service = next(s for s in app.snapshot.services if s.name == "pending")
        task = next(t for t in app.snapshot.tasks_of_service(service.id) if awaits_placement(t))
        tasks = table(app, "tasks")
        tasks.move_cursor(row=tasks.get_row_index(task.id))
        await pilot.pause()
        shown = detail_text(app)
        assert f"Task ID: {task.id}" in shown
        assert shown.index("Error: no suitable node") < shown.index("Why pending")
        assert all(line in shown for line in LINES), shown
