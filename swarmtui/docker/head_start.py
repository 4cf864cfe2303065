"""The manager's services and nodes, read while the dashboard starts.

The command line checks the manager before it hands over to the dashboard, which then imports
Textual and builds its screens: half a second of this machine's time, during which the manager
had nothing to do. At 5000 services the manager takes about as long again to count every
service's tasks for `/services?status=true`. The head start asks for the services and nodes on
a thread as soon as the manager is checked, on the client that checked it, and the first poll
takes what it read instead of asking again (an ssh:// endpoint dials once, not twice).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from .models import ClusterInfo, NodeInfo, ServiceInfo
from .protocol import SwarmApi
from .reader import SwarmReader

MAX_AGE_S = 10.0
"""Older than this when the first poll comes (a prompt was answered first), it is read again."""


@dataclass(frozen=True)
class FirstRead:
    services: tuple[ServiceInfo, ...]
    nodes: tuple[NodeInfo, ...]


class HeadStart:
    """A checked manager's client, with its services and nodes being read on a thread. The
    client is used by that thread alone until `take` has joined it."""

    def __init__(self, api: SwarmApi, reader: SwarmReader, cluster: ClusterInfo) -> None:
        self.api = api
        self.reader = reader
        self.cluster = cluster
        self._read: FirstRead | None = None
        self._read_at = 0.0
        self._thread = threading.Thread(target=self._run, name="head-start", daemon=True)
        self._thread.start()

    @classmethod
    def check(cls, api: SwarmApi) -> HeadStart:
        """Check that `api` reaches a swarm manager (raising the reader's SwarmError if not),
        then start reading its services and nodes."""
        reader = SwarmReader(api)
        try:
            cluster = reader.check_manager()
        except BaseException:
            api.close()
            raise
        return cls(api, reader, cluster)

    def _run(self) -> None:
        try:
            read = FirstRead(self.reader.services(), self.reader.nodes())
        except Exception:  # noqa: BLE001 - the first poll reads them again and says what failed
            return
        self._read, self._read_at = read, time.monotonic()

    @property
    def started(self) -> bool:
        return self._thread.ident is not None

    def take(self) -> FirstRead | None:
        """What the thread read, once; None if it failed or is stale. Waits for the thread:
        its reads end within the client's own timeouts."""
        self._thread.join()
        read, self._read = self._read, None
        if read is None or time.monotonic() - self._read_at > MAX_AGE_S:
            return None
        return read

    def close(self) -> None:
        """The dashboard never started: let the client go."""
        self._thread.join()
        self.api.close()
