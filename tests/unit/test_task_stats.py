"""Task figures: a stats answer read as `docker stats` reads it, the CPU delta between two
samples, memory less the inactive cache, the cells, the service's sums and `:top`'s order;
and the reader's bookkeeping: a node failing is said once per streak, its tasks show why."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from swarmtui.docker.errors import DaemonUnreachable
from swarmtui.docker.models import ClusterInfo, NodeInfo, Snapshot, TaskInfo
from swarmtui.docker.node_daemon import READS_PER_NODE, NodeReader
from swarmtui.docker.task_stats import (
    StatsSample,
    TaskFigures,
    cpu_percent,
    memory_used,
    parse_stats,
    sums,
    top_tasks,
)
from swarmtui.render.palette import Palette
from swarmtui.render.task_stats import figure_cells, figure_lines, sums_line
from swarmtui.render.top import node_ages, top_rows
from swarmtui.ui.messages import TaskStatsRead
from swarmtui.ui.task_stats import TaskStats

MIB = 1024 * 1024


def stats_body(total: int, system: int, usage: int, inactive: int, limit: int) -> dict:
    """Shaped as a 20.10 daemon answers `stats?stream=false&one-shot=true` on cgroup v2."""
    return {
        "read": "2026-12-07T03:00:00.000000000Z",
        "preread": "0001-01-01T00:00:00Z",
        "cpu_stats": {
            "cpu_usage": {"total_usage": total, "usage_in_kernelmode": 0},
            "system_cpu_usage": system,
            "online_cpus": 2,
        },
        "precpu_stats": {"cpu_usage": {"total_usage": 0}, "throttling_data": {}},
        "memory_stats": {
            "usage": usage,
            "stats": {"inactive_file": inactive, "anon": usage - inactive},
            "limit": limit,
        },
    }


def task(
    task_id: str, node: str = "n1", state: str = "running", exit_code: int | None = None
) -> TaskInfo:
    return TaskInfo(
        id=task_id,
        service_id="s1",
        service_name="web",
        slot=int(task_id[-1]) if task_id[-1].isdigit() else 1,
        node_id=node,
        desired_state="running" if state == "running" else "shutdown",
        state=state,
        state_since=None,
        message="",
        error="",
        exit_code=exit_code,
        image="app:1",
        container_id=f"c-{task_id}",
        created_at=None,
        version=1,
    )


def node(node_id: str, hostname: str) -> NodeInfo:
    return NodeInfo(
        node_id, hostname, "worker", "active", "ready", "", "10.0.0.2", "20.10", "linux",
        "x86_64", 2_000_000_000, 4 * 1024 * MIB, (), 1,
    )  # fmt: skip


def test_a_stats_answer_is_read_as_the_cli_reads_it() -> None:
    sample = parse_stats(stats_body(5_000, 100_000, 60 * MIB, 10 * MIB, 64 * MIB))
    assert sample == StatsSample(5_000, 100_000, 2, 50 * MIB, 64 * MIB)


def test_memory_is_usage_less_the_inactive_file_cache_v1_and_v2() -> None:
    assert memory_used({"usage": 100, "stats": {"inactive_file": 30}}) == 70
    assert memory_used({"usage": 100, "stats": {"total_inactive_file": 40}}) == 60
    assert memory_used({"usage": 100, "stats": {"inactive_file": 300}}) == 100
    assert memory_used({"usage": 100}) == 100


def test_a_stopped_container_or_junk_gives_no_sample() -> None:
    assert parse_stats({"cpu_stats": {}, "memory_stats": {}}) is None
    assert parse_stats({"cpu_stats": "x", "memory_stats": {"limit": 5}}) is None
    # Numbers only: a string or a bool from a hostile node is no counter.
    junk = stats_body(5, 10, 1, 0, 64)
    junk["cpu_stats"]["cpu_usage"]["total_usage"] = "9" * 50
    junk["memory_stats"]["usage"] = True
    assert parse_stats(junk) == StatsSample(0, 10, 2, 0, 64)


def test_cpu_percent_is_the_delta_over_the_hosts_times_its_cpus() -> None:
    first = StatsSample(1_000_000_000, 10_000_000_000, 2, 0, 1)
    # Half a second of CPU while the host counted 2 s over its 2 CPUs: 50 % of one CPU.
    second = StatsSample(1_500_000_000, 12_000_000_000, 2, 0, 1)
    assert cpu_percent(first, second) == 50.0
    assert cpu_percent(None, second) is None
    assert cpu_percent(second, first) is None  # counters went back: a restarted container


def test_cells_and_detail_say_the_figures_red_near_the_limit() -> None:
    palette = Palette()
    figures = {
        "t1": TaskFigures(12.34, 48 * MIB, 64 * MIB),
        "t2": TaskFigures(1.0, 60 * MIB, 64 * MIB),
        "t3": TaskFigures(problem="Cannot reach node3's daemon: ssh said no."),
    }
    cpu, mem = figure_cells(task("t1"), figures, palette)
    assert (cpu.plain, mem.plain, mem.style) == ("12.3%", "48MiB/64MiB", "")
    assert figure_cells(task("t2"), figures, palette)[1].style == palette.error
    assert [c.plain for c in figure_cells(task("t3"), figures, palette)] == ["—", "—"]
    assert "ssh said no" in figure_lines(task("t3"), figures, palette).plain
    assert "near its limit" in figure_lines(task("t2"), figures, palette).plain
    assert [c.plain for c in figure_cells(task("t4"), figures, palette)] == ["…", "…"]


def test_an_oom_killed_task_is_red_and_said_so() -> None:
    palette = Palette()
    failed = task("t5", state="failed", exit_code=137)
    figures = {"t5": TaskFigures(oom_killed=True)}
    assert figure_cells(failed, figures, palette)[1].plain == "OOM-killed"
    assert "out-of-memory killer" in figure_lines(failed, figures, palette).plain


def test_the_service_sums_its_known_tasks() -> None:
    tasks = [task("t1"), task("t2"), task("t3")]
    figures = {
        "t1": TaskFigures(10.0, 10 * MIB, 64 * MIB),
        "t2": TaskFigures(5.5, 20 * MIB, 64 * MIB),
    }
    total = sums(tasks, figures)
    assert total is not None
    assert (total.cpu_percent, total.memory_used, total.known, total.of) == (15.5, 30 * MIB, 2, 3)
    line = sums_line(tasks, figures, Palette()).plain
    assert "CPU 15.5%" in line and "30MiB of 128MiB" in line and "2 of 3 tasks known" in line
    assert sums(tasks, {}) is None


def test_top_orders_by_cpu_or_memory() -> None:
    tasks = [task("t1"), task("t2"), task("t3", state="failed")]
    figures = {
        "t1": TaskFigures(90.0, 5 * MIB, 64 * MIB),
        "t2": TaskFigures(1.0, 50 * MIB, 64 * MIB),
        "t3": TaskFigures(99.0, 60 * MIB, 64 * MIB),
    }
    assert [t.id for t, _ in top_tasks(tasks, figures, "cpu")] == ["t1", "t2"]
    assert [t.id for t, _ in top_tasks(tasks, figures, "memory")] == ["t2", "t1"]


class Owner:
    """Keeps what the reads post."""

    def __init__(self) -> None:
        self.posted: list[TaskStatsRead] = []

    def post_message(self, message: TaskStatsRead) -> None:
        self.posted.append(message)


class FakeDaemon:
    def __init__(self, samples: list[StatsSample], fail: str = "") -> None:
        self.samples, self.fail, self.closed = samples, fail, False

    def container_stats(self, container_id: str) -> StatsSample | None:
        if self.fail:
            raise DaemonUnreachable(self.fail)
        return self.samples.pop(0)

    def oom_killed(self, container_id: str) -> bool | None:
        return True

    def close(self) -> None:
        self.closed = True


def test_the_reader_takes_two_samples_and_keeps_why_a_node_failed() -> None:
    owner, now = Owner(), [100.0]
    daemons = {
        "n1": FakeDaemon(
            [StatsSample(0, 0, 1, 10 * MIB, 64 * MIB), StatsSample(10, 100, 1, 20 * MIB, 64 * MIB)]
        ),
        "n2": FakeDaemon([], fail="Cannot reach node2: ssh: connect to host refused."),
    }
    stats = TaskStats(
        owner,  # type: ignore[arg-type]
        lambda n: daemons[n.id],  # type: ignore[arg-type]
        clock=lambda: now[0],
        start=lambda work, name: work(),  # at once, here
    )
    shown = [task("t1", "n1"), task("t2", "n2"), task("t9", "n1", "failed", 137)]
    snapshot = make_snapshot((node("n1", "node1"), node("n2", "node2")), tuple(shown))
    stats.fetch(shown, snapshot)
    for message in owner.posted:
        stats.read(message)
    assert [bool(m.problem) for m in owner.posted].count(True) == 1
    assert stats.figures["t1"].cpu_percent is None and stats.figures["t1"].memory_used == 10 * MIB
    assert stats.figures["t2"].problem.startswith("Cannot reach node2")
    assert stats.figures["t9"].oom_killed
    owner.posted.clear()
    now[0] += 20.0  # past both the refresh and the failed node's retry
    stats.fetch(shown, snapshot)
    for message in owner.posted:
        stats.read(message)
    assert stats.figures["t1"].cpu_percent == 10.0
    ages = node_ages(snapshot, stats.nodes, now[0] + 3, Palette()).plain
    assert "node1: 3 s ago" in ages and "node2: Cannot reach node2" in ages
    assert [row[0] for row in top_rows(snapshot, stats.figures, "cpu", Palette())] == ["t1"]
    now[0] += 61.0
    stats.close_idle()
    assert daemons["n1"].closed


def make_snapshot(nodes: tuple[NodeInfo, ...], tasks: tuple[TaskInfo, ...]) -> Snapshot:
    cluster = ClusterInfo("sw", "n1", "10.0.0.1", "unix://x", "20.10", "1.41", 1, len(nodes))
    return Snapshot(cluster, nodes, (), tasks, datetime.now(UTC))


def test_a_nodes_containers_are_read_through_a_few_clients_at_once() -> None:
    """A 20.10 daemon answers each one-shot read at its collector's next pass, a second
    later: a node's containers are read side by side, each client by one thread."""
    made: list[Recorder] = []

    class Recorder:
        def __init__(self) -> None:
            self.threads: set[int] = set()

        def container_stats(self, container_id: str) -> StatsSample | None:
            self.threads.add(threading.get_ident())
            # Every client waits for the others: read one after the other, this never ends.
            barrier.wait(timeout=5)
            return StatsSample(1, 1, 1, len(container_id), 64)

        def oom_killed(self, container_id: str) -> bool | None:
            return None

        def close(self) -> None:
            pass

    def make() -> Recorder:
        made.append(Recorder())
        return made[-1]

    barrier = threading.Barrier(READS_PER_NODE)
    reader = NodeReader(make)  # type: ignore[arg-type]
    containers = {f"t{n}": "c" * n for n in range(1, 2 * READS_PER_NODE + 1)}
    samples = reader.stats(containers)
    assert {key: sample.memory_used for key, sample in samples.items() if sample} == {
        key: len(container) for key, container in containers.items()
    }
    assert len(made) == READS_PER_NODE and all(len(api.threads) == 1 for api in made)


def test_a_failing_node_is_asked_for_figures_less_and_less_often() -> None:
    owner, now, tries = Owner(), [0.0], []

    class Refusing(FakeDaemon):
        def container_stats(self, container_id: str) -> StatsSample | None:
            tries.append(now[0])
            return super().container_stats(container_id)

    stats = TaskStats(
        owner,  # type: ignore[arg-type]
        lambda n: Refusing([], fail="Cannot reach node2: ssh: connect to host refused."),  # type: ignore[arg-type]
        clock=lambda: now[0],
        start=lambda work, name: work(),
    )
    shown = [task("t2", "n2")]
    snapshot = make_snapshot((node("n2", "node2"),), tuple(shown))
    for second in range(120):  # the app asks every second while the task is on screen
        now[0] = float(second)
        owner.posted.clear()
        stats.fetch(shown, snapshot)
        for message in owner.posted:
            stats.read(message)
    assert tries == [0.0, 15.0, 45.0, 105.0]  # 15 s, then 30, then 60: not every 15 s
