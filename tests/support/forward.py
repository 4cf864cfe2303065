"""A TCP port that relays every byte to a real daemon: its unix socket (a plain-HTTP TCP port
onto the same daemon) or its TLS port seen from another address (a name its certificate lacks).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)


@contextlib.contextmanager
def relay(target: str | tuple[str, int], bind: str = "127.0.0.1") -> Iterator[int]:
    """Listen on `bind`, relay each connection to `target` (a unix socket path, or host and
    port); yields the port. Stops listening when the block ends."""
    server = socket.create_server((bind, 0))
    server.settimeout(0.2)
    stop = threading.Event()

    def connect() -> socket.socket:
        if isinstance(target, str):
            upstream = socket.socket(socket.AF_UNIX)
            upstream.connect(target)
            return upstream
        return socket.create_connection(target, timeout=5)

    def serve() -> None:
        while not stop.is_set():
            try:
                client, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            upstream = connect()
            upstream.settimeout(None)
            for ends in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=ends, daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=2)
        server.close()
