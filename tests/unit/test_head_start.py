"""The head start: the services and nodes are asked for as soon as the manager is checked,
while the dashboard imports Textual, and the first poll takes them instead of asking again."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from swarmtui import cli
from swarmtui.core.config import Settings
from swarmtui.docker import head_start as head_start_module
from swarmtui.docker.head_start import HeadStart
from swarmtui.docker.models import Snapshot
from swarmtui.docker.poller import Poller
from swarmtui.docker.protocol import SwarmApi
from swarmtui.docker.replay import ReplayApi
from tests.support.replay import RECORDING, recorded_at


class Counted(ReplayApi):
    """The recording, counting each kind of read."""

    def __init__(self) -> None:
        super().__init__(RECORDING)
        self.reads: Counter[str] = Counter()

    def info(self) -> Any:
        self.reads["info"] += 1
        return super().info()

    def services(self, service_ids: Any = None) -> Any:
        self.reads["services"] += 1
        return super().services(service_ids)

    def nodes(self) -> Any:
        self.reads["nodes"] += 1
        return super().nodes()


def test_the_first_poll_takes_what_the_head_start_read() -> None:
    api = Counted()
    head = HeadStart.check(api)
    poller = Poller(head.reader, clock=recorded_at, head_start=head)
    early: list[Snapshot] = []
    poller.poll(early=early.append)
    assert api.reads == Counter(info=1, services=1, nodes=1)  # the check and the head start
    (first,) = early
    assert first.services and first.nodes and first.cluster == head.cluster
    poller.poll()
    assert api.reads["services"] == 2 and api.reads["nodes"] == 2  # later polls read their own


def test_a_head_start_too_old_is_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(head_start_module, "MAX_AGE_S", -1.0)  # answered a prompt meanwhile
    api = Counted()
    head = HeadStart.check(api)
    Poller(head.reader, clock=recorded_at, head_start=head).poll()
    assert api.reads["services"] == 2 and api.reads["nodes"] == 2


class Broken(Counted):
    def services(self, service_ids: Any = None) -> Any:
        raise RuntimeError("the manager hung up")


def test_a_head_start_that_failed_leaves_the_reads_to_the_first_poll() -> None:
    api = Broken()
    head = HeadStart.check(api)
    assert head.take() is None


class Waiting:
    """A dashboard that notes whether the services were being read when it was started."""

    def __init__(self) -> None:
        self.head_start: HeadStart | None = None
        self.started_before_run = False

    def run(
        self,
        settings: Settings,
        api_factory: Callable[[], SwarmApi],
        head_start: HeadStart | None = None,
    ) -> None:
        self.started_before_run = head_start is not None and head_start.started
        self.head_start = head_start

    def offer_swarm_init(self, *args: object) -> bool:
        raise AssertionError("the recording is a swarm")


def test_the_command_line_starts_the_reads_before_the_dashboard() -> None:
    dashboard = Waiting()
    assert cli.main(["--replay", str(RECORDING)], dashboard) == 0  # type: ignore[arg-type]
    assert dashboard.started_before_run and dashboard.head_start is not None
    read = dashboard.head_start.take()
    assert read is not None and read.services and read.nodes
