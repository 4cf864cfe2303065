"""Unreached nodes said once, together: both readers (vitals, task figures) report to one
place, failures of one round are one sentence, and a node is said again only after every
reader has reached it and it fails anew."""

from __future__ import annotations

from typing import Any

from swarmtui.ui.node_notices import UnreachedNodes


class Owner:
    """What UnreachedNodes asks of the app: a timer, run here by hand."""

    def __init__(self) -> None:
        self.timers: list[Any] = []

    def set_timer(self, delay: float, callback: Any) -> Any:
        self.timers.append(callback)
        return self

    def stop(self) -> None:
        self.timers.clear()

    def fire(self) -> None:
        timers, self.timers = self.timers, []
        for callback in timers:
            callback()


def notices() -> tuple[Owner, UnreachedNodes, list[str]]:
    owner, said = Owner(), []
    return owner, UnreachedNodes(owner, said.append), said  # type: ignore[arg-type]


def test_every_node_failing_in_both_readers_at_launch_is_one_sentence() -> None:
    owner, unreached, said = notices()
    for reader in ("vitals", "figures"):
        for n in (1, 2, 3):
            unreached.failed(reader, f"id{n}", f"node{n}", f"node node{n}: connection refused")
    assert len(owner.timers) == 1
    owner.fire()
    assert said == [
        "3 nodes not reached (node1, node2, node3): connection refused. Each row says why; "
        "set [nodes] ssh in config.toml to reach them, or --no-node-access to stop trying."
    ]
    for reader in ("vitals", "figures"):  # the next rounds fail the same way: nothing new
        unreached.failed(reader, "id1", "node1", "node node1: connection refused")
    owner.fire()
    assert len(said) == 1


def test_different_reasons_are_left_to_the_rows_and_one_node_is_its_own_sentence() -> None:
    owner, unreached, said = notices()
    unreached.failed("vitals", "id1", "node1", "node node1: refused")
    unreached.failed("vitals", "id2", "node2", "host key changed")
    owner.fire()
    assert said[0].startswith("2 nodes not reached (node1, node2). Each row says why")
    unreached.failed("vitals", "id3", "node3", "timed out.")
    owner.fire()
    assert said[1] == "Node node3 not reached: timed out."


def test_a_node_is_said_again_only_after_every_reader_reached_it() -> None:
    owner, unreached, said = notices()
    unreached.failed("figures", "id1", "node1", "docker: not found")
    owner.fire()
    # The host answers the vitals while its daemon still fails the figures: not a new streak.
    unreached.answered("vitals", "id1")
    unreached.failed("figures", "id1", "node1", "docker: not found")
    owner.fire()
    assert len(said) == 1
    unreached.answered("figures", "id1")
    unreached.failed("figures", "id1", "node1", "docker: not found")
    owner.fire()
    assert len(said) == 2


def test_another_cluster_forgets_what_was_waiting() -> None:
    owner, unreached, said = notices()
    unreached.failed("vitals", "id1", "node1", "refused")
    unreached.reset()
    assert owner.timers == []
    unreached.say()
    assert said == []
