"""An idle dashboard draws nothing it need not: no age ticking in the header while polls
arrive on time, no layout of the screen for a detail text whose lines only changed a figure.
Each was most of what an idle dashboard at 1000 services drew (py-spy, scripts/bench.py)."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from typing import Any

from rich.text import Text

from swarmtui.core.config import Settings
from swarmtui.docker.replay import ReplayApi
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.panes.detail import DetailPane, same_shape
from swarmtui.ui.panes.header import ClusterHeader
from tests.support.replay import RECORDING, recorded_at
from tests.support.waiting import polled, wait_for


class Clock:
    """The recording's moment, moving on at real speed, and jumped ahead by a test."""

    def __init__(self) -> None:
        self.start, self.began, self.ahead = recorded_at(), time.monotonic(), 0.0

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self.began + self.ahead)


class HeldPolls(ReplayApi):
    """The recording, its services read held while the test says so: a late poll."""

    hold = threading.Event()

    def services(self, service_ids: Any = None) -> Any:
        while HeldPolls.hold.is_set():
            time.sleep(0.05)
        return super().services(service_ids)


def header(app: SwarmTuiApp) -> ClusterHeader:
    return app.main.query_one("#header", ClusterHeader)


async def test_the_header_says_the_datas_age_only_once_it_is_late() -> None:
    clock = Clock()
    HeldPolls.hold = threading.Event()
    app = SwarmTuiApp(
        Settings(interval=0.5), lambda: HeldPolls(RECORDING), clock=clock, follow_events=False
    )
    async with app.run_test(size=(160, 48)) as pilot:
        await polled(pilot, after=1)
        line = str(header(app).render()).splitlines()[1]
        assert "● live" in line and "updated" not in line
        painted = header(app).line_updates
        polls = app.polling.polls_done
        await pilot.pause(2.5)  # two ticks of the header's second, and polls with them
        assert app.polling.polls_done > polls
        assert header(app).line_updates == painted  # nothing on screen changed

        HeldPolls.hold.set()  # the next poll hangs on the manager
        clock.ahead = 40.0
        await wait_for(
            pilot,
            lambda: "updated 4" in str(header(app).render()),
            what="the late data's age in the header",
        )
        HeldPolls.hold.clear()
        await wait_for(
            pilot,
            lambda: "updated" not in str(header(app).render()),
            what="the age gone once a poll lands",
        )


async def test_a_detail_text_that_keeps_its_shape_is_repainted_not_laid_out() -> None:
    frozen = recorded_at()
    app = SwarmTuiApp(
        Settings(), lambda: ReplayApi(RECORDING), clock=lambda: frozen, follow_events=False
    )
    async with app.run_test(size=(160, 48)) as pilot:
        await polled(pilot, after=1)
        pane = app.main.query_one(DetailPane)
        pane.show(Text("Task web.1\nstarted 8s ago on node2"))
        await pilot.pause()
        layouts = pane.layouts
        pane.show(Text("Task web.1\nstarted 9s ago on node2"))
        await pilot.pause()
        assert pane.layouts == layouts
        assert "started 9s ago" in str(app.main.query_one("#detail").render())
        pane.show(Text("Task web.1\nstarted 10s ago on node2"))  # one cell wider: it may wrap
        assert pane.layouts == layouts + 1


def test_the_shape_of_a_text() -> None:
    assert same_shape(Text("a 1s\nb"), Text("a 2s\nb"))
    assert not same_shape(Text("a 9s"), Text("a 10s"))  # wider
    assert not same_shape(Text("a b"), Text("ab "))  # a word break moved
    assert not same_shape(Text("a"), Text("a\nb"))  # a line more
    assert not same_shape(Text("ab"), Text("a界"))  # as long, but wider on screen
