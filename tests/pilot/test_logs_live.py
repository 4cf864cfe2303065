"""The logs screen names lines from the live snapshot, not the one it opened with: a task
started later (a crash loop's next task, a rollout's) gets its `service.slot` tag, its colour
and the task filter once a poll brings it, and lines it wrote before that poll are named again."""

from __future__ import annotations

import copy
import struct
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.style import Style

from swarmtui.core.config import Settings
from swarmtui.docker.poller import PollHints
from swarmtui.docker.rawlist import RawList
from swarmtui.docker.replay import ReplayApi
from swarmtui.render.logs import task_colour
from swarmtui.ui.app import SwarmTuiApp
from tests.support.replay import RECORDING, recorded_at, settle
from tests.support.screen import open_logs, prompt, select_service
from tests.support.waiting import wait_for

WEB_ID = "cuy142p9yytteo9qnk56b1tiu"
NODE1_ID = "lcnc0yx4kkjidf8uy0u3qu8jy"
NEW_TASK = "n3wtask7aaaaaaaaaaaaaaaaa"


class Later:
    """What the cluster does after the logs opened: web's slot 7 starts on node1 and writes."""

    def __init__(self) -> None:
        self.started = threading.Event()
        """The daemon lists the new task from now on."""
        self.writes = threading.Event()
        """Its lines come through web's followed log from now on."""


class LaterTaskApi(ReplayApi):
    def __init__(self, folder: Path, later: Later) -> None:
        super().__init__(folder)
        self.later = later

    def tasks(self, filters: dict[str, list[str]] | None = None) -> RawList:
        listed = super().tasks(filters)
        if not self.later.started.is_set() or not any(
            t["ServiceID"] == WEB_ID for t in listed.items
        ):
            return listed
        template = next(t for t in listed.items if t["ServiceID"] == WEB_ID)
        task: dict[str, Any] = copy.deepcopy(template)
        task.update(ID=NEW_TASK, Slot=7, NodeID=NODE1_ID)
        return RawList.of([*listed.items, task])

    def live_log(self, service_id: str) -> Iterator[bytes]:
        if service_id == WEB_ID:
            for number in range(2):
                while not self.later.writes.wait(0.1):
                    if self._closed.is_set():
                        return
                body = (
                    f"2026-11-25T07:39:30.00000000{number}Z com.docker.swarm.node.id={NODE1_ID},"
                    f"com.docker.swarm.service.id={WEB_ID},com.docker.swarm.task.id={NEW_TASK} "
                    f"started late {number}\n"
                ).encode()
                yield struct.pack(">BxxxL", 1, len(body)) + body
                self.later.writes.clear()
        self._closed.wait()


async def test_a_task_started_after_the_logs_opened_gets_its_tag_colour_and_filter() -> None:
    later = Later()
    frozen = recorded_at()
    app = SwarmTuiApp(
        Settings(),
        lambda: LaterTaskApi(RECORDING, later),
        clock=lambda: frozen,
        follow_events=False,
    )
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        select_service(app, "web")
        screen = await open_logs(pilot, 25)
        assert len(screen.view.entries) == 25

        later.started.set()
        later.writes.set()  # its first line comes before any poll has seen the task
        await wait_for(pilot, lambda: len(screen.buffer.lines) == 26)
        polls = app.polling.polls_done
        app.polling.request(0, PollHints(full=True))
        await wait_for(pilot, lambda: app.polling.polls_done > polls)
        later.writes.set()  # and its second after
        await wait_for(pilot, lambda: len(screen.buffer.lines) == 27)
        await wait_for(pilot, lambda: {e.tag for e in screen.view.entries[-2:]} == {"web.7@node1"})

        await prompt(pilot, "T", "web.7")
        await wait_for(pilot, lambda: len(screen.view.entries) == 2)
        assert [e.line.text for e in screen.view.entries] == ["started late 0", "started late 1"]
        colour = task_colour("web.7", screen.view.colours)
        tags = [
            segment
            for strip in screen.view.lines_shown()
            for segment in strip
            if segment.text == "web.7@node1"
        ]
        assert len(tags) == 2
        assert all(s.style and s.style.color == Style.parse(colour).color for s in tags)
