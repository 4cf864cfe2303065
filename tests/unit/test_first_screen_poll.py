"""The poller's first poll hands over the services and nodes before it reads the task list;
later polls (and a poller that already has a snapshot) do not."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from swarmtui.docker.models import Snapshot
from swarmtui.docker.poller import FIRST_SCREEN_WAIT_S, Poller
from swarmtui.docker.rawlist import RawList
from swarmtui.docker.reader import SwarmReader
from swarmtui.docker.replay import ReplayApi
from tests.support.replay import RECORDING, recorded_at


class Recorded(ReplayApi):
    """The recording, noting the order of its reads."""

    def __init__(self, log: list[str]) -> None:
        super().__init__(RECORDING)
        self.log = log

    def tasks(self, filters: dict[str, list[str]] | None = None) -> Any:
        self.log.append("tasks" if not filters else "some tasks")
        return super().tasks(filters)


def test_the_first_poll_gives_the_services_before_reading_the_tasks() -> None:
    log: list[str] = []
    poller = Poller(SwarmReader(Recorded(log)), clock=recorded_at)

    def first(snapshot: Snapshot) -> None:
        log.append("first screen")
        assert not snapshot.tasks_read and snapshot.tasks == ()
        assert snapshot.services and snapshot.nodes and snapshot.cluster.nodes == 3

    full = poller.poll(early=first)
    assert log[:2] == ["first screen", "tasks"]
    assert full.tasks_read and full.tasks
    log.clear()
    poller.poll(early=first)
    assert "first screen" not in log


class NodeLost(Recorded):
    """node3 goes down once `lost` is set, as the manager marks it."""

    lost = False

    def nodes(self) -> Any:
        nodes = list(super().nodes())
        if self.lost:
            for node in nodes:
                if node["Description"]["Hostname"] == "node3":
                    node["Status"]["State"] = "down"
        return RawList.of(nodes)


def test_a_node_going_down_is_handed_over_before_the_task_list_is_read_again() -> None:
    log: list[str] = []
    api = NodeLost(log)
    poller = Poller(SwarmReader(api), clock=recorded_at)
    first = poller.poll()
    handed: list[Snapshot] = []

    def early(snapshot: Snapshot) -> None:
        log.append("early")
        handed.append(snapshot)

    poller.poll(early=early)
    assert handed == []  # nothing changed: no early snapshot, no full read
    api.lost = True
    log.clear()
    poller.poll(early=early)
    assert log[:2] == ["early", "tasks"]
    [snapshot] = handed
    node3 = next(n for n in snapshot.nodes if n.hostname == "node3")
    assert node3.state == "down" and snapshot.tasks is first.tasks and snapshot.tasks_read


def test_a_lost_nodes_tasks_are_counted_out_of_the_services_running() -> None:
    """The manager still counts a down node's tasks as running (`docker service ls` reads
    60/30 while a node's 30 tasks are rescheduled); the dashboard counts them out."""
    api = NodeLost([])
    poller = Poller(SwarmReader(api), clock=recorded_at)
    before = poller.poll()
    node3 = next(n.id for n in before.nodes if n.hostname == "node3")
    on_node3 = Counter(
        t.service_id for t in before.tasks if t.node_id == node3 and t.state == "running"
    )
    assert on_node3  # the recording runs tasks there
    api.lost = True
    handed: list[Snapshot] = []
    after = poller.poll(early=handed.append)
    for snapshot in (handed[0], after):
        for service in snapshot.services:
            was = before.service_by_id[service.id].running
            assert service.running == was - on_node3[service.id], service.name
    api.lost = False
    back = poller.poll()
    assert [s.running for s in back.services] == [s.running for s in before.services]


def test_the_first_task_list_is_parsed_once_the_first_screen_is_drawn() -> None:
    """Read while the screen draws, parsed after: at 5000 services its parse took the GIL
    from the first screen's drawing. A screen that never says so holds it up a while only."""
    log: list[str] = []

    class Parsing(SwarmReader):
        def _task(self, *args: Any) -> Any:
            if log[-1] != "parse":
                log.append("parse")
            return super()._task(*args)

    class Drawn(threading.Event):
        def wait(self, timeout: float | None = None) -> bool:
            log.append(f"wait {timeout}")
            return super().wait(0)

    poller = Poller(Parsing(Recorded(log)), clock=recorded_at, first_screen_drawn=Drawn())
    poller.poll(early=lambda snapshot: log.append("first screen"))
    assert log == ["first screen", "tasks", f"wait {FIRST_SCREEN_WAIT_S}", "parse"]
    log.clear()
    poller.poll(early=lambda snapshot: log.append("first screen"))
    assert not any(entry.startswith("wait") for entry in log)  # the first list only
