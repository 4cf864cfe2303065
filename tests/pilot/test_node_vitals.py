"""Node vitals on the dashboard over a recording, with a stand-in reader: the columns, the
detail, one notification per failure streak, and node access off."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from swarmtui.core.config import Settings
from swarmtui.docker.models import NodeInfo
from swarmtui.docker.node_access import NodeAccessSettings
from swarmtui.docker.node_vitals import NodeVitals
from swarmtui.docker.replay import ReplayApi
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.vitals import NodeVitalsRefresher
from tests.support.replay import RECORDING, recorded_at, replay_app, settle
from tests.support.screen import detail_text, select_node, shown_rows, table
from tests.support.waiting import notifications, wait_for

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
GIB = 1024**3


class StandIn:
    """Answers for each node as its host would; node3 fails until told otherwise."""

    def __init__(self, settings: NodeAccessSettings) -> None:
        self.reads: dict[str, int] = {}
        self.node3_back = False

    def read(self, node: NodeInfo) -> NodeVitals:
        self.reads[node.hostname] = self.reads.get(node.hostname, 0) + 1
        if node.hostname == "node3" and not self.node3_back:
            return NodeVitals(NOW, error="node node3: 10.0.0.13 refused the ssh connection")
        disk_free = GIB if node.hostname == "node2" else 40 * GIB
        return NodeVitals(NOW, 2.5, 2, 16 * GIB, 8 * GIB, 100 * GIB, disk_free, "/var/lib/docker")


def with_stand_in(app: SwarmTuiApp) -> StandIn:
    stand_in: dict[str, StandIn] = {}

    def make(settings: NodeAccessSettings) -> Any:
        stand_in["reader"] = StandIn(settings)
        return stand_in["reader"]

    app.vitals = NodeVitalsRefresher(NodeAccessSettings(), reader=make, unreached=app.unreached)
    app.main.vitals = app.vitals
    return stand_in["reader"]


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("swarmtui.ui.vitals.REFRESH_S", 0.2)
    monkeypatch.setattr("swarmtui.ui.vitals.RETRY_FAILED_S", 0.2)
    monkeypatch.setattr("swarmtui.ui.screens.main.vitals.TICK_S", 0.1)


async def test_the_nodes_pane_shows_each_nodes_vitals_and_an_unreached_one_once() -> None:
    app = replay_app()
    reader = with_stand_in(app)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        await wait_for(pilot, lambda: reader.reads.get("node3", 0) >= 3, what="three reads")
        rows = shown_rows(app, "nodes")
        assert rows["node1"][5:8] == ["2.50 (1.25/cpu)", "8.0GiB 50%", "40GiB 40%"]
        assert rows["node2"][7] == "1.0GiB 1%"
        assert rows["node3"][5:8] == ["unreachable", "—", "—"]
        node1, node2 = (n.id for n in app.snapshot.nodes if n.hostname in ("node1", "node2"))
        palette = app.main.palette
        assert table(app, "nodes").get_row(node1)[5].style == palette.warning  # load/CPU > 1
        assert table(app, "nodes").get_row(node2)[7].style == palette.error  # 1 % disk free
        await wait_for(pilot, lambda: "node3" in " ".join(notifications(app)), what="the notice")
        said = [m for m in notifications(app) if "node3" in m]
        assert said == ["Node node3 not reached: 10.0.0.13 refused the ssh connection."]
        select_node(app, "node3")
        await wait_for(pilot, lambda: "Not reached:" in detail_text(app), what="the detail")
        assert "10.0.0.13 refused the ssh connection." in detail_text(app)
        reader.node3_back = True
        await wait_for(pilot, lambda: "Load:" in detail_text(app), what="node3 back")
        assert "Load: 2.50 (1 minute), 1.25 per CPU on 2" in detail_text(app)
        assert "Disk free: 40GiB of 100GiB (40%) on /var/lib/docker" in detail_text(app)
        reader.node3_back = False
        n = reader.reads["node3"]
        await wait_for(pilot, lambda: reader.reads["node3"] >= n + 2, what="two more reads")
        await wait_for(
            pilot,
            lambda: len([m for m in notifications(app) if "node3" in m]) == 2,
            what="the new streak said",
        )
        await wait_for(pilot, lambda: reader.reads["node3"] >= n + 4, what="two more reads")
        said = [m for m in notifications(app) if "node3" in m]
        assert len(said) == 2  # a new streak is said again, once


class DiskFull(ReplayApi):
    """crashloop's failed task ran out of space on node2."""

    def tasks(self, filters: dict[str, list[str]] | None = None) -> Any:
        tasks = super().tasks(filters)
        for task in tasks:
            if task["Status"].get("Err") == "task: non-zero exit (3)":
                task["Status"]["Err"] = "write /data/x: no space left on device"
        return tasks


async def test_a_task_out_of_space_points_at_its_nodes_figure() -> None:
    frozen = recorded_at()
    app = SwarmTuiApp(
        Settings(), lambda: DiskFull(RECORDING), clock=lambda: frozen, follow_events=False
    )
    reader = with_stand_in(app)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await wait_for(pilot, lambda: reader.reads.get("node2", 0) >= 1, what="a read")
        pointer = "Node's figure: node2: disk 1 % free (1.0GiB on /var/lib/docker)"
        await wait_for(pilot, lambda: pointer in detail_text(app), what="the service's pointer")
        failed = next(
            t
            for t in app.snapshot.tasks
            if "no space" in t.error and app.snapshot.node_name(t.node_id) == "node2"
        )
        await pilot.press("4")  # the tasks pane: the failed task's own detail
        tasks = table(app, "tasks")
        tasks.move_cursor(row=tasks.get_row_index(failed.id))
        await wait_for(
            pilot,
            lambda: "Task ID:" in detail_text(app) and pointer in detail_text(app),
            what="the task's pointer",
        )


async def test_without_node_access_nothing_is_read_and_the_columns_say_off() -> None:
    frozen = recorded_at()
    app = SwarmTuiApp(  # as --no-node-access builds it
        Settings(nodes=NodeAccessSettings(enabled=False)),
        lambda: ReplayApi(RECORDING),
        clock=lambda: frozen,
        follow_events=False,
        read_nodes=True,
    )
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        assert not app.vitals.enabled
        rows = shown_rows(app, "nodes")
        assert all(row[5:8] == ["off", "off", "off"] for row in rows.values())
        assert not app.vitals.reading and not app.vitals.figures


class NoSshd(StandIn):
    """A cluster whose nodes run no sshd the operator can reach: every read is refused."""

    def read(self, node: NodeInfo) -> NodeVitals:
        self.reads[node.hostname] = self.reads.get(node.hostname, 0) + 1
        return NodeVitals(NOW, error=f"node {node.hostname}: ssh: connect to host refused")


async def test_a_cluster_without_reachable_sshd_opens_with_one_notice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = replay_app()
    readers: list[NoSshd] = []
    app.vitals = NodeVitalsRefresher(
        NodeAccessSettings(),
        reader=lambda settings: readers.append(NoSshd(settings)) or readers[-1],
        unreached=app.unreached,
    )
    app.main.vitals = app.vitals
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot, app)
        nodes = [n.hostname for n in app.snapshot.nodes]
        await wait_for(
            pilot, lambda: all(readers[0].reads.get(n, 0) >= 3 for n in nodes), what="reads"
        )
        await wait_for(pilot, lambda: notifications(app), what="the notice")
        n = readers[0].reads[nodes[0]]
        await wait_for(pilot, lambda: readers[0].reads[nodes[0]] >= n + 2, what="more reads")
        said = [m for m in notifications(app) if "not reached" in m]
        assert said == [
            f"{len(nodes)} nodes not reached ({', '.join(sorted(nodes))}): ssh: connect to host "
            "refused. Each row says why; set [nodes] ssh in config.toml to reach them, or "
            "--no-node-access to stop trying."
        ]
        await pilot.press("2")
        rows = shown_rows(app, "nodes")
        assert all(row[5] == "unreachable" for row in rows.values())
