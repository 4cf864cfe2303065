"""The incident report's busiest tasks: read from every node (two samples a gap apart, the
unreachable node said in one sentence), listed by memory and by CPU, escaped in Markdown,
numbers in the JSON twin; absent when node access is off."""

from __future__ import annotations

import json
from dataclasses import replace

from swarmtui.docker.errors import DaemonUnreachable
from swarmtui.docker.incident import gather
from swarmtui.docker.models import NodeInfo
from swarmtui.docker.node_access import NodeUnreachable
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.task_stats import StatsSample, measured
from swarmtui.render.report import report_data, report_markdown
from tests.support.replay import RECORDING, lab_snapshot

MIB = 1024 * 1024


class Daemon:
    """Each container uses more CPU on each read; its memory is told by its task's slot."""

    def __init__(self, node: NodeInfo) -> None:
        self.node, self.reads, self.closed = node, 0, False

    def container_stats(self, container_id: str) -> StatsSample | None:
        if self.node.hostname == "node3":
            raise DaemonUnreachable("Cannot reach node3's daemon: ssh: connection refused.")
        self.reads += 1
        weight = sum(map(ord, container_id)) % 7 + 1
        return StatsSample(
            self.reads * weight * 10**7, self.reads * 10**9, 2, weight * MIB, 64 * MIB
        )

    def oom_killed(self, container_id: str) -> bool | None:
        return None

    def close(self) -> None:
        self.closed = True


def test_the_report_lists_the_busiest_tasks_and_the_nodes_it_could_not_read() -> None:
    recording = ReplayApi(RECORDING)
    snapshot = lab_snapshot(recording)
    # One task with a name that would be Markdown structure if it were not escaped.
    node1 = next(node.id for node in snapshot.nodes if node.hostname == "node1")
    running = next(t for t in snapshot.tasks if measured(t) and t.node_id == node1)
    hostile = replace(running, service_name="web|*evil*")
    snapshot = replace(
        snapshot, tasks=tuple(hostile if t is running else t for t in snapshot.tasks)
    )
    daemons: list[Daemon] = []

    def node_api(node: NodeInfo) -> Daemon:
        if node.hostname == "node2":
            raise NodeUnreachable("node 'node2''s address is not a plain host name")
        daemons.append(Daemon(node))
        return daemons[-1]

    data = report_data(
        gather(
            recording,
            snapshot,
            (),
            node_api=node_api,
        )
    )  # type: ignore[arg-type]
    top = data["busiest_tasks"]
    assert json.loads(json.dumps(data)) == data
    memory = [row["memory_used"] for row in top["by_memory"]]
    assert memory and memory == sorted(memory, reverse=True)
    cpu = [row["cpu_percent"] for row in top["by_cpu"]]
    assert cpu == sorted(cpu, reverse=True) and all(c is not None for c in cpu)
    assert {row["node"] for row in top["by_memory"]} <= {"node1"}
    assert set(top["unreachable"]) == {"node2", "node3"}
    assert all(daemon.closed for daemon in daemons)
    markdown = report_markdown(data)
    assert "## Busiest tasks" in markdown and "### By memory" in markdown
    assert "- node3: Cannot reach node3's daemon: ssh: connection refused." in markdown
    assert any(row["task"].startswith("web|*evil*") for row in top["by_cpu"])
    assert "web\\|\\*evil\\*" in markdown and "web|*evil*" not in markdown


def test_without_node_access_the_report_says_nothing_of_it() -> None:
    recording = ReplayApi(RECORDING)
    data = report_data(gather(recording, lab_snapshot(recording), ()))
    assert "busiest_tasks" not in data
    assert "Busiest tasks" not in report_markdown(data)
