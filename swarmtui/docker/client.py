"""`DockerApi`: the Engine API client that speaks to a daemon through docker-py."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from typing import Any

import docker
import requests
from docker.errors import APIError, DockerException

from .client_streams import StreamingClient
from .error_mapping import explain_api_error
from .errors import DaemonError, DaemonUnreachable
from .log_frames import parse_task_log
from .protocol import Json
from .rawlist import RawList
from .task_logs import LOG_BYTES_MAX, LOG_TAIL, TaskLog

# Service status (running/desired counts) arrived in API 1.41.
MIN_API_VERSION = "1.41"


class DockerApi(StreamingClient):
    """Every call the dashboard makes, on the connection StreamingClient keeps."""

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

    def info(self) -> Json:
        return self._get("/info")

    def ping(self) -> None:
        """The daemon answers at all (/_ping involves no swarm state)."""
        self._get_body("/_ping")

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

    def task_logs(self, task_id: str, tail: int = LOG_TAIL) -> TaskLog:
        """At most LOG_BYTES_MAX bytes, within the client's timeout in all (each read is
        bounded by it too): the daemon streams a log, and a slow one must not hold a worker."""
        client = self.client
        params = {"stdout": 1, "stderr": 1, "tail": tail, "timestamps": 1, "follow": 0}
        deadline = time.monotonic() + self._timeout
        body, cut = bytearray(), False
        try:
            response = client._get(
                client._url("/tasks/{0}/logs", task_id),
                params=params,
                stream=True,
                timeout=self._timeout,
            )
            with contextlib.closing(response):
                client._raise_for_status(response)
                for chunk in response.iter_content(chunk_size=8192):
                    body += chunk
                    if len(body) >= LOG_BYTES_MAX or time.monotonic() > deadline:
                        cut = True
                        break
        except APIError as error:
            raise explain_api_error(error) from error
        except (requests.RequestException, DockerException, OSError) as error:
            self._reset()
            raise DaemonUnreachable(self._unreachable(error)) from error
        self.traffic.add(len(body))
        return parse_task_log(bytes(body[:LOG_BYTES_MAX]), tail, cut=cut)

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

    def inspect_object(self, kind: str, object_id: str) -> Json:
        return self._inspect(f"/{kind}/{{0}}", object_id)

    def inspect_task(self, task_id: str) -> Json:
        return self._inspect("/tasks/{0}", task_id)

    def _inspect(self, path: str, object_id: str) -> Json:
        # The id goes through _url, which quotes it: it never reshapes the path.
        body = self._request(lambda client: client._get(client._url(path, object_id)))
        return dict(json.loads(body))

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

        # An OCI descriptor: its keys are lowercase ("digest"), whatever Go's other structs do.
        descriptor = json.loads(self._request(ask)).get("Descriptor") or {}
        return str(descriptor.get("digest") or descriptor.get("Digest") or "")

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
        rotate_unlock_key: bool = False,
    ) -> None:
        params = {
            "version": version,
            "rotateWorkerToken": "true" if rotate_worker_token else "false",
            "rotateManagerToken": "true" if rotate_manager_token else "false",
            "rotateManagerUnlockKey": "true" if rotate_unlock_key else "false",
        }
        self._request(
            lambda client: client._post_json(client._url("/swarm/update"), data=spec, params=params)
        )

    # Autolock (swarm_lifecycle.py). The key travels in a body or an answer, never in a URL.
    def unlock_key(self) -> str:
        return str(self._get("/swarm/unlockkey").get("UnlockKey") or "")

    def unlock_swarm(self, key: str) -> None:
        body = {"UnlockKey": key}
        self._request(lambda client: client._post_json(client._url("/swarm/unlock"), data=body))

    def leave_swarm(self, force: bool) -> None:
        params = {"force": "true" if force else "false"}
        self._request(lambda client: client._post(client._url("/swarm/leave"), params=params))
