"""A cursor move paints the cursor first and draws the tasks and detail for it just after,
once for however many moves came in between: on a loaded machine a key waited for a
300-task service's tasks pane before anything on screen moved (scripts/bench_storm.py)."""

from __future__ import annotations

import pytest

from swarmtui.render.selection import Selection
from swarmtui.ui.panes.tasks import TasksPane
from tests.support.replay import replay_app, settle
from tests.support.screen import detail_text


def service_ids(app, *names: str) -> list[str]:  # noqa: ANN001
    return [next(s.id for s in app.snapshot.services if s.name == name) for name in names]


async def test_the_tasks_and_detail_follow_the_cursor_once_after_it_moved(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = replay_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        web, crashloop, pending = service_ids(app, "web", "crashloop", "pending")
        drawn: list[str] = []
        show_tasks = TasksPane.show_tasks

        def counted(pane, view, selection, history):  # noqa: ANN001, ANN202
            drawn.append(selection.key if selection else "")
            return show_tasks(pane, view, selection, history)

        monkeypatch.setattr(TasksPane, "show_tasks", counted)
        for service_id in (web, pending, crashloop):  # a key held down over three rows
            app.main.select(Selection.service(service_id))
        assert drawn == []  # nothing drawn yet: the cursor's paint comes first
        await pilot.pause()
        assert drawn == [crashloop]  # once, for where the cursor stopped
        assert "Failing now" in detail_text(app)


async def test_what_reads_the_tasks_pane_finds_the_new_selection_there() -> None:
    """An action (or a focus on the tasks pane) right after a move acts on the new
    selection's tasks, not on those still on screen."""
    app = replay_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        (crashloop,) = service_ids(app, "crashloop")
        app.main.select(Selection.service(crashloop))
        app.main.action_focus_tasks()
        shown = {task.service_id for task in app.main.query_one(TasksPane).shown}
        assert shown == {crashloop}
