"""Work the poll thread does ahead of the UI thread, so keys stay answered on big clusters."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from .health import placement, slot_failures, unschedulable
from .heap import give_back_free_heap
from .models import Snapshot, task_index
from .rebalance import uneven
from .scheduling import node_loads


@contextmanager
def quick_handovers() -> Iterator[None]:
    """While every task is read and decoded on this thread, hand the GIL over sooner: a key's
    way to the screen crosses it several times (input, app, writer thread) and each crossing
    waited up to the 5 ms default. Only here: at 1 ms always, an idle dashboard cost 60 % more."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, 0.001))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


@contextmanager
def full_read() -> Iterator[None]:
    """Every task read and decoded: the GIL handed over sooner meanwhile (above), and the
    memory the read churned (the body, its text, a dict per task) given back to the system
    once the models are made (docker/heap.py). Without it, RSS after a full read at 1000
    services stayed some 10 MB above the models it kept."""
    with quick_handovers():
        yield
    give_back_free_heap()


def work_out_ahead(snapshot: Snapshot, now: datetime) -> None:
    """What the panes derive from the tasks, worked out here on the poll's thread: the UI
    thread then finds it memoised and stays free for keys while 10,000 tasks are weighed."""
    task_index(snapshot.tasks)
    slot_failures(snapshot.tasks, now)
    placement(snapshot)
    unschedulable(snapshot.tasks)
    node_loads(snapshot)
    # The placement grid's ⇄ marks: per service and eligible node, 1.6 s of the UI thread's
    # time through a 120 s storm at 1000 services (py-spy) when worked out there.
    uneven(snapshot)
