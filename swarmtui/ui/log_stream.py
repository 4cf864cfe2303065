"""The log streams behind the logs screen: one thread worker per service or task stream, each on
a client of its own (docker-py clients are not thread-safe, and a blocked read must not hold the
poller's). Lines go into an inbox the screen drains on a timer: no message per line.

A service writing faster than the screen drains fills the inbox; the readers then wait until
the next drain (the daemon holds the rest), so the view may fall behind a flood but the reader
threads never take the interpreter from the UI: a key is handled at once whatever the rate.

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
from ..render.logs import LogTarget

INBOX_LINES = 2_000
"""The most lines read ahead of the screen: drained every FLUSH_S (0.15 s), about 13,000 lines
a second reach the screen at most."""


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
        self.inbox: deque[LogLine] = deque()
        """Lines read and not yet drained; the readers wait while it holds INBOX_LINES."""
        self._drained = threading.Event()
        self.errors: deque[str] = deque()
        self.ended = 0
        """Streams that ended (a service removed, or not following)."""
        self.failed = 0
        """Streams that stopped on an error (said in `errors`): no longer followed."""
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
        self._drained.set()
        for worker in self._workers:
            worker.cancel()
        for api in apis:
            api.close()

    def _follow(self, kind: str, object_id: str) -> None:
        worker = get_current_worker()
        api: SwarmApi | None = None
        try:
            api = self.api_factory()
            with self._lock:
                if self._stopped:
                    return
                self._apis.append(api)
            inbox = self.inbox
            for entry in api.follow_logs(kind, object_id, self.options):
                while len(inbox) >= INBOX_LINES and not worker.is_cancelled:
                    self._drained.clear()
                    self._drained.wait(0.5)
                if worker.is_cancelled:
                    return
                inbox.append(entry)
            self.ended += 1
        except Exception as error:  # noqa: BLE001 - a bug in a stream is said, as a refusal is
            if not worker.is_cancelled:
                said = str(error) if isinstance(error, SwarmError) else repr(error)
                self.errors.append(said)
                self.failed += 1
        finally:
            if api is not None:
                api.close()

    def drain(self) -> list[LogLine]:
        inbox = self.inbox
        lines = [inbox.popleft() for _ in range(min(len(inbox), INBOX_LINES))]
        self._drained.set()
        return lines
