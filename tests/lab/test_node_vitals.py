"""Node vitals against the lab: an sshd in every node (NodeSshds, started once for the module),
the dashboard reading each node's load, memory and docker data root over them; a node whose
sshd is stopped, and nodes whose hostnames are hostile, said in their rows while the others'
figures still come."""

from __future__ import annotations

import json
import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from swarmtui.core.config import Settings
from swarmtui.core.files import saved_dir
from swarmtui.docker import ssh_transport
from swarmtui.docker.client import DockerApi
from swarmtui.docker.connection import Endpoint
from swarmtui.docker.node_access import NodeAccessSettings
from swarmtui.ui.app import SwarmTuiApp
from tests.support.lab import Lab, first_poll, run_cli, select, wait_for
from tests.support.screen import detail_text, shown_rows
from tests.support.sshd import LAB_ROOT, NodeSshds, known_line, node_address


@pytest.fixture(scope="module")
def sshds(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> Iterator[NodeSshds]:
    side = NodeSshds(lab, tmp_path_factory.mktemp("node-ssh")).start()
    yield side
    side.stop()


@pytest.fixture
def use_ssh(sshds: NodeSshds, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for name, value in sshds.environ().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(ssh_transport, "SSH_STDERR_LOG", tmp_path / "ssh.log")
    yield
    ssh_transport.shutdown()


def dashboard(lab: Lab, nodes: NodeAccessSettings) -> SwarmTuiApp:
    endpoint = Endpoint(lab.host(), "lab")
    return SwarmTuiApp(Settings(nodes=nodes), lambda: DockerApi(endpoint), read_nodes=True)


def meminfo_total() -> int:
    line = next(ln for ln in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in ln)
    return int(line.split()[1]) * 1024


async def test_each_nodes_vitals_and_a_node_whose_sshd_is_stopped(
    lab: Lab, sshds: NodeSshds, use_ssh: None
) -> None:
    sshds.sshds["node3"].stop()
    try:
        app = dashboard(lab, NodeAccessSettings(user="root"))
        async with app.run_test(size=(160, 48), notifications=True) as pilot:
            await first_poll(pilot, app)
            await pilot.press("2")
            await wait_for(
                pilot,
                lambda: len(app.vitals.figures) == 3,
                timeout=30,
                what="every node read once",
            )
            rows = shown_rows(app, "nodes")
            for node in ("node1", "node2"):
                load, memory, disk = rows[node][5:8]
                assert "/cpu)" in load and memory.endswith("%") and disk.endswith("%"), rows[node]
            assert rows["node3"][5:8] == ["unreachable", "—", "—"]
            by_name = {n.hostname: n.id for n in app.snapshot.nodes}
            node1 = app.vitals.figures[by_name["node1"]]
            # The host's own figures (the lab's nodes share its kernel) and its data root's.
            root = LAB_ROOT / lab.name / "node1" / "data"
            assert node1.mem_total == meminfo_total()
            assert node1.root == str(root)
            assert node1.disk_total == os.statvfs(root).f_blocks * os.statvfs(root).f_frsize
            await select(pilot, app, "node", "node1")
            await wait_for(pilot, lambda: "Disk free:" in detail_text(app), what="node1's lines")
            assert f"on {root}" in detail_text(app)
            await select(pilot, app, "node", "node3")
            await wait_for(pilot, lambda: "Not reached:" in detail_text(app), what="node3's")
            address = node_address(lab, "node3")
            assert f"{address} refused the ssh connection" in " ".join(detail_text(app).split())

            def said_of_node3() -> list[str]:
                return [str(n.message) for n in app._notifications if "node3" in str(n.message)]

            await wait_for(pilot, said_of_node3, what="node3 said")  # failures gather 1.5 s
            said = said_of_node3()
            # Once, though both the vitals and the task figures found it.
            assert len([m for m in said if "not reached" in m]) == 1, said
            # `R`: the report has the vitals read, and why node3 has none.
            await pilot.press("R")
            await wait_for(
                pilot, lambda: list(saved_dir().glob("*.json")), timeout=90, what="the report"
            )
            [twin] = saved_dir().glob("swarmtui-incident-*.json")
            vitals = {e["node"]: e for e in json.loads(twin.read_text())["node_vitals"]}
            assert vitals["node1"]["mem_total_bytes"] == meminfo_total()
            assert vitals["node1"]["docker_root"] == str(root)
            assert "refused the ssh connection" in vitals["node3"]["error"]
    finally:
        sshds.sshds["node3"].start()


def test_the_report_command_reads_each_nodes_vitals(
    lab: Lab, sshds: NodeSshds, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[nodes]\nuser = "root"\n')
    out = tmp_path / "incident.md"
    result = run_cli(
        "--host", lab.host(), "--config", str(config), "report", "-o", str(out),
        env={**sshds.environ(), "XDG_STATE_HOME": str(tmp_path / "state")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    vitals = json.loads(out.with_suffix(".json").read_text())["node_vitals"]
    assert sorted(entry["node"] for entry in vitals) == ["node1", "node2", "node3"]
    assert all(entry["mem_total_bytes"] == meminfo_total() for entry in vitals), vitals
    assert "| node2 | " in out.read_text().split("## Node vitals")[1]


def set_hostname(lab: Lab, node: str, name: str) -> None:
    """The node's dockerd's UTS namespace gets `name`; swarm hears of it within 20 s."""
    pid = (LAB_ROOT / lab.name / node / "docker.pid").read_text().strip()
    subprocess.run(
        ["nsenter", "--uts", "-t", pid, "sh", "-c",
         'printf %s "$1" > /proc/sys/kernel/hostname', "sh", name],
        check=True,
        timeout=10,
    )  # fmt: skip


def wait_hostnames(lab: Lab, wanted: set[str], timeout: float = 40.0) -> None:
    deadline = time.monotonic() + timeout
    names: set[str] = set()
    while time.monotonic() < deadline:
        names = set(lab.docker("node", "ls", "--format", "{{.Hostname}}").splitlines())
        if wanted <= names:
            return
        time.sleep(0.5)
    raise AssertionError(f"the swarm still names its nodes {names}, not {wanted}")


@pytest.fixture
def hostile(lab: Lab) -> Iterator[tuple[Path, Path]]:
    """node2 and node3 named as a compromised worker would name itself; named back after."""
    mark = uuid.uuid4().hex[:8]
    pwned = (Path(f"/tmp/pwned-{mark}"), Path(f"/tmp/pwned-{mark}-b"))
    names = {"node2": f"-oProxyCommand=touch {pwned[0]}", "node3": f"node3;touch {pwned[1]}"}
    try:
        for node, name in names.items():
            set_hostname(lab, node, name)
        wait_hostnames(lab, set(names.values()))
        yield pwned
    finally:
        for node in names:
            set_hostname(lab, node, node)
        wait_hostnames(lab, {"node1", "node2", "node3"})


async def test_hostile_hostnames_are_refused_and_the_other_nodes_read(
    lab: Lab,
    sshds: NodeSshds,
    use_ssh: None,
    hostile: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # `[nodes] ssh = "{hostname}"`: the hostname is what ssh would be given; node1's is
    # resolved by the operator's ssh config, as a real cluster's names are.
    known = "".join(known_line(sshd) for sshd in sshds.sshds.values())
    config = sshds.client.config("by-hostname", known)
    with config.open("a") as file:
        file.write(f"Host node1\n  HostName {node_address(lab, 'node1')}\n")
    monkeypatch.setenv("SWARMTUI_TEST_SSH_CONFIG", str(config))
    app = dashboard(lab, NodeAccessSettings(template="{hostname}", user="root"))
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        await pilot.press("2")
        await wait_for(
            pilot, lambda: len(app.vitals.figures) == 3, timeout=30, what="every node read once"
        )
        rows = {cells[0]: cells for cells in shown_rows(app, "nodes").values()}
        assert "/cpu)" in rows["node1"][5], rows["node1"]
        hostile_rows = [cells for name, cells in rows.items() if name != "node1"]
        assert [cells[5:8] for cells in hostile_rows] == [["refused", "—", "—"]] * 2
        for node in app.snapshot.nodes:
            if node.hostname != "node1":
                await select(pilot, app, "node", node.hostname)
                await wait_for(pilot, lambda: "Not reached:" in detail_text(app), what="why")
                assert "is not a plain host name or address" in " ".join(detail_text(app).split())
    assert not hostile[0].exists() and not hostile[1].exists()
