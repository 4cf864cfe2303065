"""ssh:// against a real OpenSSH server in a lab node's namespace (tests/support/sshd.py): the
dashboard over it, the connections it opens, and each way it fails, said in one sentence."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from swarmtui.core.config import Settings
from swarmtui.docker import ssh_transport
from swarmtui.docker.client import DockerApi
from swarmtui.docker.connection import resolve_endpoint
from swarmtui.docker.protocol import SwarmApi
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs import PromptDialog
from swarmtui.ui.screens.main import MainScreen
from tests.support.lab import (
    Lab,
    first_poll,
    replicas,
    run_cli,
    select,
    type_into_dialog,
    wait_for,
)
from tests.support.sshd import SshClient, Sshd, keygen, known_line


class SshLab:
    """One client side and the sshds of the module, started once."""

    def __init__(self, lab: Lab, folder: Path) -> None:
        self.client = SshClient(folder)
        self.manager = Sshd(lab, folder).start()
        self.worker = Sshd(lab, folder, port=2203, docker_node="node2").start()
        self.no_docker = Sshd(lab, folder, port=2202, path="/nonexistent").start()
        known = "".join(known_line(s) for s in (self.manager, self.worker, self.no_docker))
        self.config = self.client.config("config", known)

    def stop(self) -> None:
        for sshd in (self.manager, self.worker, self.no_docker):
            sshd.stop()


@pytest.fixture(scope="module")
def ssh_lab(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshLab]:
    side = SshLab(lab, tmp_path_factory.mktemp("ssh"))
    yield side
    side.stop()


@pytest.fixture
def use_ssh(ssh_lab: SshLab, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """The test's ssh side for this process and the swarmtui it starts; every shared
    connection is ended after the test, as swarmtui ends them when it exits."""
    for name, value in ssh_lab.client.environ(ssh_lab.config).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(ssh_transport, "SSH_STDERR_LOG", tmp_path / "ssh.log")
    yield
    ssh_transport.shutdown()


def our_ssh_processes(folder: str) -> list[str]:
    """Command lines of the processes using this swarmtui's private ssh folder."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if folder in line:
            found.append(line)
    return found


async def test_the_dashboard_over_ssh_scales_through_one_connection(
    lab: Lab, ssh_lab: SshLab, use_ssh: None
) -> None:
    lab.settle("web")
    endpoint = resolve_endpoint(ssh_lab.manager.url())

    def factory() -> SwarmApi:
        return DockerApi(endpoint)

    app = SwarmTuiApp(Settings(interval=0.5), factory)  # type: ignore[arg-type]
    connections, dials = ssh_lab.manager.logins(), ssh_lab.client.dials()
    async with app.run_test(size=(120, 40)) as pilot:
        await first_poll(pilot, app)
        assert "web" in {service.name for service in app.snapshot.services}
        await select(pilot, app, "service", "web")
        opened = ssh_lab.client.dials() - dials
        polls = app.polling.polls_done
        await wait_for(pilot, lambda: app.polling.polls_done >= polls + 10, what="10 more polls")
        # Polls reuse their connection: no ssh process for any of the 10.
        assert ssh_lab.client.dials() - dials == opened
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptDialog), what="the dialog")
        try:
            await type_into_dialog(pilot, "4")
            await wait_for(
                pilot, lambda: isinstance(app.screen, MainScreen), what="the dialog to close"
            )
            await wait_for(pilot, lambda: replicas(lab, "web") == 4, what="web scaled to 4")
        finally:
            lab.docker("service", "scale", "--detach", "web=6")
        await wait_for(
            pilot,
            lambda: next(s for s in app.snapshot.services if s.name == "web").replicas == 6,
            what="the dashboard to see web back at 6",
        )
    # The poller, the event stream, the last words and the write each ran one ssh, and all
    # of them shared one TCP connection (one login) to the server.
    assert 1 <= ssh_lab.client.dials() - dials <= 6
    assert ssh_lab.manager.logins() - connections == 1
    assert ssh_lab.manager.sessions() >= ssh_lab.client.dials() - dials
    folder = str(ssh_transport._Private.folder)
    ssh_transport.shutdown()
    # The master ends at once; a session still open on it (the event stream's) ends as it
    # reads the master's goodbye, a moment later.
    deadline = time.monotonic() + 10
    while our_ssh_processes(folder) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not our_ssh_processes(folder), "the shared connection outlived swarmtui"


def refusal(url: str) -> str:
    """What `swarmtui --host URL` says before it would open the dashboard."""
    result = run_cli("--host", url, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_an_unknown_host_key_is_named(
    ssh_lab: SshLab, use_ssh: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SWARMTUI_TEST_SSH_CONFIG", str(ssh_lab.client.config("unknown", "")))
    said = refusal(ssh_lab.manager.url())
    assert "host key is not in your known_hosts" in said
    assert f"connect once with `ssh root@{ssh_lab.manager.address}`" in said


def test_a_changed_host_key_is_named(
    ssh_lab: SshLab, use_ssh: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = known_line(ssh_lab.manager, keygen(tmp_path / "other"))
    monkeypatch.setenv("SWARMTUI_TEST_SSH_CONFIG", str(ssh_lab.client.config("changed", other)))
    said = refusal(ssh_lab.manager.url())
    assert "host key has changed" in said and "ssh-keygen -R" in said


def test_a_refused_key_is_named(
    ssh_lab: SshLab, use_ssh: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keygen(tmp_path / "stranger")
    config = ssh_lab.client.config(
        "stranger", known_line(ssh_lab.manager), identity=tmp_path / "stranger"
    )
    monkeypatch.setenv("SWARMTUI_TEST_SSH_CONFIG", str(config))
    said = refusal(ssh_lab.manager.url())
    assert "refused the login" in said and "Permission denied (publickey)" in said
    assert "ssh-agent" in said


def test_a_stopped_sshd_is_named(lab: Lab, ssh_lab: SshLab, use_ssh: None) -> None:
    sshd = Sshd(lab, ssh_lab.client.folder, port=2204).start()
    sshd.stop()
    said = refusal(sshd.url())
    assert "refused the ssh connection: check that sshd runs there" in said


def test_a_silent_server_times_out(ssh_lab: SshLab, use_ssh: None) -> None:
    """A server that accepts and never speaks (a wedged sshd, a black-holing firewall)."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    accepted: list[socket.socket] = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True)
    thread.start()
    try:
        said = refusal(f"ssh://root@127.0.0.1:{port}")
    finally:
        for held in accepted:
            held.close()
        listener.close()
    assert "timed out" in said and "check the address" in said


def test_no_docker_on_the_far_side_is_named(ssh_lab: SshLab, use_ssh: None) -> None:
    said = refusal(ssh_lab.no_docker.url())
    assert "has no `docker` command for ssh sessions: install the docker CLI there" in said


def test_a_worker_over_ssh_is_named(ssh_lab: SshLab, use_ssh: None) -> None:
    said = refusal(ssh_lab.worker.url())
    assert "worker" in said and "manager" in said
