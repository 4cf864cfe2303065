"""The reads' short way over a unix socket, against a real HTTP server on one: a kept
connection, a daemon that closed it while idle, one that never answers, and a close from
another thread. (Against the lab daemon: tests/lab/test_live.py.)"""

from __future__ import annotations

import http.server
import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from swarmtui.docker.unix_reads import UnixReads


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as dockerd

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        server = self.server
        assert isinstance(server, _Server)
        server.connections.add(id(self.connection))
        server.targets.append(self.path)
        body = f"answer to {self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        if server.close_after_answer:
            self.close_connection = True

    def log_message(self, *_: object) -> None:
        pass


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def __init__(self, path: str) -> None:
        super().__init__(path, _Handler)
        self.connections: set[int] = set()
        self.targets: list[str] = []
        self.close_after_answer = False


@pytest.fixture
def server(tmp_path: Path) -> Iterator[_Server]:
    served = _Server(str(tmp_path / "docker.sock"))
    thread = threading.Thread(target=served.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield served
    served.shutdown()
    served.server_close()


def test_reads_share_one_kept_connection(server: _Server) -> None:
    reads = UnixReads(server.server_address, 5, {"User-Agent": "t"})  # type: ignore[arg-type]
    try:
        answers = [reads.get(f"/v1.41/nodes?n={n}") for n in range(5)]
    finally:
        reads.close()
    assert answers == [(200, f"answer to /v1.41/nodes?n={n}".encode()) for n in range(5)]
    assert len(server.connections) == 1


def test_a_connection_the_daemon_closed_while_idle_is_dialled_again(server: _Server) -> None:
    reads = UnixReads(server.server_address, 5, {})  # type: ignore[arg-type]
    server.close_after_answer = True
    try:
        assert reads.get("/v1.41/nodes")[0] == 200
        time.sleep(0.1)  # the server has hung up; the client does not know yet
        assert reads.get("/v1.41/services") == (200, b"answer to /v1.41/services")
    finally:
        reads.close()
    assert server.targets == ["/v1.41/nodes", "/v1.41/services"]


def test_a_daemon_that_never_answers_times_out(tmp_path: Path) -> None:
    path = str(tmp_path / "silent.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)
    reads = UnixReads(path, 0.5, {})
    started = time.monotonic()
    try:
        with pytest.raises(TimeoutError):
            reads.get("/v1.41/nodes")
    finally:
        reads.close()
        listener.close()
    assert time.monotonic() - started < 5


def test_no_socket_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        UnixReads(str(tmp_path / "none.sock"), 1, {}).get("/v1.41/_ping")


def test_close_from_another_thread_ends_a_read_under_way(tmp_path: Path) -> None:
    path = str(tmp_path / "slow.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)
    reads = UnixReads(path, 30, {})
    failed: list[BaseException] = []

    def read() -> None:
        try:
            reads.get("/v1.41/nodes")
        except BaseException as error:  # noqa: BLE001 - whichever way the socket says it
            failed.append(error)

    reader = threading.Thread(target=read)
    reader.start()
    accepted, _ = listener.accept()
    time.sleep(0.1)
    reads.close()
    reader.join(timeout=5)
    accepted.close()
    listener.close()
    assert not reader.is_alive()
    assert failed and isinstance(failed[0], OSError | ValueError)
