"""One node's own daemon, reached over ssh (node_access.py), for what the manager cannot say:
a container's stats and whether the out-of-memory killer ended it.

A daemon's stats collector samples every container once a second, and a one-shot read waits
for its next pass: read one after the other, ten containers take ten seconds. `NodeReader`
reads a node's containers through a few clients at once (each its own ssh session over the
one shared connection, well under sshd's 10 sessions per connection), so they share passes.

Every answer is bounded (STATS_BYTES_MAX) and within the client's timeout; a container id
comes from the cluster, so it goes through docker-py's `_url`, which quotes it into the path.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import requests
from docker.errors import APIError, DockerException

from .client_streams import StreamingClient
from .connection import Endpoint
from .daemon_threads import map_on_threads
from .error_mapping import explain_api_error
from .errors import DaemonError, DaemonUnreachable
from .models import NodeInfo
from .node_access import NodeAccessSettings, node_endpoint
from .task_stats import STATS_BYTES_MAX, StatsSample, parse_stats

NODE_TIMEOUT_S = 8.0
"""A node's daemon answers a stats read within its collector's second; past this it is not
answering."""
READS_PER_NODE = 4


class NodeDaemonApi(Protocol):
    """What the task figures read from a node (a fake in tests)."""

    def container_stats(self, container_id: str) -> StatsSample | None: ...
    def oom_killed(self, container_id: str) -> bool | None: ...
    def close(self) -> None: ...


class NodeDaemon(StreamingClient):
    def __init__(self, endpoint: Endpoint, timeout: float = NODE_TIMEOUT_S) -> None:
        super().__init__(endpoint, timeout)

    def container_stats(self, container_id: str) -> StatsSample | None:
        """One sample, at once (one-shot: the daemon does not wait for a second one); None
        for a container that is gone or stopped."""
        body = self._bounded(
            "/containers/{0}/stats", container_id, {"stream": "false", "one-shot": "true"}
        )
        return parse_stats(body) if isinstance(body, dict) else None

    def oom_killed(self, container_id: str) -> bool | None:
        """The container's State.OOMKilled; None when the node no longer has the container."""
        body = self._bounded("/containers/{0}/json", container_id, None)
        state = body.get("State") if isinstance(body, dict) else None
        killed = state.get("OOMKilled") if isinstance(state, dict) else None
        return killed if isinstance(killed, bool) else None

    def _bounded(self, path: str, container_id: str, params: dict[str, str] | None) -> Any:
        client = self.client
        deadline = time.monotonic() + self._timeout
        body = bytearray()
        try:
            response = client._get(
                client._url(path, container_id), params=params, stream=True, timeout=self._timeout
            )
            with contextlib.closing(response):
                if response.status_code == 404:
                    return None
                client._raise_for_status(response)
                for chunk in response.iter_content(chunk_size=8192):
                    body += chunk
                    if len(body) > STATS_BYTES_MAX:
                        raise DaemonError(
                            f"{self.endpoint.display} answered more than "
                            f"{STATS_BYTES_MAX // 1024} KiB for one container's stats."
                        )
                    if time.monotonic() > deadline:
                        raise DaemonUnreachable(
                            f"{self.endpoint.display} did not answer within {self._timeout:g} s."
                        )
        except APIError as error:
            raise explain_api_error(error) from error
        except (requests.RequestException, DockerException, OSError) as error:
            self._reset()
            raise DaemonUnreachable(self._unreachable(error)) from error
        self.traffic.add(len(body))
        try:
            return json.loads(bytes(body))
        except ValueError:
            return None

    def _unreachable(self, error: BaseException) -> str:
        return super()._unreachable(error).replace("the Docker daemon", "the node's daemon")


def node_daemons(settings: NodeAccessSettings) -> Callable[[NodeInfo], NodeDaemonApi] | None:
    """How to reach each node's own daemon (node_access.py); None when node access is off."""
    if not settings.enabled:
        return None

    def daemon(node: NodeInfo) -> NodeDaemonApi:
        return NodeDaemon(node_endpoint(node, settings))

    return daemon


class NodeReader:
    """Up to READS_PER_NODE clients of one node's daemon, made on first need, used together
    by one caller at a time (each client by one thread: docker-py is not thread-safe)."""

    def __init__(self, make: Callable[[], NodeDaemonApi], width: int = READS_PER_NODE) -> None:
        self._make = make
        self._width = width
        self._apis: list[NodeDaemonApi] = []

    def stats(self, containers: Mapping[str, str]) -> dict[str, StatsSample | None]:
        """Key (a task id) to its container's sample; the first failure is raised."""
        items = list(containers.items())
        width = min(self._width, len(items))
        if not width:
            return {}
        while len(self._apis) < width:
            self._apis.append(self._make())
        groups = [items[index::width] for index in range(width)]

        def read(api: NodeDaemonApi, group: list[tuple[str, str]]) -> dict[str, StatsSample | None]:
            return {key: api.container_stats(container) for key, container in group}

        samples: dict[str, StatsSample | None] = {}
        pairs = list(zip(self._apis[:width], groups, strict=True))
        for part in map_on_threads(lambda pair: read(*pair), pairs, "node-stats"):
            samples.update(part)
        return samples

    def oom_killed(self, containers: Mapping[str, str]) -> dict[str, bool]:
        """Key to whether the OOM killer ended its container (left out: no such container)."""
        if not containers:
            return {}
        if not self._apis:
            self._apis.append(self._make())
        verdicts = {
            key: self._apis[0].oom_killed(container) for key, container in containers.items()
        }
        return {key: verdict for key, verdict in verdicts.items() if verdict is not None}

    def close(self) -> None:
        apis, self._apis = self._apis, []
        for api in apis:
            api.close()
