"""The raw Engine API calls the dashboard makes, behind one small protocol.

`DockerApi` speaks to a daemon through docker-py; `ReplayApi` (replay.py) serves JSON recorded
from the lab for deterministic tests and screenshots. Both count what they transfer so the
benchmark can report the API load of an idle dashboard.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import docker
import requests
from docker.errors import APIError, DockerException

from .connection import Endpoint
from .errors import DaemonError, DaemonUnreachable, NotAManager, NotInSwarm
from .rawlist import RawList

Json = dict[str, Any]

# Service status (running/desired counts) arrived in API 1.41.
MIN_API_VERSION = "1.41"
REQUEST_TIMEOUT_S = 30


@dataclass
class Traffic:
    """Requests made and response bytes read; shared by every call of one client."""

    requests: int = 0
    bytes: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def add(self, size: int) -> None:
        with self._lock:
            self.requests += 1
            self.bytes += size


class SwarmApi(Protocol):
    endpoint: Endpoint
    traffic: Traffic

    def info(self) -> Json: ...
    def version(self) -> Json: ...
    def nodes(self) -> RawList: ...
    def services(self, service_ids: list[str] | None = None) -> RawList: ...
    def tasks(self, filters: dict[str, list[str]] | None = None) -> RawList: ...
    def events(self, since: float | None = None) -> Iterator[Json]:
        """Open the service and node event stream; iterating it blocks, so use a thread."""
        ...

    # Writes: each update sends the whole spec read at `version` (see writes.py).
    def inspect_service(self, service_id: str) -> Json: ...
    def update_service(
        self, service_id: str, version: int, spec: Json, rollback: bool = False
    ) -> None: ...
    def remove_service(self, service_id: str) -> None: ...
    def create_service(self, spec: Json) -> Json: ...  # answers {"ID": …}
    def inspect_node(self, node_id: str) -> Json: ...
    def update_node(self, node_id: str, version: int, spec: Json) -> None: ...
    def remove_node(self, node_id: str, force: bool = False) -> None: ...
    # Stacks (stacks.py): services, networks, secrets and configs listed by label.
    def list_objects(self, kind: str, filters: dict[str, list[str]]) -> RawList: ...
    def remove_object(self, kind: str, object_id: str) -> None: ...
    # Stack deploy (swarmtui/stack/deploy.py): networks, secrets and configs; answers {"ID": …}.
    def create_object(self, kind: str, spec: Json) -> Json: ...
    def update_object(self, kind: str, object_id: str, version: int, spec: Json) -> None: ...
    def image_digest(self, image: str, timeout: float) -> str:
        """The registry's digest of `image`, asked through the manager (`--resolve-image`)."""
        ...

    # The swarm itself (swarm_setup.py): GET /swarm carries the join tokens.
    def inspect_swarm(self) -> Json: ...
    def init_swarm(self, listen_addr: str, advertise_addr: str) -> str: ...
    def update_swarm(
        self,
        version: int,
        spec: Json,
        rotate_worker_token: bool = False,
        rotate_manager_token: bool = False,
    ) -> None: ...
    def close(self) -> None: ...


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def explain_api_error(error: APIError) -> Exception:
    """Map the daemon's refusals to the errors the UI knows how to say."""
    text = error.explanation or str(error)
    if isinstance(text, bytes):
        text = text.decode(errors="replace")
    status = error.response.status_code if error.response is not None else None
    if status == 503 and "Worker nodes" in text:
        return NotAManager(f"The daemon is a swarm worker, not a manager: {text}")
    # `swarm init` on a node already in one is a 503 that names a swarm too; it is no "not in".
    if status == 503 and "swarm" in text and "already part of a swarm" not in text:
        return NotInSwarm(f"The daemon is not part of a swarm: {text}")
    return DaemonError(text)


_REASONS = (
    (FileNotFoundError, "no socket there (is dockerd running?)"),
    (ConnectionRefusedError, "connection refused (is dockerd running?)"),
    (PermissionError, "permission denied (are you in the docker group?)"),
    (TimeoutError, "timed out"),
)


def why(error: BaseException) -> str:
    """The root cause of a connection failure in a few words, not a chain of wrappers."""
    seen: list[BaseException] = []
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.append(current)
        for kind, reason in _REASONS:
            if isinstance(current, kind):
                return reason
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
        for linked in (current.__cause__, current.__context__):
            if linked is not None:
                pending.append(linked)
    text = str(error)
    if "timed out" in text.lower():
        return "timed out"
    if "refused" in text.lower():
        return "connection refused (is dockerd running?)"
    return text.split("(Caused by", 1)[0].strip() or type(error).__name__


class DockerApi:
    """A docker-py APIClient used from one thread at a time (docker-py is not thread-safe)."""

    def __init__(self, endpoint: Endpoint, timeout: float = REQUEST_TIMEOUT_S) -> None:
        self.endpoint = endpoint
        self.traffic = Traffic()
        self._timeout = timeout
        self._client: docker.APIClient | None = None
        self._stream: Any = None

    @property
    def client(self) -> docker.APIClient:
        if self._client is None:
            try:
                self._client = docker.APIClient(
                    version="auto", timeout=self._timeout, **self.endpoint.client_kwargs()
                )
            except DockerException as error:
                raise DaemonUnreachable(self._unreachable(error)) from error
        return self._client

    def _unreachable(self, error: BaseException) -> str:
        return f"Cannot reach the Docker daemon at {self.endpoint.display}: {why(error)}."

    def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return json.loads(self._get_body(path, params))

    def _get_list(self, path: str, params: dict[str, Any] | None = None) -> RawList:
        return RawList(self._get_body(path, params))

    def _get_body(self, path: str, params: dict[str, Any] | None = None) -> bytes:
        return self._request(lambda client: client._get(client._url(path), params=params))

    def _request(self, send: Callable[[docker.APIClient], requests.Response]) -> bytes:
        """Make one call; map refusals and lost connections the same way for reads and writes."""
        client = self.client
        try:
            response = send(client)
            client._raise_for_status(response)
        except APIError as error:
            raise explain_api_error(error) from error
        except (requests.RequestException, DockerException, OSError) as error:
            self._reset()
            raise DaemonUnreachable(self._unreachable(error)) from error
        body = response.content
        self.traffic.add(len(body))
        return body

    def _reset(self) -> None:
        """Drop the connection pool so the next call dials afresh (the daemon may be back)."""
        if self._client is not None:
            try:
                self._client.close()
            except Exception:  # noqa: BLE001 - closing a broken client must not mask the cause
                pass
        self._client = None

    def info(self) -> Json:
        return self._get("/info")

    def version(self) -> Json:
        return self._get("/version")

    def nodes(self) -> RawList:
        return self._get_list("/nodes")

    def services(self, service_ids: list[str] | None = None) -> RawList:
        params: dict[str, Any] = {"status": "true"}
        if service_ids:
            params["filters"] = json.dumps({"id": service_ids})
        return self._get_list("/services", params)

    def tasks(self, filters: dict[str, list[str]] | None = None) -> RawList:
        params = {"filters": json.dumps(filters)} if filters else None
        return self._get_list("/tasks", params)

    # Writes. docker-py's update_service(fetch_current_spec=False) sends None for every field
    # not passed, which resets them (dpy#1521), and it has no rollback=previous; so these post
    # the caller's whole spec themselves. `_url` quotes the ID into the path.
    def inspect_service(self, service_id: str) -> Json:
        return json.loads(
            self._request(lambda client: client._get(client._url("/services/{0}", service_id)))
        )

    def update_service(
        self, service_id: str, version: int, spec: Json, rollback: bool = False
    ) -> None:
        params: dict[str, Any] = {"version": version}
        if rollback:
            params["rollback"] = "previous"  # the daemon applies PreviousSpec, not the body
        self._request(
            lambda client: client._post_json(
                client._url("/services/{0}/update", service_id), data=spec, params=params
            )
        )

    def remove_service(self, service_id: str) -> None:
        self._request(lambda client: client._delete(client._url("/services/{0}", service_id)))

    def create_service(self, spec: Json) -> Json:
        return json.loads(
            self._request(
                lambda client: client._post_json(client._url("/services/create"), data=spec)
            )
        )

    def inspect_node(self, node_id: str) -> Json:
        return json.loads(
            self._request(lambda client: client._get(client._url("/nodes/{0}", node_id)))
        )

    def update_node(self, node_id: str, version: int, spec: Json) -> None:
        self._request(
            lambda client: client._post_json(
                client._url("/nodes/{0}/update", node_id), data=spec, params={"version": version}
            )
        )

    def remove_node(self, node_id: str, force: bool = False) -> None:
        self._request(
            lambda client: client._delete(
                client._url("/nodes/{0}", node_id), params={"force": "true" if force else "false"}
            )
        )

    # `kind` is the API's plural path: services, networks, secrets or configs.
    def list_objects(self, kind: str, filters: dict[str, list[str]]) -> RawList:
        return self._get_list(f"/{kind}", {"filters": json.dumps(filters)})

    def remove_object(self, kind: str, object_id: str) -> None:
        self._request(lambda client: client._delete(client._url(f"/{kind}/{{0}}", object_id)))

    # Only secrets and configs can be updated (and swarmkit allows their labels only).
    def create_object(self, kind: str, spec: Json) -> Json:
        return json.loads(
            self._request(
                lambda client: client._post_json(client._url(f"/{kind}/create"), data=spec)
            )
        )

    def update_object(self, kind: str, object_id: str, version: int, spec: Json) -> None:
        self._request(
            lambda client: client._post_json(
                client._url(f"/{kind}/{{0}}/update", object_id),
                data=spec,
                params={"version": version},
            )
        )

    def image_digest(self, image: str, timeout: float) -> str:
        def ask(client: docker.APIClient) -> requests.Response:
            try:
                return client._get(client._url("/distribution/{0}/json", image), timeout=timeout)
            except requests.Timeout as error:
                # The manager is there; the registry behind it is slow or unreachable.
                raise DaemonError(f"no answer from its registry within {timeout:g} s") from error

        return str(json.loads(self._request(ask))["Descriptor"]["Digest"])

    # The swarm itself. These post their own bodies too: docker-py's init_swarm sends a
    # default Spec the CLI does not, and both go through `_request` for the same errors.
    def inspect_swarm(self) -> Json:
        return self._get("/swarm")

    def init_swarm(self, listen_addr: str, advertise_addr: str) -> str:
        """Returns the new node's ID; an empty advertise address lets the daemon choose."""
        body = {"ListenAddr": listen_addr, "AdvertiseAddr": advertise_addr}
        return json.loads(
            self._request(lambda client: client._post_json(client._url("/swarm/init"), data=body))
        )

    def update_swarm(
        self,
        version: int,
        spec: Json,
        rotate_worker_token: bool = False,
        rotate_manager_token: bool = False,
    ) -> None:
        params = {
            "version": version,
            "rotateWorkerToken": "true" if rotate_worker_token else "false",
            "rotateManagerToken": "true" if rotate_manager_token else "false",
        }
        self._request(
            lambda client: client._post_json(client._url("/swarm/update"), data=spec, params=params)
        )

    def events(self, since: float | None = None) -> Iterator[Json]:
        """Open the swarm's event stream (services, nodes and stack objects); iterating it
        blocks, so use a thread.

        Connects before returning, so a caller knows the daemon answered once this returns.
        """
        try:
            stream = self.client.events(
                since=int(since) if since else None,
                # Swarm scope only: a local network's connects would fire on every task start.
                filters={
                    "type": ["service", "node", "network", "secret", "config"],
                    "scope": ["swarm"],
                },
                decode=True,
            )
        except APIError as error:
            raise explain_api_error(error) from error
        except (requests.RequestException, DockerException, OSError) as error:
            self._reset()
            raise DaemonUnreachable(self._unreachable(error)) from error
        self._stream = stream
        return self._follow(stream)

    def _follow(self, stream: Any) -> Iterator[Json]:
        try:
            for event in stream:
                self.traffic.add(len(json.dumps(event)))
                yield event
        except (requests.RequestException, DockerException, OSError, AttributeError) as error:
            if self._stream is None:
                return  # closed on purpose from another thread
            self._reset()
            raise DaemonUnreachable(self._unreachable(error)) from error
        finally:
            self._stream = None

    def close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.close()
            except Exception:  # noqa: BLE001 - best effort while shutting down
                pass
        self._reset()
