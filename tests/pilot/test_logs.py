"""The logs screen over the lab recording (recorded frames in tests/data/lab/logs): merged and
tagged lines, filters, wrap, search, save, a task's and a stack's logs, a driver the manager
cannot read; and a flood of lines while keys are pressed. Behaviour against a daemon is in
tests/lab/test_logs.py."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from swarmtui.core.config import Settings
from swarmtui.docker.logs import LogLine, LogOptions
from swarmtui.docker.replay import ReplayApi
from swarmtui.render.logs import BUFFER_LINES
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.screens.logs import LogsScreen
from tests.support.flood import FloodApi
from tests.support.replay import RECORDING, recorded_at, replay_app, settle
from tests.support.screen import open_logs, prompt, select_service, table
from tests.support.waiting import back_on_main, wait_for

WEB_ID = "cuy142p9yytteo9qnk56b1tiu"


def texts(screen: LogsScreen) -> list[str]:
    return [entry.line.text for entry in screen.view.entries]


async def test_a_services_lines_merged_tagged_filtered_searched_and_saved(
    tmp_path: Path,
) -> None:
    app = replay_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        select_service(app, "web")
        screen = await open_logs(pilot, 25)
        entries = screen.view.entries
        assert len(entries) == 25  # 6 tasks × 4 ticks and one error, from three nodes
        times = [entry.line.time_ns for entry in entries]
        assert times == sorted(times)  # recorded node by node, shown in time order
        assert {entry.node for entry in entries} == {"node1", "node2", "node3"}
        assert all(e.line.text.endswith(f"from {e.node}") for e in entries[:24])
        assert entries[0].tag == "web.1@node1" and entries[2].tag == "web.3@node2"
        assert all(f"slot={e.task.split('.')[1]}" in e.line.text for e in entries[:24])
        shown = "\n".join(str(line.text) for line in screen.view.lines_shown())
        assert "web.3@node2 ! ␛[31mERROR␛[0m upstream timed out ␛]0;owned␇" in shown
        assert "\x1b" not in shown

        await prompt(pilot, "f", "node=")  # no such text
        assert texts(screen) == []
        await prompt(pilot, "f", "!/n=[0-2] /")
        assert len(texts(screen)) == 7 and all("n=3" in t or "ERROR" in t for t in texts(screen))
        await prompt(pilot, "f", "")
        await prompt(pilot, "T", "web.3")
        assert {e.task for e in screen.view.entries} == {"web.3"} and len(texts(screen)) == 5
        await prompt(pilot, "T", "")
        await prompt(pilot, "O", "node3")
        assert {e.tag for e in screen.view.entries} == {"web.4@node3", "web.5@node3"}
        status = str(screen.query_one("#logs-status", Static).render())
        assert "8 shown of 25 kept" in status and "filter node node3" in status

        await pilot.press("w")
        assert screen.view.wrap and "wrap" in str(screen.query_one("#logs-status", Static).render())
        await pilot.press("w")
        assert not screen.view.wrap

        await prompt(pilot, "slash", "n=2")
        assert texts(screen)[screen.view.current or 0].endswith("n=2 from node3")
        first = screen.view.current
        await pilot.press("n")
        assert screen.view.current != first and "n=2" in texts(screen)[screen.view.current or 0]
        await pilot.press("N")
        assert screen.view.current == first

        target = tmp_path / "web.log"
        await prompt(pilot, "s", str(target))
        saved = target.read_text().splitlines()
        assert len(saved) == 8 and saved[0].startswith("web.4@node3 2026-11-25T07:38:50.")
        assert saved[0].endswith("GET /health 200 slot=4 n=0 from node3")
        assert any(str(target) in str(n.message) for n in app._notifications)

        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main


async def test_a_tasks_logs_and_a_stacks() -> None:
    app = replay_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        select_service(app, "web")
        await pilot.press("4")
        tasks = table(app, "tasks")
        task = next(t for t in app.snapshot.tasks if t.service_id == WEB_ID and t.slot == 3)
        tasks.move_cursor(row=tasks.get_row_index(task.id))
        screen = await open_logs(pilot, 5)
        assert screen.target.streams == (("tasks", task.id),)
        assert {entry.tag for entry in screen.view.entries} == {"web.3@node2"}
        assert len(screen.view.entries) == 5
        await pilot.press("escape")
        await back_on_main(pilot)
        await pilot.press("5")
        await pilot.pause()
        screen = await open_logs(pilot, 0)
        assert screen.target.title == "stack shop" and len(screen.target.streams) == 2


async def test_a_driver_the_manager_cannot_read_is_said_in_one_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "lab"
    shutil.copytree(RECORDING, folder)
    (folder / "logs" / f"{WEB_ID}.error").write_text(
        "configured logging driver does not support reading\n"
    )
    app = replay_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        select_service(app, "web")
        screen = await open_logs(pilot, 0)
        await wait_for(pilot, lambda: bool(screen.problem), what="the problem said")
        assert screen.problem == (
            "The logs of web cannot be read through the manager: its logging driver does not "
            "support reading (configured logging driver does not support reading)."
        )


async def test_a_flood_of_lines_keeps_the_keys_working_and_the_buffer_bounded() -> None:
    frozen = recorded_at()
    app = SwarmTuiApp(
        Settings(), lambda: FloodApi(RECORDING), clock=lambda: frozen, follow_events=False
    )
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        select_service(app, "web")
        screen = await open_logs(pilot, 1)
        await wait_for(  # until the flood has overrun the buffer at least twice
            pilot,
            lambda: screen.buffer.received > 3 * BUFFER_LINES,
            timeout=30,
            what="the flood to overrun the buffer",
        )
        assert screen.buffer.received > 3 * BUFFER_LINES
        await pilot.press("w")
        assert screen.view.wrap
        await pilot.press("p")
        assert screen.paused
        shown = len(screen.view.entries)
        received = screen.buffer.received
        await wait_for(pilot, lambda: screen.buffer.received > received, what="lines while paused")
        assert len(screen.view.entries) == shown  # paused: the screen stays as it was …
        await pilot.press("p")
        assert not screen.paused
        await prompt(pilot, "f", "/line [0-9]*7$/")  # … while the buffer keeps filling
        assert screen.log_filter.text == "/line [0-9]*7$/"
        assert all(t.endswith("7") for t in texts(screen))
        await prompt(pilot, "slash", "flood")
        assert screen.view.current is not None
        await pilot.press("n", "N", "w")
        assert not screen.view.wrap
        assert len(screen.buffer.lines) <= BUFFER_LINES
        assert len(screen.view.entries) <= BUFFER_LINES
        assert len(screen.streams.inbox) <= BUFFER_LINES if screen.streams else True
        assert threading.active_count() < 50
        await pilot.press("escape")
        await back_on_main(pilot)
        assert app.screen is app.main


@dataclass
class StreamWatch:
    """Every log stream the recording's clients opened, with its options, and those that ended."""

    opened: list[tuple[ReplayApi, LogOptions]] = field(default_factory=list)
    caught_up: list[ReplayApi] = field(default_factory=list)
    """Those that gave all the recording has and wait for more, as a daemon's stream would."""
    ended: list[ReplayApi] = field(default_factory=list)


class WatchedLogs(ReplayApi):
    def __init__(self, folder: Path, watch: StreamWatch) -> None:
        super().__init__(folder)
        self.watch = watch

    def follow_logs(self, kind: str, object_id: str, options: LogOptions) -> Iterator[LogLine]:
        lines = super().follow_logs(kind, object_id, options)
        self.watch.opened.append((self, options))

        def reading() -> Iterator[LogLine]:
            try:
                yield from lines  # a followed recording blocks here until its client closes
            finally:
                self.watch.ended.append(self)

        return reading()

    def live_log(self, service_id: str) -> Iterator[bytes]:
        # Nothing after the recording, as ReplayApi, but not forever: streams left open fail
        # the test that looks for them instead of hanging the run on their threads.
        self.watch.caught_up.append(self)
        self._closed.wait(8)
        yield from ()


def watched_app(watch: StreamWatch) -> SwarmTuiApp:
    frozen = recorded_at()
    return SwarmTuiApp(
        Settings(), lambda: WatchedLogs(RECORDING, watch), clock=lambda: frozen, follow_events=False
    )


async def lines_once_settled(
    pilot: Pilot[None], screen: LogsScreen, watch: StreamWatch, opened: int
) -> list[str]:
    """The lines shown once the `opened`th stream has given all the recording has (no more
    come) and the screen has taken every one of them in."""

    def settled() -> bool:
        if len(watch.opened) < opened or watch.opened[opened - 1][0] not in watch.caught_up:
            return False
        streams = screen.streams
        return streams is not None and not streams.inbox and not len(screen.reorder)

    await wait_for(pilot, settled, what=f"stream {opened} to give all it has")
    return texts(screen)


async def test_tail_and_since_restart_the_streams_with_their_options() -> None:
    watch = StreamWatch()
    app = watched_app(watch)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        select_service(app, "web")
        screen = await open_logs(pilot, 25)
        assert [options for _, options in watch.opened] == [LogOptions()]
        first = screen.streams

        await prompt(pilot, "t", "1")
        shown = await lines_once_settled(pilot, screen, watch, 2)
        assert screen.streams is not first and watch.opened[-1][1] == LogOptions(tail=1)
        assert watch.opened[0][0] in watch.ended  # the first stream was closed, not left
        assert len(shown) == 6  # the last line of each of web's six tasks
        assert sum("n=3" in text for text in shown) == 5 and "upstream timed out" in shown[-1]
        assert "tail 1" in str(screen.query_one("#logs-status", Static).render())

        await prompt(pilot, "S", "2026-11-25T07:38:51")
        since = datetime(2026, 11, 25, 7, 38, 51, tzinfo=UTC).timestamp()
        shown = await lines_once_settled(pilot, screen, watch, 3)
        assert watch.opened[-1][1] == LogOptions(tail=1, since=since) and len(shown) == 4
        # slot 3 wrote its n=3 line after 07:38:51 too, but its error is its last line.
        assert [e.task for e in screen.view.entries] == ["web.4", "web.5", "web.6", "web.3"]
        assert all(e.line.time_ns >= since * 1e9 for e in screen.view.entries)

        await prompt(pilot, "t", "all")
        shown = await lines_once_settled(pilot, screen, watch, 4)
        assert watch.opened[-1][1] == LogOptions(tail=None, since=since)
        assert len(shown) == 5 and shown[0] == "GET /health 200 slot=3 n=3 from node2"
        assert len(watch.opened) == 4 and len(watch.ended) == 3  # one stream open at a time


async def test_closing_the_logs_stops_its_streams() -> None:
    watch = StreamWatch()
    app = watched_app(watch)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("5")  # the shop stack: one stream per service
        await pilot.pause()
        screen = await open_logs(pilot, 0)
        await wait_for(pilot, lambda: len(watch.opened) == 2, what="both streams open")
        streams = screen.streams
        assert streams is not None and len(watch.opened) == 2 and watch.ended == []
        await pilot.press("escape")
        await wait_for(pilot, lambda: len(watch.ended) == 2, what="both streams to end")
        assert app.screen is app.main
        assert len(watch.ended) == 2  # each reading thread left its blocked read
        assert all(api._closed.is_set() for api, _ in watch.opened)  # every client closed
        assert all(worker.is_finished for worker in streams._workers)
