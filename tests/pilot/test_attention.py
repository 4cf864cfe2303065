"""Attention first on the lab recording: the launch cursor, the header's counts, `o` cycling
the order (and remembering it), `n` jumping between the services needing attention, and the
crashloop's last words in the detail area."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from swarmtui.docker.errors import DaemonError
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.task_logs import LogLine, TaskLog
from swarmtui.ui.app import SwarmTuiApp
from tests.support.replay import RECORDING, replay_app, settle
from tests.support.screen import detail_shows, detail_text, plain_rows, table


def names(app: SwarmTuiApp) -> list[str]:
    return [row[0] for row in plain_rows(app, "services")]


def selected_name(app: SwarmTuiApp) -> str:
    key = table(app, "services").selected_key
    return next(s.name for s in app.snapshot.services if s.id == key)


def title(app: SwarmTuiApp) -> str:
    return str(app.main.query_one("#services-title").render())


async def test_launch_puts_the_cursor_on_the_failing_service_with_its_cause() -> None:
    app = replay_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        assert names(app)[:2] == ["crashloop", "pending"]
        assert selected_name(app) == "crashloop"
        assert "by attention" in title(app)
        header = str(app.main.query_one("#header").render())
        assert "1 failing · 1 unschedulable" in header
        shown = await detail_shows(pilot, "cannot connect")
        assert "Failing now" in shown and "Exit code: 3" in shown
        assert "crashloop: fatal: cannot connect to database at db:5432" in shown


async def test_launch_cursor_is_on_the_most_urgent_even_sorted_by_name() -> None:
    app = replay_app(services_sort="name")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert names(app)[0] == "agent"
        assert selected_name(app) == "crashloop"
        assert "by name" in title(app)


async def test_o_cycles_the_order_and_remembers_it(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('theme = "nord"\n')
    app = replay_app(config_file=config)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await pilot.press("o")
        await pilot.pause()
        assert names(app) == sorted(names(app))
        assert "by name" in title(app)
        assert selected_name(app) == "crashloop"  # the cursor stays on its service
        for order in ("replicas", "mode", "image", "update", "attention"):
            await pilot.press("o")
            await pilot.pause()
            assert f"by {order}" in title(app)
        assert names(app)[0] == "crashloop"
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert config.read_text() == 'theme = "nord"\nservices_sort = "name"\n'


async def test_n_jumps_to_each_service_needing_attention_and_wraps() -> None:
    app = replay_app(services_sort="name")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("2")  # from another view: n comes back to the services
        await pilot.press("n")
        await pilot.pause()
        assert app.main.view == "services"
        assert selected_name(app) == "pending"
        assert "Cannot be placed" in detail_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert selected_name(app) == "crashloop"  # wrapped round past web
        selected = app.main.selection
        assert selected is not None and selected.key == table(app, "services").selected_key


async def test_a_focused_failed_task_shows_its_last_words() -> None:
    app = replay_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await pilot.press("4")
        await pilot.pause()
        tasks = table(app, "tasks")
        failed = next(t for t in app.snapshot.tasks if t.id == "nfw54wgrxj8pip2xoala2tphq")
        tasks.move_cursor(row=tasks.get_row_index(failed.id))
        shown = await detail_shows(pilot, "cannot connect")
        assert "Task ID: nfw54wgrxj8pip2xoala2tphq" in shown
        assert "crashloop: fatal: cannot connect to database at db:5432" in shown
        # An older failed task has no recorded log: the area says so, it does not hang.
        older = next(
            t
            for t in app.snapshot.tasks_of_service(failed.service_id)
            if t.is_failure and t.id != failed.id
        )
        tasks.move_cursor(row=tasks.get_row_index(older.id))
        shown = await detail_shows(pilot, "its log is empty")
        assert "its log is empty" in shown


class UnreadableLogs(ReplayApi):
    """The recording, with a log driver the manager cannot read back."""

    def task_logs(self, task_id: str, tail: int = 20):  # noqa: ANN201
        raise DaemonError("configured logging driver does not support reading")


async def test_an_unreadable_log_is_said_in_one_sentence() -> None:
    app = replay_app()
    app.last_words._api_factory = lambda: UnreadableLogs(RECORDING)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        shown = await detail_shows(pilot, "cannot be read")
        assert (
            "its log cannot be read through the manager (configured logging driver does not "
            "support reading)." in shown
        )


CRASHLOOP_LAST_TASK = "nfw54wgrxj8pip2xoala2tphq"
NEWER_FAILURE = "newerfailure0000000000001"


class CountedLogs(ReplayApi):
    """The recording, noting each log read in `reads`; the newer failure has a line of its own."""

    def __init__(self, folder: Path, reads: list[str]) -> None:
        super().__init__(folder)
        self.reads = reads

    def task_logs(self, task_id: str, tail: int = 20) -> TaskLog:
        self.reads.append(task_id)
        if task_id == NEWER_FAILURE:
            return TaskLog(lines=(LogLine("crashloop: fatal: the newer failure's own line"),))
        return super().task_logs(task_id, tail)


async def test_a_failed_tasks_log_is_read_once_and_again_for_a_newer_failure() -> None:
    reads: list[str] = []
    app = replay_app()
    app.last_words._api_factory = lambda: CountedLogs(RECORDING, reads)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        app.polling.paused = True  # the snapshot below stays on screen
        await detail_shows(pilot, "cannot connect")
        app.main.redraw_detail()
        app.main.redraw_detail()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert reads == [CRASHLOOP_LAST_TASK]  # two more redraws, no second read
        # The slot fails again: a newer failed task, the same slot.
        failed = next(t for t in app.snapshot.tasks if t.id == CRASHLOOP_LAST_TASK)
        assert failed.state_since is not None
        newer = replace(
            failed, id=NEWER_FAILURE, state_since=failed.state_since + timedelta(seconds=10)
        )
        snapshot = replace(app.snapshot, tasks=(*app.snapshot.tasks, newer))
        app.main.show_snapshot(snapshot, app.main.now)
        shown = await detail_shows(pilot, "the newer failure's own line")
        assert "crashloop: fatal: the newer failure's own line" in shown
        assert "cannot connect to database" not in shown  # the older task's lines are gone
        app.main.redraw_detail()
        await app.workers.wait_for_complete()
        assert reads == [CRASHLOOP_LAST_TASK, NEWER_FAILURE]
