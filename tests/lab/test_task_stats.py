"""The tasks' CPU and memory, read from each lab node's own daemon over a real sshd in its
namespace (tests/support/sshd.py): a task burning CPU and one holding memory show their
figures beside their tasks within two refreshes and lead `:top` by CPU and by memory; with
node3's sshd stopped, its task's cells say `—`, its detail and `:top` give node3's sentence,
and node2's figures are still shown.

One module-wide setup: the sshds and the two services are started once (~10 s in all)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from swarmtui.docker import ssh_transport
from swarmtui.docker.node_access import NodeAccessSettings
from swarmtui.render.selection import Kind
from swarmtui.ui.panes.detail import DetailPane
from swarmtui.ui.panes.keyed_table import KeyedTable
from swarmtui.ui.screens.top import TopScreen
from swarmtui.ui.task_stats import REFRESH_S
from tests.support.lab import Lab, first_poll, inspect, wait_for
from tests.support.sshd import NodeSshds

BURN = "stats-burn"
HOLD = "stats-hold"
HELD_MIB = 48
HOLD_LIMIT = "53m"
"""Above what HOLD holds (48 MiB and its shell's), within 10 %: near its limit, shown red."""
OOM = "stats-oom"
LOGIN_S = 5.0
"""The first read of a node logs in over ssh: a refresh's worth of slack on a loaded machine."""
WITHIN_TWO_REFRESHES = 2 * REFRESH_S + LOGIN_S


@pytest.fixture(scope="module")
def sshds(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> Iterator[NodeSshds]:
    started = NodeSshds(lab, tmp_path_factory.mktemp("stats-ssh")).start()
    with pytest.MonkeyPatch.context() as patch:
        for name, value in started.environ().items():
            patch.setenv(name, value)
        patch.setattr(ssh_transport, "SSH_STDERR_LOG", started.folder / "ssh.log")
        yield started
        ssh_transport.shutdown()
    started.stop()


@pytest.fixture(scope="module")
def loads(lab: Lab) -> Iterator[dict[str, str]]:
    """A task burning a CPU on node2, one holding HELD_MIB MiB on node3: service name → id."""
    commands = {
        BURN: ("node2", "dd if=/dev/zero of=/dev/null"),
        # tmpfs pages are charged to the container and are no inactive file cache.
        HOLD: ("node3", f"head -c {HELD_MIB * 1024 * 1024} /dev/zero >/dev/shm/held; sleep 3600"),
    }
    limits = {BURN: "256m", HOLD: HOLD_LIMIT}
    for name, (node, command) in commands.items():
        lab.docker(
            "service", "create", "-d", "--no-resolve-image", "--name", name,
            "--constraint", f"node.hostname=={node}", "--limit-memory", limits[name],
            "--stop-signal", "KILL", "--stop-grace-period", "1s",
            "swarmlab/app:1", "sh", "-c", command,
        )  # fmt: skip
    # Asks for four times its limit in tmpfs pages, which the kernel cannot reclaim: the OOM
    # killer ends it (exit 137, State.OOMKilled), and with no restart it stays failed.
    lab.docker(
        "service", "create", "-d", "--no-resolve-image", "--name", OOM,
        "--constraint", "node.hostname==node2", "--limit-memory", "16m",
        "--restart-condition", "none", "--stop-signal", "KILL",
        "swarmlab/app:1", "sh", "-c", "head -c 64m /dev/zero >/dev/shm/x; sleep 3600",
    )  # fmt: skip
    try:
        for name in commands:
            lab.settle(name, timeout=60)
        yield {name: inspect(lab, "service", name)["ID"] for name in (*commands, OOM)}
    finally:
        for name in (*commands, OOM):
            lab.docker("service", "rm", name, check=False)


def app_with_node_access(lab_app: Any) -> Any:
    return lab_app(nodes=NodeAccessSettings(user="root"), read_nodes=True)


def task_cells(app: Any) -> list[tuple[str, str]]:
    """The CPU and MEM cells of the tasks pane's rows."""
    table = app.main.query_one("#tasks", KeyedTable)
    rows = (table.get_row_at(index) for index in range(table.row_count))
    return [(str(row[4]), str(row[5])) for row in rows]


def cpu_of(cells: list[tuple[str, str]]) -> float:
    return max((float(cpu[:-1]) for cpu, _ in cells if cpu.endswith("%")), default=-1.0)


def mib_of(cells: list[tuple[str, str]]) -> float:
    used = [mem.split("/")[0] for _, mem in cells if mem.endswith("MiB")]
    return max((float(value[:-3]) for value in used if value.endswith("MiB")), default=-1.0)


def memory_cell(app: Any, task_id: str) -> Any:
    return app.main.query_one("#tasks", KeyedTable).get_row(task_id)[5]


def top_first(screen: TopScreen) -> str:
    table = screen.query_one("#top", KeyedTable)
    return str(table.get_row_at(0)[0]) if table.row_count else ""


async def test_figures_beside_the_tasks_and_in_top(
    lab_app: Any, sshds: NodeSshds, loads: dict[str, str]
) -> None:
    app = app_with_node_access(lab_app)
    async with app.run_test(size=(180, 50)) as pilot:
        await first_poll(pilot, app)
        app.main.jump_to(Kind.SERVICE, loads[BURN])
        await wait_for(
            pilot,
            lambda: cpu_of(task_cells(app)) > 20.0,
            timeout=WITHIN_TWO_REFRESHES,
            what="the burning task's CPU share within two refreshes",
        )
        app.main.jump_to(Kind.SERVICE, loads[HOLD])
        await wait_for(
            pilot,
            lambda: mib_of(task_cells(app)) >= HELD_MIB,
            timeout=WITHIN_TWO_REFRESHES,
            what=f"the holding task's {HELD_MIB} MiB within two refreshes",
        )
        detail = app.main.query_one(DetailPane)
        await wait_for(pilot, lambda: "Tasks use: CPU" in detail.shown.plain, what="the sums")
        held = next(
            t for t in app.snapshot.tasks if t.service_id == loads[HOLD] and t.state == "running"
        )
        assert memory_cell(app, held.id).style == app.main.palette.error  # near its limit
        await pilot.press("colon", *"top", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TopScreen), what=":top")
        top = app.screen
        assert isinstance(top, TopScreen)
        await wait_for(
            pilot,
            lambda: top_first(top).startswith(BURN),
            timeout=WITHIN_TWO_REFRESHES,
            what="the burning task first by CPU",
        )
        ages = str(top.query_one("#top-nodes").render())
        assert all(f"node{n}: " in ages for n in (2, 3)) and "s ago" in ages
        await pilot.press("s")
        await wait_for(pilot, lambda: top_first(top).startswith(HOLD), what="the holder first")


async def test_a_node_without_sshd_is_one_sentence_and_the_others_still_shown(
    lab_app: Any, sshds: NodeSshds, loads: dict[str, str], tmp_path: Path
) -> None:
    sshds.sshds["node3"].stop()
    ssh_transport.shutdown()  # the shared connection to node3 would outlive its sshd
    app = app_with_node_access(lab_app)
    said: list[str] = []
    notify = app.notify
    app.notify = lambda message, *a, **k: (said.append(str(message)), notify(message, *a, **k))
    async with app.run_test(size=(180, 50)) as pilot:
        await first_poll(pilot, app)
        app.main.jump_to(Kind.SERVICE, loads[HOLD])
        await wait_for(
            pilot,
            lambda: ("—", "—") in task_cells(app),
            timeout=WITHIN_TWO_REFRESHES + 10,
            what="node3's task saying its figures are unknown",
        )
        await pilot.press("4")  # the task's own detail gives the sentence
        detail = app.main.query_one(DetailPane)
        await wait_for(pilot, lambda: "unknown: " in detail.shown.plain, what="node3's sentence")
        sentence = detail.shown.plain.split("unknown: ", 1)[1].split("\n")[0]
        assert "node3" in sentence or sshds.sshds["node3"].address in sentence
        app.main.jump_to(Kind.SERVICE, loads[BURN])
        await wait_for(
            pilot,
            lambda: cpu_of(task_cells(app)) > 20.0,
            # node2 is first read now (a login, then two samples for a CPU figure), on a
            # machine loaded by the suite: the same slack as node3's sentence had.
            timeout=WITHIN_TWO_REFRESHES + 10,
            what="node2's figures while node3 fails",
        )
        # Once, whichever reader (the figures, the vitals) found it first.
        assert len([m for m in said if "node3" in m and "not reached" in m]) == 1, said


async def test_an_oom_killed_task_is_red_and_points_at_its_nodes_memory(
    lab_app: Any, sshds: NodeSshds, loads: dict[str, str]
) -> None:
    app = app_with_node_access(lab_app)
    async with app.run_test(size=(180, 50)) as pilot:
        await first_poll(pilot, app)
        await wait_for(
            pilot,
            lambda: any(t.exit_code == 137 for t in tasks_of(app, loads[OOM])),
            timeout=60,
            what="the OOM kill",
        )
        app.main.jump_to(Kind.SERVICE, loads[OOM])
        [killed] = [t for t in tasks_of(app, loads[OOM]) if t.exit_code == 137]
        await wait_for(
            pilot,
            lambda: str(memory_cell(app, killed.id)) == "OOM-killed",
            timeout=WITHIN_TWO_REFRESHES,
            what="the kill read from its container's State.OOMKilled",
        )
        assert memory_cell(app, killed.id).style == f"bold {app.main.palette.error}"
        await pilot.press("4")
        table = app.main.query_one("#tasks", KeyedTable)
        table.move_cursor(row=table.get_row_index(killed.id))
        detail = app.main.query_one(DetailPane)
        await wait_for(
            pilot,
            lambda: (
                "Node's figure: node2: " in detail.shown.plain
                and "memory available" in detail.shown.plain
            ),
            timeout=30,
            what="the pointer at node2's memory",
        )
        assert "Out of memory:" in detail.shown.plain


def tasks_of(app: Any, service_id: str) -> list[Any]:
    return [t for t in app.snapshot.tasks if t.service_id == service_id] if app.snapshot else []
