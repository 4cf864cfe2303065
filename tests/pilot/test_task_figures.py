"""The tasks' CPU and memory on screen, over the recording, with a fake node daemon: beside
each running task and summed in the service detail; `T`/`:top` lists every running task by
CPU or memory with each node's age; nothing is read while another screen or a modal is on
top, nor while paused; a node that fails is `—` in its rows and said once."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from swarmtui.docker.errors import DaemonUnreachable
from swarmtui.docker.models import NodeInfo
from swarmtui.docker.task_stats import StatsSample
from swarmtui.render.selection import Kind
from swarmtui.ui import figures, task_stats
from swarmtui.ui.panes.detail import DetailPane
from swarmtui.ui.panes.keyed_table import KeyedTable
from swarmtui.ui.screens.help import HelpScreen
from swarmtui.ui.screens.top import TopScreen
from tests.support.replay import by_name, replay_app, settle
from tests.support.waiting import on_top, wait_for

MIB = 1024 * 1024


class Daemons:
    """Every container uses 25 % of a CPU and 40 MiB of 64; node3's daemon cannot be reached."""

    def __init__(self) -> None:
        self.reads: list[str] = []
        self.lock = threading.Lock()
        self.counter = 0

    def __call__(self, node: NodeInfo) -> Any:
        daemons = self

        class Daemon:
            def container_stats(self, container_id: str) -> StatsSample | None:
                if node.hostname == "node3":
                    raise DaemonUnreachable("Cannot reach node3's daemon: ssh: connection refused.")
                with daemons.lock:
                    daemons.reads.append(container_id)
                    daemons.counter += 1
                    n = daemons.counter
                return StatsSample(n * 25 * 10**7, n * 10**9, 1, 40 * MIB, 64 * MIB)

            def oom_killed(self, container_id: str) -> bool | None:
                return None

            def close(self) -> None:
                pass

        return Daemon()


@pytest.fixture
def daemons(monkeypatch: pytest.MonkeyPatch) -> Daemons:
    fake = Daemons()
    monkeypatch.setattr(figures, "node_daemons_of", lambda api, settings: fake)
    # A fifth of the real pace: "nothing read while ..." waits for a whole refresh in ticks.
    monkeypatch.setattr(figures, "TICK_S", task_stats.TICK_S / 5)
    monkeypatch.setattr(task_stats, "REFRESH_S", task_stats.REFRESH_S / 5)
    return fake


def watched(app: Any) -> tuple[list[str], list[int]]:
    """What the app said, and a count of its figure ticks (each asks what is on screen)."""
    said: list[str] = []
    ticks = [0]
    notify, tick = app.notify, app.figures_tick

    def noting(message: str, *args: Any, **kwargs: Any) -> None:
        said.append(str(message))
        notify(message, *args, **kwargs)

    def ticking() -> None:
        ticks[0] += 1
        tick()

    app.notify, app.figures_tick = noting, ticking
    return said, ticks


async def quiet_for(pilot: Any, app: Any, ticks: list[int], daemons: Daemons) -> None:
    """Ticks enough for every node to be due again pass with nothing read."""
    await wait_for(pilot, lambda: not app.task_stats.reading, what="the reads under way done")
    before, start = len(daemons.reads), ticks[0]
    due = round(task_stats.REFRESH_S / figures.TICK_S) + 2
    await wait_for(pilot, lambda: ticks[0] >= start + due, timeout=20, what="figure ticks")
    await wait_for(pilot, lambda: not app.task_stats.reading, what="no read under way")
    assert len(daemons.reads) == before


def cells(app: Any, column: int) -> list[str]:
    table = app.main.query_one("#tasks", KeyedTable)
    return [str(table.get_row_at(i)[column]) for i in range(table.row_count)]


async def test_figures_beside_the_tasks_and_summed_and_top(daemons: Daemons) -> None:
    app = replay_app(read_nodes=True)
    said, ticks = watched(app)
    async with app.run_test(size=(180, 50), notifications=True) as pilot:
        await settle(pilot, app)
        web = by_name(app.snapshot, "web")
        app.main.jump_to(Kind.SERVICE, web.id)
        columns = [c.label.plain for c in app.main.query_one("#tasks", KeyedTable).columns.values()]
        assert columns[4:6] == ["CPU", "MEM"]
        await wait_for(
            pilot,
            lambda: any(c.endswith("%") for c in cells(app, 4)),
            timeout=15,
            what="a CPU share beside web's tasks",
        )
        running = [c for c in cells(app, 5) if c not in ("", "…")]
        assert running and set(running) <= {"40MiB/64MiB", "—"}
        detail = app.main.query_one(DetailPane)
        await wait_for(pilot, lambda: "Tasks use: CPU" in detail.shown.plain, what="the sums")
        # Another screen on top: nothing read while it shows.
        await pilot.press("question_mark")
        await on_top(pilot, HelpScreen)
        await quiet_for(pilot, app, ticks, daemons)
        await pilot.press("escape")
        # :top: every running task, node by node, and node3's sentence.
        await pilot.press("T")
        top = await on_top(pilot, TopScreen)
        expected = sum(
            1
            for t in app.snapshot.tasks
            if t.state == "running"
            and t.container_id
            and app.snapshot.node_name(t.node_id) != "node3"
        )
        table = top.query_one("#top", KeyedTable)
        await wait_for(pilot, lambda: table.row_count == expected, timeout=15, what="every task")
        ages = str(top.query_one("#top-nodes").render())
        assert "node1: " in ages and "s ago" in ages and "connection refused" in ages
        await wait_for(pilot, lambda: any("node3" in m for m in said), what="node3 said")
        assert len([m for m in said if "node3" in m and "not reached" in m]) == 1, (
            said
        )  # one per failure streak, not one per read
        await pilot.press("s")
        assert "by memory" in str(top.query_one("#top-title").render())
        await pilot.press("escape")


async def test_nothing_is_read_while_paused(daemons: Daemons) -> None:
    app = replay_app(read_nodes=True)
    _, ticks = watched(app)
    async with app.run_test(size=(180, 50)) as pilot:
        await settle(pilot, app)
        app.main.jump_to(Kind.SERVICE, by_name(app.snapshot, "web").id)
        await wait_for(pilot, lambda: any(c.endswith("%") for c in cells(app, 4)), timeout=15)
        await pilot.press("P")
        await quiet_for(pilot, app, ticks, daemons)


async def test_without_node_access_no_figure_columns() -> None:
    app = replay_app()
    async with app.run_test(size=(180, 50)) as pilot:
        await settle(pilot, app)
        columns = [c.label.plain for c in app.main.query_one("#tasks", KeyedTable).columns.values()]
        assert "CPU" not in columns and app.task_stats is None
        await pilot.press("T")
        await wait_for(pilot, lambda: any("node access" in n.message for n in app._notifications))


class Stuck:
    """Every node's daemon is reached, then never answers (a stalled ssh session)."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Event()
        self.finished = False

    def __call__(self, node: NodeInfo) -> Any:
        stuck = self

        class Daemon:
            def container_stats(self, container_id: str) -> StatsSample | None:
                stuck.started.set()
                stuck.release.wait(timeout=60)
                stuck.finished = True
                return None

            def oom_killed(self, container_id: str) -> bool | None:
                return None

            def close(self) -> None:
                pass

        return Daemon()


def test_quitting_never_waits_for_a_read_of_a_node(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reads of the nodes run on daemon threads: closing the app's event loop (which joins the
    loop's executor threads, as `swarmtui` does on quitting) does not wait for one that hangs."""
    stuck = Stuck()
    monkeypatch.setattr(figures, "node_daemons_of", lambda api, settings: stuck)

    async def run_and_quit() -> None:
        app = replay_app(read_nodes=True)
        async with app.run_test(size=(180, 50)) as pilot:
            await settle(pilot, app)
            app.main.jump_to(Kind.SERVICE, by_name(app.snapshot, "web").id)
            await wait_for(pilot, stuck.started.is_set, what="a read under way")
            await pilot.press("q")

    try:
        asyncio.run(run_and_quit())  # returns once the loop is closed, its executor joined
        assert not stuck.finished  # nothing waited for the read
    finally:
        stuck.release.set()
