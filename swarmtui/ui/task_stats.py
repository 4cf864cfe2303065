"""Reading the CPU and memory of the tasks on screen from their nodes' own daemons, over ssh.

Every REFRESH_S (at once for a task newly on screen), while tasks are on screen (the main
screen's tasks pane, or `:top`) and live refresh is not paused, every node holding such tasks
is read on a thread worker: one client per node (one ssh connection, multiplexed), used by
one read at a time, so a node still being read is skipped rather than queued; at most
NODES_AT_ONCE nodes at a time; each read within the client's timeout. A client unused for
IDLE_CLOSE_S is closed. A node that cannot be reached is one sentence in its tasks' cells and
detail, one notification per failure streak, and is tried again only every RETRY_FAILED_S;
the other nodes keep being read.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial

from textual.dom import DOMNode

from ..docker import daemon_threads
from ..docker.errors import SwarmError
from ..docker.models import NodeInfo, Snapshot, TaskInfo
from ..docker.node_access import NodeUnreachable, retry_after
from ..docker.node_daemon import NodeDaemonApi, NodeReader
from ..docker.task_stats import (
    NodeReading,
    StatsSample,
    TaskFigures,
    figures_of,
    may_be_oom,
    measured,
)
from .messages import TaskStatsRead

REFRESH_S = 3.0
TICK_S = 1.0
"""How often the app asks what is on screen: a new selection's tasks are read within it."""
IDLE_CLOSE_S = 60.0
NODES_AT_ONCE = 3
RETRY_FAILED_S = 15.0
PREVIOUS_VALID_S = 30.0
"""An older sample would average the CPU over the time the tasks were not on screen."""
KEEP_FIGURES = 2000

NodeApiFactory = Callable[[NodeInfo], NodeDaemonApi]


class _Client:
    def __init__(self) -> None:
        self.api: NodeReader | None = None
        self.lock = threading.Lock()
        self.used = 0.0


class TaskStats:
    def __init__(
        self,
        owner: DOMNode,
        node_api: NodeApiFactory,
        clock: Callable[[], float] = time.monotonic,
        start: Callable[[Callable[[], object], str], None] = daemon_threads.start,
    ) -> None:
        self._owner = owner
        self.node_api = node_api
        self.clock = clock
        self._start = start
        """Where a read runs: a daemon thread (a test runs it at once)."""
        self.figures: dict[str, TaskFigures] = {}
        """By task id: what the rows and the detail show."""
        self.nodes: dict[str, NodeReading] = {}
        self._previous: dict[str, tuple[StatsSample, float]] = {}
        """By container id: the last sample and when it came."""
        self._oom: dict[str, bool] = {}
        """By container id: whether the OOM killer ended it (asked once)."""
        self._busy: set[str] = set()
        self._clients: dict[str, _Client] = {}
        self._clients_lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(NODES_AT_ONCE)

    @property
    def reading(self) -> bool:
        return bool(self._busy)

    def fetch(self, tasks: Iterable[TaskInfo], snapshot: Snapshot) -> None:
        """Start reading the figures of `tasks` (those running; failed ones that exited as
        the OOM killer's victims are asked once), node by node."""
        now = self.clock()
        running: dict[str, dict[str, str]] = {}
        killed: dict[str, dict[str, str]] = {}
        for task in tasks:
            if measured(task):
                running.setdefault(task.node_id, {})[task.id] = task.container_id
            elif may_be_oom(task) and task.node_id and task.container_id not in self._oom:
                killed.setdefault(task.node_id, {})[task.id] = task.container_id
        for node_id in running.keys() | killed.keys():
            node = snapshot.node_by_id.get(node_id)
            reading = self.nodes.get(node_id)
            if node is None or node_id in self._busy:
                continue
            waits = retry_after(RETRY_FAILED_S, reading.failures) if reading else 0.0
            if reading and reading.problem and now - reading.tried_at < waits:
                continue
            fresh = reading and not reading.problem and now - reading.tried_at < REFRESH_S
            if fresh and all(task_id in self.figures for task_id in running.get(node_id, ())):
                continue  # read lately, and nothing new on screen from it
            self._busy.add(node_id)
            containers, oom = running.get(node_id, {}), killed.get(node_id, {})
            self._start(partial(self._read, node, containers, oom), "task-stats")
        if len(self.figures) > KEEP_FIGURES:
            self._forget(snapshot)

    def _client(self, node_id: str) -> _Client:
        with self._clients_lock:
            return self._clients.setdefault(node_id, _Client())

    def _read(self, node: NodeInfo, containers: dict[str, str], oom: dict[str, str]) -> None:
        samples: dict[str, StatsSample | None] = {}
        verdicts: dict[str, bool] = {}
        problem = ""
        with self._slots:
            client = self._client(node.id)
            with client.lock:
                client.used = self.clock()
                try:
                    if client.api is None:
                        client.api = NodeReader(lambda: self.node_api(node))
                    samples = client.api.stats(containers)
                    verdicts = client.api.oom_killed(oom)
                except (NodeUnreachable, SwarmError) as error:
                    problem = str(error).rstrip(".") + "."
                except Exception as error:  # noqa: BLE001 - a node's answer must not kill us
                    problem = f"{type(error).__name__}: {error}"
        all_asked = {**containers, **oom}
        self._owner.post_message(TaskStatsRead(node.id, samples, all_asked, verdicts, problem))

    def read(self, message: TaskStatsRead) -> None:
        """Keep what a worker read (on the event loop)."""
        node_id, now = message.node_id, self.clock()
        self._busy.discard(node_id)
        before = self.nodes.get(node_id)
        if message.problem:
            for task_id in message.containers:
                self.figures[task_id] = TaskFigures(problem=message.problem)
            read_at = before.read_at if before else None
            failures = before.failures + 1 if before and before.problem else 1
            self.nodes[node_id] = NodeReading(read_at, message.problem, now, failures)
            return
        self.nodes[node_id] = NodeReading(now, tried_at=now)
        for task_id, sample in message.samples.items():
            container = message.containers[task_id]
            previous = self._previous.pop(container, None)
            if sample is None:
                self.figures.pop(task_id, None)
                continue
            valid = previous[0] if previous and now - previous[1] <= PREVIOUS_VALID_S else None
            self.figures[task_id] = figures_of(valid, sample)
            self._previous[container] = (sample, now)
        for task_id, verdict in message.oom.items():
            self._oom[message.containers[task_id]] = verdict
            self.figures[task_id] = TaskFigures(oom_killed=verdict)

    def _forget(self, snapshot: Snapshot) -> None:
        tasks = {task.id: task.container_id for task in snapshot.tasks}
        containers = set(tasks.values())
        for task_id in [task_id for task_id in self.figures if task_id not in tasks]:
            del self.figures[task_id]  # in place: the tasks pane holds this very mapping
        self._previous = {k: v for k, v in self._previous.items() if k in containers}
        self._oom = {k: v for k, v in self._oom.items() if k in containers}

    def close_idle(self) -> None:
        """Close, on a worker thread, the clients no read has used for IDLE_CLOSE_S."""
        now = self.clock()
        with self._clients_lock:
            idle = [
                (node_id, client)
                for node_id, client in self._clients.items()
                if client.api is not None
                and node_id not in self._busy
                and now - client.used > IDLE_CLOSE_S
            ]
        if idle:
            self._start(lambda: self._close(idle), "task-stats-close")

    @staticmethod
    def _close(clients: Iterable[tuple[str, _Client]]) -> None:
        for _, client in clients:
            with client.lock:
                api, client.api = client.api, None
                if api is not None:
                    with contextlib.suppress(Exception):  # on a daemon thread: nothing to tell
                        api.close()

    def reset(self) -> None:
        """Another cluster: forget every figure, and close every client."""
        self.close()
        self.figures.clear()
        self.nodes.clear()
        self._previous.clear()
        self._oom.clear()

    def close(self) -> None:
        """Closes the clients without waiting for a read in progress (it then fails quietly)."""
        with self._clients_lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            api, client.api = client.api, None
            if api is not None:
                api.close()
