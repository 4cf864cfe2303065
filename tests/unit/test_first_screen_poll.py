"""The poller's first poll hands over the services and nodes before it reads the task list;
later polls (and a poller that already has a snapshot) do not."""

from __future__ import annotations

from typing import Any

from swarmtui.docker.models import Snapshot
from swarmtui.docker.poller import Poller
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

    full = poller.poll(first_screen=first)
    assert log[:2] == ["first screen", "tasks"]
    assert full.tasks_read and full.tasks
    log.clear()
    poller.poll(first_screen=first)
    assert "first screen" not in log
