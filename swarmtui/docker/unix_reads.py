"""Plain reads over a daemon's unix socket, on one kept connection, without requests.

A poll makes three or four GETs every two seconds. Through requests, urllib3 and docker-py
each costs about 0.6 ms of CPU before a byte is read (sessions, hooks, adapters, a pool); the
same GET on http.client costs 0.17 ms. Only reads go this way, only on a unix socket (no proxy,
no TLS, no ssh to honour), and only answers that succeed: a refusal is asked again through
docker-py so that it is explained like every other call's (DockerApi._get_body).
"""

from __future__ import annotations

import contextlib
import http.client
import socket

_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)
"""How a kept connection that the daemon closed while it was idle fails on its next use."""


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, socket_path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self.socket_path = socket_path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)  # bounds the connect and every read, as requests' did
        try:
            sock.connect(self.socket_path)
        except BaseException:
            sock.close()
            raise
        self.sock = sock


class UnixReads:
    """GETs on one connection, used by one thread at a time; `close` may come from another
    (it ends a read under way with an error)."""

    def __init__(self, socket_path: str, timeout: float, headers: dict[str, str]) -> None:
        self.socket_path = socket_path
        self.timeout = timeout
        self.headers = headers
        self._connection: _UnixConnection | None = None

    def get(self, target: str) -> tuple[int, bytes]:
        """The status and body of GET `target` ("/v1.41/nodes?..."). Raises OSError or
        http.client.HTTPException when the daemon cannot be read."""
        kept = self._connection is not None
        try:
            return self._exchange(target)
        except _STALE:
            if not kept:
                raise
        return self._exchange(target)  # once more, on a fresh connection

    def _exchange(self, target: str) -> tuple[int, bytes]:
        if self._connection is None:
            self._connection = _UnixConnection(self.socket_path, self.timeout)
        connection = self._connection
        try:
            connection.request("GET", target, headers=self.headers)
            response = connection.getresponse()
            body = response.read()
        except BaseException:
            self.close()  # half an exchange: the next one starts on a fresh connection
            raise
        if response.will_close:
            self.close()
        return response.status, body

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        if connection.sock is not None:
            # Closing alone would leave another thread's read blocked until its timeout.
            with contextlib.suppress(OSError):
                connection.sock.shutdown(socket.SHUT_RDWR)
        connection.close()
