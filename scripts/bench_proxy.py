"""A unix-socket proxy in front of the manager's API socket that counts the bytes each way:
the dashboard's API traffic, measured outside the dashboard."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from pathlib import Path


class CountingProxy:
    def __init__(self, upstream: str, path: Path) -> None:
        self.upstream = upstream.removeprefix("unix://")
        self.path = path
        self.received = 0
        """Bytes from the API to the client: what the dashboard reads."""
        self.sent = 0
        self.requests = 0
        self._lock = threading.Lock()
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)

    @property
    def host(self) -> str:
        return f"unix://{self.path}"

    def __enter__(self) -> CountingProxy:
        if self.path.exists():
            os.unlink(self.path)
        self._server.bind(str(self.path))
        self._server.listen(64)
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.close()
        self.path.unlink(missing_ok=True)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            upstream.connect(self.upstream)
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, outbound: bool) -> None:
        try:
            while chunk := source.recv(65536):
                with self._lock:
                    if outbound:
                        self.sent += len(chunk)
                        self.requests += chunk.count(b" HTTP/1.1\r\n")
                    else:
                        self.received += len(chunk)
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
