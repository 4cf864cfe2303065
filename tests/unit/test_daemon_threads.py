"""Node reads on daemon threads: results in order, the first failure raised, and no thread
left for the interpreter's exit to join."""

from __future__ import annotations

import threading

import pytest

from swarmtui.docker.daemon_threads import map_on_threads, start


def test_results_come_in_order_and_the_threads_are_daemons() -> None:
    seen: list[bool] = []

    def work(number: int) -> int:
        seen.append(threading.current_thread().daemon)
        return number * 2

    assert map_on_threads(work, [3, 1, 2], "test") == [6, 2, 4]
    assert seen == [True, True, True]


def test_the_first_failure_is_raised_once_all_have_ended() -> None:
    ended: list[int] = []

    def work(number: int) -> int:
        ended.append(number)
        if number:
            raise ValueError(f"node {number} refused")
        return 0

    with pytest.raises(ValueError, match="node 1 refused"):
        map_on_threads(work, [0, 1, 2], "test")
    assert sorted(ended) == [0, 1, 2]


def test_a_started_read_runs_on_a_daemon_thread() -> None:
    done = threading.Event()
    daemon: list[bool] = []

    def work() -> None:
        daemon.append(threading.current_thread().daemon)
        done.set()

    start(work, "test")
    assert done.wait(timeout=10) and daemon == [True]
