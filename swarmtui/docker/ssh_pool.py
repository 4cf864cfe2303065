"""One connection pool for a docker-py client over ssh://, instead of one per request.

docker-py's shell-out adapter builds a new pool on every `get_connection`, so each request
started an ssh process (a TCP connection and a key exchange): about two a second while the
dashboard polls. This one keeps a single pool for the client's life, and a connection in it is
reused only while its ssh still runs (ssh_transport's socket says so).
"""

from __future__ import annotations

from typing import Any

from docker.transport import sshconn


class _LivePool(sshconn.SSHConnectionPool):
    """Reuses a connection only while its ssh still runs."""

    def _get_conn(self, timeout: float | None = None) -> Any:
        conn = super()._get_conn(timeout)
        sock = getattr(conn, "sock", None)
        if sock is not None and hasattr(sock, "alive") and not sock.alive():
            conn.close()
            return self._new_conn()
        return conn


class OnePoolAdapter(sshconn.SSHHTTPAdapter):
    """docker-py's shell-out adapter with one pool for the client's life, not one a request."""

    def get_connection(self, url: str, proxies: Any = None) -> Any:
        if self.ssh_client is not None:  # paramiko: docker-py keeps its own pools
            return super().get_connection(url, proxies)
        with self.pools.lock:
            pool = self.pools.get("ssh")
            if pool is None:
                pool = _LivePool(
                    timeout=self.timeout, maxsize=self.max_pool_size, host=self.ssh_host
                )
                self.pools["ssh"] = pool  # closed with the adapter, which ends its ssh
        return pool
