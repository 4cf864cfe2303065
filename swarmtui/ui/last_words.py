"""Reading failed tasks' last lines on a worker thread, once per task, for the detail area.

The detail area asks for the task it shows; the first ask starts a read and the area says
"reading its last lines…" until `TaskLogRead` arrives. A newer failure is another task id, so
it is read in turn. The cache keeps the last CACHE_TASKS tasks.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace

from textual.dom import DOMNode

from ..docker.errors import SwarmError
from ..docker.protocol import SwarmReadApi
from ..docker.task_logs import TaskLog
from ..render.last_words import task_needing_words
from ..render.selection import Selection
from ..render.view import ClusterView
from .messages import TaskLogRead

CACHE_TASKS = 200


class LastWords:
    def __init__(self, api_factory: Callable[[], SwarmReadApi]) -> None:
        self._api_factory = api_factory
        self._api: SwarmReadApi | None = None
        self._api_lock = threading.Lock()
        """One client of its own, used by one read at a time (docker-py is not thread-safe)."""
        self.logs: OrderedDict[str, TaskLog] = OrderedDict()
        self._reading: set[str] = set()

    def attach(
        self, owner: DOMNode, view: ClusterView, selection: Selection | None, task_id: str | None
    ) -> ClusterView:
        """`view` with the logs read so far; starts reading the shown failed task's log."""
        wanted = task_needing_words(view, selection, task_id)
        if wanted is not None and wanted not in self.logs and wanted not in self._reading:
            self._reading.add(wanted)
            owner.run_worker(
                lambda: self._read(owner, wanted),
                thread=True,
                exit_on_error=False,
                group="last-words",
            )
        return replace(view, task_logs=self.logs)

    @property
    def reading(self) -> bool:
        """Whether a read is under way (tests wait for it before taking a picture)."""
        return bool(self._reading)

    def _read(self, owner: DOMNode, task_id: str) -> None:
        with self._api_lock:
            try:
                if self._api is None:
                    self._api = self._api_factory()
                log = self._api.task_logs(task_id)
            except SwarmError as error:
                log = TaskLog(error=str(error).rstrip("."))
            except Exception as error:  # noqa: BLE001 - a bug here must not kill the dashboard
                log = TaskLog(error=f"{type(error).__name__}: {error}")
        owner.post_message(TaskLogRead(task_id, log))

    def read(self, task_id: str, log: TaskLog) -> None:
        """Keep what a worker read (on the event loop)."""
        self._reading.discard(task_id)
        self.logs[task_id] = log
        self.logs.move_to_end(task_id)
        while len(self.logs) > CACHE_TASKS:
            self.logs.popitem(last=False)

    def reset(self) -> None:
        """Another endpoint: forget what was read, and read through a new client."""
        self.close()
        self.logs.clear()
        self._reading.clear()

    def close(self) -> None:
        """Closes the client without waiting for a read in progress (it then fails quietly)."""
        api, self._api = self._api, None
        if api is not None:
            api.close()
