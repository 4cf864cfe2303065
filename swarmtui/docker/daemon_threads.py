"""Blocking reads of the nodes, on daemon threads, so that quitting never waits for them.

A read of a node goes over ssh and can take seconds (a login, a ControlMaster to wait for, a
stats pass). On the event loop's default executor (Textual's thread workers) or a thread pool,
every read still under way when the operator quits holds the exit: asyncio joins its executor's
threads as the loop closes, and Python joins every pool's threads as it exits (6.5 s measured,
quitting while a service's task figures were read). A daemon thread is abandoned instead; what
it read is posted to an app that is gone, which drops it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

In = TypeVar("In")
Out = TypeVar("Out")


def start(work: Callable[[], object], name: str) -> None:
    threading.Thread(target=work, name=name, daemon=True).start()


def map_on_threads(work: Callable[[In], Out], items: Iterable[In], name: str) -> list[Out]:
    """`work` of each item on a daemon thread of its own, the results in order; the first
    failure (in order) is raised once all have ended."""
    given: Sequence[In] = list(items)
    results: list[Out | None] = [None] * len(given)
    failures: list[BaseException | None] = [None] * len(given)

    def run(index: int) -> None:
        try:
            results[index] = work(given[index])
        except BaseException as error:  # noqa: BLE001 - handed to the caller below
            failures[index] = error

    threads = [
        threading.Thread(target=run, args=(index,), name=f"{name}-{index}", daemon=True)
        for index in range(len(given))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for failure in failures:
        if failure is not None:
            raise failure
    return results  # type: ignore[return-value]  # every slot was filled: no failure
