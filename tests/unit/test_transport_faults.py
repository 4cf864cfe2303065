"""Transports that cannot hang: ssh with a stalled peer, event streams that break or go
silent, and daemon answers that need their own sentence."""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from docker.errors import APIError, StreamParseError

from swarmtui.docker import ssh_transport
from swarmtui.docker.client import DockerApi
from swarmtui.docker.connection import Endpoint
from swarmtui.docker.error_mapping import explain_api_error
from swarmtui.docker.errors import (
    DaemonUnreachable,
    EventStreamIdle,
    NoLeader,
    NotInSwarm,
    SwarmError,
)

BOUND_S = 60.0
"""A correctness bound: without the timeouts these calls never return at all."""


@pytest.fixture
def fake_ssh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An `ssh` first on PATH that says something on stderr and then never answers: a
    stalled connection, as a hung network or a wedged peer gives."""
    folder = tmp_path / "bin"
    folder.mkdir()
    ssh = folder / "ssh"
    ssh.write_text("#!/bin/sh\necho 'ssh: warning from the transport' >&2\nexec sleep 600\n")
    ssh.chmod(ssh.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}:{os.environ['PATH']}")
    monkeypatch.setattr(ssh_transport, "SSH_STDERR_LOG", tmp_path / "ssh.log")
    return tmp_path / "ssh.log"


def call_within_bound(call: object) -> BaseException | None:
    """Run `call` on a thread; return what it raised. Fails if it is still blocked."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            call()  # type: ignore[operator]
        except BaseException as error:  # noqa: BLE001 - handed to the test
            raised.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(BOUND_S)
    assert not thread.is_alive(), "the call is still blocked on a stalled ssh connection"
    return raised[0] if raised else None


def test_a_stalled_ssh_connection_times_out(fake_ssh: Path, capfd: pytest.CaptureFixture) -> None:
    api = DockerApi(Endpoint("ssh://ops@manager1", "test"), timeout=2)
    error = call_within_bound(api.info)
    api.close()
    assert isinstance(error, DaemonUnreachable)
    assert "timed out" in str(error) and "ssh://ops@manager1" in str(error)
    # ssh's own words went to the log, not over the screen.
    assert "warning from the transport" in fake_ssh.read_text()
    assert "warning from the transport" not in capfd.readouterr().err
    assert fake_ssh.stat().st_mode & 0o777 == 0o600


def raising_stream(error: BaseException) -> Iterator[dict[str, object]]:
    yield {"Type": "service", "Actor": {"ID": "abc"}, "time": 1}
    raise error


@pytest.mark.parametrize(
    "error",
    [
        StreamParseError(ValueError("bad chunk")),
        requests.exceptions.ChunkedEncodingError("Connection broken: IncompleteRead"),
        RuntimeError("anything else"),
    ],
)
def test_a_broken_event_stream_ends_with_a_sentence(error: BaseException) -> None:
    api = DockerApi(Endpoint("unix:///nowhere.sock", "test"))
    api._stream = object()  # as events() leaves it while the stream is open
    events = api._follow(raising_stream(error))
    assert next(events)["Type"] == "service"
    with pytest.raises(DaemonUnreachable, match="Cannot reach the Docker daemon"):
        next(events)


def test_a_silent_event_stream_is_idle_not_lost() -> None:
    api = DockerApi(Endpoint("unix:///nowhere.sock", "test"))
    api._stream = object()
    timeout = requests.exceptions.ConnectionError("Read timed out. (read timeout=60)")
    with pytest.raises(EventStreamIdle):
        list(api._follow(raising_stream(timeout)))


def api_error(status: int, message: str) -> APIError:
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps({"message": message}).encode()
    return APIError(message, response=response, explanation=message)


def test_no_leader_is_not_no_swarm() -> None:
    error = explain_api_error(
        api_error(
            503,
            "rpc error: code = Unknown desc = The swarm does not have a leader. "
            "It's possible that too few managers are online.",
        )
    )
    assert isinstance(error, NoLeader) and not isinstance(error, NotInSwarm)
    assert "lost their quorum" in str(error)
    inactive = explain_api_error(api_error(503, "This node is not a swarm manager."))
    assert isinstance(inactive, SwarmError)


def test_short_reads_share_one_client() -> None:
    from swarmtui.docker.replay import ReplayApi
    from swarmtui.docker.shared_reads import SharedReads
    from tests.support.replay import RECORDING

    made: list[ReplayApi] = []

    def factory() -> ReplayApi:
        made.append(ReplayApi(RECORDING))
        return made[-1]

    shared = SharedReads(factory)
    first, second = shared.borrow(), shared.borrow()
    assert first.info()["Swarm"]["NodeID"] == second.info()["Swarm"]["NodeID"]
    first.close()  # a screen done with it: the shared client stays open
    assert len(second.services().items) > 0 and len(made) == 1
    assert first.endpoint == made[0].endpoint
    shared.close()
    assert made[0]._closed.is_set()
