"""The connection under `DockerApi`: a docker-py client made on first use, dropped after a
lost connection, and the streamed reads (events, logs) that one thread follows while another
may close them."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

import docker
import requests
from docker.errors import APIError, DockerException
from docker.types.daemon import CancellableStream

from .connection import Endpoint
from .error_mapping import explain_api_error, why
from .errors import DaemonError, DaemonUnreachable, EventStreamIdle
from .logs import LogLine, LogOptions, parse_stream
from .protocol import Json
from .ssh_transport import install as install_ssh_timeouts
from .tls import keep_own_verification
from .traffic import Traffic

REQUEST_TIMEOUT_S = 30
DIAL_API_VERSION = "1.41"
"""The version a client is made with; it asks the daemon for the real one before any call."""
EVENTS_IDLE_S = 60.0
"""An event stream silent this long is reopened from its last event: a half-open connection
must not pass for a quiet cluster."""


class StreamingClient:
    """A docker-py APIClient used from one thread at a time (docker-py is not thread-safe);
    `close` may come from another thread to end a stream."""

    def __init__(self, endpoint: Endpoint, timeout: float = REQUEST_TIMEOUT_S) -> None:
        self.endpoint = endpoint
        self.traffic = Traffic()
        self._timeout = timeout
        self._client: docker.APIClient | None = None
        self._stream: Any = None

    @property
    def client(self) -> docker.APIClient:
        if self._client is None:
            if self.endpoint.base_url.startswith("ssh://"):
                install_ssh_timeouts()
            try:
                self._client = self._dial()
            except DockerException as error:
                raise DaemonUnreachable(self._unreachable(error)) from error
        return self._client

    def _dial(self) -> docker.APIClient:
        # Made with a fixed version, so that the real one is asked for only once the client
        # verifies with its own CA.
        client = docker.APIClient(
            version=DIAL_API_VERSION, timeout=self._timeout, **self.endpoint.client_kwargs()
        )
        client.trust_env = self.endpoint.proxied
        try:
            keep_own_verification(client)
            client._version = client._retrieve_server_version()
        except DockerException:
            client.close()
            raise
        return client

    def _unreachable(self, error: BaseException) -> str:
        reason = why(error, self.endpoint.tls)
        return f"Cannot reach the Docker daemon at {self.endpoint.display}: {reason}."

    def _reset(self) -> None:
        """Drop the connection pool so the next call dials afresh (the daemon may be back)."""
        if self._client is not None:
            # Closing a broken client must not mask the error that broke it.
            with contextlib.suppress(Exception):
                self._client.close()
        self._client = None

    def events(self, since: float | None = None, until: float | None = None) -> Iterator[Json]:
        """Open the swarm's event stream (services, nodes and stack objects); iterating it
        blocks, so use a thread.

        Connects before returning, so a caller knows the daemon answered once this returns.
        A stream silent for EVENTS_IDLE_S ends with EventStreamIdle (docker-py would wait on
        a half-open connection forever); any other break ends with DaemonUnreachable.
        """
        client = self.client
        # Swarm scope only: a local network's connects would fire on every task start.
        filters = {"type": ["service", "node", "network", "secret", "config"], "scope": ["swarm"]}
        params = {
            "filters": json.dumps(filters),
            "since": int(since) if since else None,
            "until": int(until) if until else None,
        }
        response = self._open_stream(client._url("/events"), params, EVENTS_IDLE_S)
        stream = CancellableStream(client._stream_helper(response, decode=True), response)
        self._stream = stream
        return self._follow(stream)

    def _open_stream(self, url: str, params: dict[str, Any], timeout: object) -> Any:
        """A streamed GET, connected and checked: refusals and lost connections as `_request`."""
        client = self.client
        try:
            response = client._get(url, params=params, stream=True, timeout=timeout)
            client._raise_for_status(response)
        except APIError as error:
            raise explain_api_error(error) from error
        except (requests.RequestException, DockerException, OSError) as error:
            self._reset()
            raise DaemonUnreachable(self._unreachable(error)) from error
        return response

    def _follow(self, stream: Any) -> Iterator[Json]:
        try:
            for event in stream:
                self.traffic.add(len(json.dumps(event)))
                yield event
        except Exception as error:  # noqa: BLE001 - urllib3, docker's StreamParseError, …
            if self._stream is None:
                return  # closed on purpose from another thread
            self._reset()
            if why(error) == "timed out":
                raise EventStreamIdle(f"No event for {EVENTS_IDLE_S:g} s.") from error
            raise DaemonUnreachable(self._unreachable(error)) from error
        finally:
            self._stream = None

    def follow_logs(self, kind: str, object_id: str, options: LogOptions) -> Iterator[LogLine]:
        """Connects before returning (a refusal, such as a logging driver that cannot be read,
        raises here); reading then waits for lines as long as it takes, until `close`."""
        client = self.client
        url = client._url(f"/{kind}/{{0}}/logs", object_id)
        # The connection is bounded; the read is not, since a quiet service is no fault.
        response = self._open_stream(url, options.params(), (self._timeout, None))
        stream = CancellableStream(response.iter_content(chunk_size=None), response)
        self._stream = stream
        return self._log_lines(stream)

    def _log_lines(self, stream: Any) -> Iterator[LogLine]:
        try:
            yield from parse_stream(stream, self.traffic.add)
        except DaemonError:
            raise
        except Exception as error:  # noqa: BLE001 - urllib3, a socket shut from the UI thread
            if self._stream is None:
                return  # closed on purpose from another thread
            self._reset()
            raise DaemonUnreachable(self._unreachable(error)) from error
        finally:
            self._stream = None

    def close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            with contextlib.suppress(Exception):  # best effort while shutting down
                stream.close()
        self._reset()
