"""Which endpoint the running dashboard talks to, and the other managers it could move to.

`Connection` hands out clients for the current endpoint; moving it (another context, or a
failover to another manager) bumps its generation, so what was read through an older client can
be told apart and dropped. `probe` asks one endpoint, with a short timeout, whether it is a
manager and of which swarm: blocking, for a worker thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from .client import DockerApi
from .connection import Endpoint, checked
from .errors import SwarmError
from .models import NodeInfo
from .protocol import SwarmApi

PROBE_TIMEOUT_S = 3.0


class Connection:
    """The endpoint clients are made for; thread-safe."""

    def __init__(
        self, endpoint: Endpoint, make: Callable[[Endpoint], SwarmApi] = DockerApi
    ) -> None:
        self._lock = threading.Lock()
        self._endpoint = endpoint
        self._make = make
        self.generation = 0

    @property
    def endpoint(self) -> Endpoint:
        with self._lock:
            return self._endpoint

    def client(self) -> SwarmApi:
        """A new client for the current endpoint."""
        return self._make(self.endpoint)

    def __call__(self) -> SwarmApi:
        """A Connection is an api_factory: the app recognises one and can move it."""
        return self.client()

    def move_to(self, endpoint: Endpoint) -> int:
        """Clients made from now on reach `endpoint`; returns the new generation."""
        with self._lock:
            self._endpoint = endpoint
            self.generation += 1
            return self.generation


@dataclass(frozen=True)
class Probe:
    """What one endpoint said when asked, within PROBE_TIMEOUT_S."""

    endpoint: Endpoint
    answers: bool
    manager: bool = False
    swarm_id: str = ""
    node_id: str = ""
    no_leader: bool = False
    busy: bool = False
    """It answers a ping but not /info in time: a manager while its swarm elects a leader
    (/info waits on the raft), so assumed one of ours until the first poll says more."""
    error: str = ""


def probe(endpoint: Endpoint, timeout: float = PROBE_TIMEOUT_S) -> Probe:
    """Ping `endpoint`, then ask /info: does it answer, is it a manager, of which swarm, and
    does that swarm have a leader (a manager without one answers /info late, or answers it
    but no cluster read)."""
    api = DockerApi(endpoint, timeout=timeout)
    try:
        try:
            api.ping()
        except SwarmError as error:
            return Probe(endpoint, False, error=str(error))
        try:
            info = api.info()
        except SwarmError as error:
            return Probe(endpoint, True, True, no_leader=True, busy=True, error=str(error))
        swarm = info.get("Swarm") or {}
        manager = bool(swarm.get("ControlAvailable"))
        swarm_id = str((swarm.get("Cluster") or {}).get("ID") or "")
        no_leader = False
        if manager:
            try:
                api.nodes()
            except SwarmError:
                # A 503 "no leader", or no answer while the managers elect one: it answers,
                # but cannot read the cluster now.
                no_leader = True
        node_id = str(swarm.get("NodeID") or "")
        return Probe(endpoint, True, manager, swarm_id, node_id, no_leader)
    finally:
        api.close()


def same_swarm(found: Probe, swarm_id: str, manager_ids: Iterable[str]) -> bool:
    """A manager of our swarm: its swarm id says so, or (without quorum it has none to give)
    its node id is one of the managers we knew."""
    if not (found.answers and found.manager):
        return False
    if found.busy:
        return True
    if found.swarm_id:
        return found.swarm_id == swarm_id
    return found.node_id in set(manager_ids)


def derived_endpoints(current: Endpoint, nodes: Iterable[NodeInfo]) -> tuple[Endpoint, ...]:
    """The other managers at the current endpoint's scheme and port, for tcp:// only: their
    swarm address (ManagerStatus.Addr) names the host; a unix socket or an SSH alias cannot be
    derived and comes from config.toml instead."""
    parts = urlsplit(current.base_url)
    if parts.scheme != "tcp" or parts.port is None:
        return ()
    found = []
    for node in nodes:
        host = node.manager_addr.rpartition(":")[0] if node.manager_addr else ""
        if not node.is_manager or not host or host == parts.hostname:
            continue
        url = f"tcp://{host}:{parts.port}"
        found.append(Endpoint(url, f"manager {node.hostname}", current.tls, current.context))
    return tuple(found)


def configured_endpoint(url: str, current: Endpoint) -> Endpoint:
    """An endpoint from config.toml's lists: a tcp:// one uses the current TLS material."""
    tls = current.tls if url.startswith("tcp://") else None
    return checked(Endpoint(url, "failover", tls, current.context))


def candidates(
    current: Endpoint, known: Iterable[Endpoint], nodes: Iterable[NodeInfo]
) -> tuple[Endpoint, ...]:
    """Every other endpoint worth trying, known ones first, each once."""
    seen = {current.base_url}
    found = []
    for endpoint in (*known, *derived_endpoints(current, nodes)):
        if endpoint.base_url not in seen:
            seen.add(endpoint.base_url)
            found.append(endpoint)
    return tuple(found)
