"""The log streams behind the logs screen: one thread worker per service or task stream, each on
a client of its own (docker-py clients are not thread-safe, and a blocked read must not hold the
poller's). Lines go into an inbox the screen drains on a timer: no message per line.

Stopping closes every client from the UI thread, which shuts the socket under a blocked read,
so the workers end at once instead of at the next line.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from functools import partial

from textual.dom import DOMNode
from textual.worker import Worker, get_current_worker

from ..docker.errors import SwarmError
from ..docker.logs import LogLine, LogOptions
from ..docker.protocol import SwarmApi
from ..render.logs import BUFFER_LINES, LogTarget


class LogStreams:
    def __init__(
        self,
        owner: DOMNode,
        api_factory: Callable[[], SwarmApi],
        target: LogTarget,
        options: LogOptions,
    ) -> None:
        self.owner = owner
        self.api_factory = api_factory
        self.target = target
        self.options = options
        self.inbox: deque[LogLine] = deque(maxlen=BUFFER_LINES)
        """Lines read and not yet drained; bounded, since no more than the buffer is kept."""
        self.errors: deque[str] = deque()
        self.ended = 0
        """Streams that ended (a service removed, or not following)."""
        self._apis: list[SwarmApi] = []
        self._workers: list[Worker[None]] = []
        self._lock = threading.Lock()
        self._stopped = False

    def start(self) -> None:
        for kind, object_id in self.target.streams:
            self._workers.append(
                self.owner.run_worker(
                    partial(self._follow, kind, object_id),
                    name=f"logs {kind} {object_id[:12]}",
                    group="logs",
                    thread=True,
                    exit_on_error=False,
                )
            )

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            apis, self._apis = self._apis, []
        for worker in self._workers:
            worker.cancel()
        for api in apis:
            api.close()

    def _follow(self, kind: str, object_id: str) -> None:
        worker = get_current_worker()
        api = self.api_factory()
        with self._lock:
            if self._stopped:
                api.close()
                return
            self._apis.append(api)
        try:
            for entry in api.follow_logs(kind, object_id, self.options):
                if worker.is_cancelled:
                    return
                self.inbox.append(entry)
            self.ended += 1
        except SwarmError as error:
            if not worker.is_cancelled:
                self.errors.append(str(error))
        finally:
            api.close()

    def drain(self) -> list[LogLine]:
        inbox = self.inbox
        return [inbox.popleft() for _ in range(len(inbox))]
