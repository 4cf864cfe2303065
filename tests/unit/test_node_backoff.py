"""A node that keeps failing is tried again after twice as long each time, up to 5 minutes, by
both readers (vitals and the tasks' figures): without an sshd to reach, a cluster's nodes were
dialled every 12 to 15 seconds for ever (CPU for each ssh, a refused login in each node's log).
The vitals wait a minute after the first failure, and `^r` tries every failed node at once."""

from __future__ import annotations

import threading
from typing import Any

from swarmtui.docker.models import NodeInfo
from swarmtui.docker.node_access import RETRY_AT_MOST_S, NodeAccessSettings, retry_after
from swarmtui.docker.node_vitals import NodeVitals
from swarmtui.ui.vitals import REFRESH_S, NodeVitalsRefresher, VitalsRead


def test_retries_wait_twice_as_long_each_time_up_to_five_minutes() -> None:
    waits = [retry_after(12.0, failures) for failures in range(8)]
    assert waits == [12.0, 12.0, 24.0, 48.0, 96.0, 192.0, RETRY_AT_MOST_S, RETRY_AT_MOST_S]


class Refused:
    def __init__(self, settings: NodeAccessSettings) -> None:
        self.reads = 0
        self.answers = False

    def read(self, node: NodeInfo) -> NodeVitals:
        self.reads += 1
        return NodeVitals() if self.answers else NodeVitals(error="refused")


class Owner:
    def __init__(self) -> None:
        self.posted: list[VitalsRead] = []
        self.arrived = threading.Condition()

    def post_message(self, message: VitalsRead) -> None:
        with self.arrived:
            self.posted.append(message)
            self.arrived.notify_all()


def node() -> Any:
    class Node:
        id, hostname = "n1", "node1"

    return Node()


def test_the_vitals_of_a_failing_node_are_read_less_and_less_often() -> None:
    now, readers = [0.0], []
    refresher = NodeVitalsRefresher(
        NodeAccessSettings(),
        reader=lambda s: readers.append(Refused(s)) or readers[-1],
        clock=lambda: now[0],
    )
    owner = Owner()

    def tick(at: float) -> None:
        now[0] = at
        before = len(owner.posted)
        refresher.refresh(owner, [node()])  # type: ignore[arg-type]
        with owner.arrived:
            owner.arrived.wait_for(lambda: len(owner.posted) > before or not refresher.reading, 5)
        while len(owner.posted) > before:
            refresher.arrived(owner.posted[before])
            before += 1

    for at in range(0, 241, 12):  # a look every 12 s for 4 minutes
        tick(float(at))
    # read at 0, 60 (next at 60 + 120), 180 (next at 180 + 240): not every 12 s
    assert readers[0].reads == 3
    refresher.retry_now()  # ^r: the failed node is tried at once, not in four minutes
    tick(252.0)
    assert readers[0].reads == 4
    readers[0].answers = True
    tick(252.0 + RETRY_AT_MOST_S)  # the fifth read answers: back to every REFRESH_S
    tick(252.0 + RETRY_AT_MOST_S + REFRESH_S)
    assert readers[0].reads == 6


def test_the_same_failure_again_draws_nothing() -> None:
    refresher = NodeVitalsRefresher(NodeAccessSettings(), reader=Refused, clock=lambda: 0.0)
    failed = VitalsRead("n1", "node1", NodeVitals(error="refused"), 0)
    assert refresher.arrived(failed) is True
    assert refresher.arrived(VitalsRead("n1", "node1", NodeVitals(error="refused"), 0)) is False
    assert refresher.arrived(VitalsRead("n1", "node1", NodeVitals(error="timed out"), 0)) is True
