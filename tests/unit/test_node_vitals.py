"""Node vitals read over ssh: what reaches ssh's command line, what is refused, how the
node's answer is parsed and bounded, and how the figures are coloured and pointed at."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from swarmtui.docker.incident import gather
from swarmtui.docker.models import NodeInfo, Snapshot
from swarmtui.docker.node_access import NodeAccessSettings
from swarmtui.docker.node_vitals import (
    DEFAULT_ROOT,
    MAX_OUTPUT,
    ROOT_COMMAND,
    NodeVitals,
    VitalsReader,
    VitalsUnread,
    check_root,
    parse_vitals,
    run_ssh,
    vitals_command,
)
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.ssh_transport import ssh_options
from swarmtui.render.palette import Palette
from swarmtui.render.report import report_data, report_markdown
from swarmtui.render.vitals import task_pointer, vitals_cells, vitals_detail
from tests.support.replay import lab_snapshot

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
LOADAVG = "3.10 2.00 1.00 2/300 4242\n"
MEMINFO = "MemTotal:       16000000 kB\nMemFree:  100 kB\nMemAvailable:    640000 kB\n"
DF = (
    "Filesystem     1024-blocks      Used Available Capacity Mounted on\n"
    "/dev/sda1        100000000  98000000   2000000      98% /\n"
)
GOOD = LOADAVG + MEMINFO + DF
HOSTILE = (
    "-oProxyCommand=touch /tmp/pwned",
    "node3;touch /tmp/pwned",
    "a b",
    "$(touch /tmp/pwned)",
    "`id`",
    "node\n2",
    "-",
    "'quoted'",
)


class Runner:
    """Records every argv and answers like a node would."""

    def __init__(self, answers: dict[str, tuple[int, str, str]] | None = None) -> None:
        self.argvs: list[list[str]] = []
        self.answers = answers or {}

    def __call__(self, argv: Sequence[str], timeout: float) -> tuple[int, str, str]:
        self.argvs.append(list(argv))
        command = " ".join(argv[argv.index("--") + 2 :])
        for start, answer in self.answers.items():
            if command.startswith(start):
                return answer
        if command.startswith("docker info"):
            return 0, "/srv/docker\n", ""
        return 0, GOOD, ""


@pytest.fixture
def recording() -> ReplayApi:
    from tests.support.replay import RECORDING

    return ReplayApi(RECORDING)


@pytest.fixture
def node(recording: ReplayApi) -> NodeInfo:
    return lab_snapshot(recording).nodes[-1]


def test_the_figures_are_parsed_from_what_linux_prints() -> None:
    vitals = parse_vitals(GOOD, "/", 2, NOW)
    assert vitals.load1 == pytest.approx(3.1)
    assert vitals.load_per_cpu == pytest.approx(1.55)
    assert vitals.mem_total == 16000000 * 1024
    assert vitals.mem_available_pct == pytest.approx(4.0)
    assert vitals.disk_free == 2000000 * 1024
    assert vitals.disk_free_pct == pytest.approx(2.0)


@pytest.mark.parametrize("output", ["", "garbage", "1.0 1 1\nMemTotal: x kB\n", LOADAVG])
def test_an_answer_that_is_not_linux_is_one_sentence(output: str) -> None:
    with pytest.raises(VitalsUnread, match="did not read as"):
        parse_vitals(output, "/", 2, NOW)


@pytest.mark.parametrize(
    "root", ["/var/lib/docker", "/run/swarmtui-lab/vitals/node1/data", "/data/docker-1.2+x"]
)
def test_a_plain_data_root_is_taken(root: str) -> None:
    assert check_root(root) == root


@pytest.mark.parametrize(
    "root",
    ["relative/path", "-oX", "/a;touch /tmp/x", "/a b", "/$(id)", "/a/../etc", "/a\n/b", "/`x`"],
)
def test_a_data_root_that_is_not_a_plain_absolute_path_is_refused(root: str) -> None:
    with pytest.raises(VitalsUnread, match="not a plain absolute path"):
        check_root(root)


def _assert_safe(argv: list[str]) -> None:
    """Only our options before `--`; after it the checked target and our own command, the
    only outside value in it being the data root, a plain absolute path."""
    cut = argv.index("--")
    log = Path(argv[argv.index("-E") + 1])
    assert argv[:cut] == ["ssh", *ssh_options(log)]
    target, *command = argv[cut + 1 :]
    assert not target.startswith("-")
    ours = set(ROOT_COMMAND) | set(vitals_command("/x")[:-1])
    for word in command:
        assert word in ours or (word.startswith("/") and check_root(word) == word), word


@pytest.mark.parametrize("template", ["{address}", "{hostname}", "ops@{hostname}.prod"])
@pytest.mark.parametrize("hostile", HOSTILE)
def test_no_outside_value_reaches_ssh_as_an_option(
    node: NodeInfo, template: str, hostile: str
) -> None:
    """A hostile hostname, address or daemon data root: refused in one sentence, or kept
    after `--` as a plain value; never an option, never before `--`."""
    settings = NodeAccessSettings(template=template, user="root")
    for bad in (
        replace(node, hostname=hostile),
        replace(node, addr=hostile),
    ):
        runner = Runner()
        vitals = VitalsReader(settings, runner).read(bad)
        for argv in runner.argvs:
            _assert_safe(argv)
        if hostile in (bad.addr,) or (template != "{address}" and bad.hostname == hostile):
            assert vitals.refused and not runner.argvs
            assert "not a plain host name or address" in vitals.error
    runner = Runner({"docker info": (0, f"{hostile}\n", "")})
    vitals = VitalsReader(settings, runner).read(node)
    assert "not a plain absolute path" in vitals.error
    assert len(runner.argvs) == 1  # the data root was asked, the vitals command never ran
    _assert_safe(runner.argvs[0])


def test_the_data_root_is_asked_once_and_the_read_is_one_command(node: NodeInfo) -> None:
    runner = Runner()
    reader = VitalsReader(NodeAccessSettings(user="root"), runner)
    first, second = reader.read(node), reader.read(node)
    assert first.root == second.root == "/srv/docker"
    commands = [" ".join(argv[argv.index("--") + 2 :]) for argv in runner.argvs]
    assert commands == [
        " ".join(ROOT_COMMAND),
        "cat /proc/loadavg /proc/meminfo && df -Pk /srv/docker",
        "cat /proc/loadavg /proc/meminfo && df -Pk /srv/docker",
    ]
    assert all(argv[argv.index("--") + 1] == f"root@{node.addr}" for argv in runner.argvs)


def test_a_node_without_a_docker_cli_is_read_at_the_default_root(node: NodeInfo) -> None:
    runner = Runner({"docker info": (127, "", "sh: docker: not found\n")})
    vitals = VitalsReader(NodeAccessSettings(), runner).read(node)
    assert vitals.root == DEFAULT_ROOT and not vitals.error


def test_an_ssh_failure_is_one_sentence_naming_the_node(node: NodeInfo) -> None:
    refused = "ssh: connect to host 10.0.0.2 port 22: Connection refused\n"
    runner = Runner({"docker info": (255, "", refused)})
    vitals = VitalsReader(NodeAccessSettings(user="root"), runner).read(node)
    assert vitals.error == (
        f"node {node.hostname}: {node.addr} refused the ssh connection: check that sshd "
        "runs there, on that port"
    )
    assert not vitals.refused


def test_node_access_off_runs_nothing(node: NodeInfo) -> None:
    runner = Runner()
    vitals = VitalsReader(NodeAccessSettings(enabled=False), runner).read(node)
    assert vitals.refused and "node access is off" in vitals.error and not runner.argvs


def test_what_a_node_sends_is_bounded_and_a_silent_one_given_up(tmp_path: Path) -> None:
    log = tmp_path / "ssh.log"
    with pytest.raises(VitalsUnread, match=f"it sent more than {MAX_OUTPUT // 1024} KiB"):
        run_ssh(["sh", "-c", "yes", "sh", "-E", str(log)], 10)
    with pytest.raises(VitalsUnread, match=r"did not answer within 0\.5 s"):
        run_ssh(["sh", "-c", "sleep 30", "sh", "-E", str(log)], 0.5)
    code, out, words = run_ssh(["sh", "-c", "echo out; echo said >&2; exit 3", "-E", str(log)], 5)
    assert (code, out, words) == (3, "out\n", "said\n")


def _vitals(load: float = 0.5, mem: float = 50.0, disk: float = 50.0) -> NodeVitals:
    return NodeVitals(NOW, load, 1, 1000, int(mem * 10), 1000, int(disk * 10), "/d")


@pytest.mark.parametrize(
    ("vitals", "colours"),
    [
        (_vitals(), ("", "", "")),
        (_vitals(load=1.5, mem=10, disk=10), ("yellow", "yellow", "yellow")),
        (_vitals(load=2.5, mem=4, disk=4), ("red", "red", "red")),
    ],
)
def test_figures_turn_amber_then_red_past_the_thresholds(
    node: NodeInfo, vitals: NodeVitals, colours: tuple[str, str, str]
) -> None:
    cells = vitals_cells(node.id, {node.id: vitals}, Palette())
    assert tuple(str(cell.style) for cell in cells) == colours


def test_an_unreached_node_is_a_word_in_its_row_and_a_sentence_in_its_detail(
    node: NodeInfo,
) -> None:
    failed = NodeVitals(NOW, error="node n: n refused the ssh connection")
    cells = vitals_cells(node.id, {node.id: failed}, Palette())
    assert [cell.plain for cell in cells] == ["unreachable", "—", "—"]
    assert (
        "Not reached: node n: n refused the ssh connection."
        in vitals_detail(node, {node.id: failed}, Palette()).plain
    )
    assert [cell.plain for cell in vitals_cells(node.id, None, Palette())] == ["off"] * 3


def test_a_task_out_of_space_or_memory_points_at_its_nodes_figure(
    recording: ReplayApi,
) -> None:
    snapshot: Snapshot = lab_snapshot(recording)
    task = next(t for t in snapshot.tasks if t.node_id)
    name = snapshot.node_name(task.node_id)
    vitals = {task.node_id: _vitals(mem=3, disk=2)}
    full = replace(task, state="failed", error="write /data/x: no space left on device")
    oom = replace(task, state="failed", error="task: non-zero exit (137)", exit_code=137)
    assert task_pointer(full, snapshot, vitals).startswith(f"{name}: disk 2 % free")
    assert task_pointer(oom, snapshot, vitals).startswith(f"{name}: 3 % memory available")
    assert task_pointer(replace(task, state="running"), snapshot, vitals) == ""
    assert task_pointer(full, snapshot, None) == ""  # node access off


def test_the_report_has_each_nodes_vitals_or_why_not(recording: ReplayApi) -> None:
    snapshot = lab_snapshot(recording)
    first, second, *_ = snapshot.nodes
    vitals = {first.id: _vitals(load=0.25, mem=30, disk=2), second.id: NodeVitals(NOW, error="x")}
    data = report_data(gather(recording, snapshot, (), node_vitals=vitals))
    by_node = {entry["node"]: entry for entry in data["node_vitals"]}
    assert by_node[first.hostname]["disk_free_bytes"] == 20
    assert by_node[first.hostname]["disk_free_pct"] == 2.0
    assert by_node[first.hostname]["load_per_cpu"] == 0.25
    assert by_node[second.hostname] == {"node": second.hostname, "error": "x"}
    markdown = report_markdown(data)
    assert f"| {first.hostname} | 0\\.25 | 0\\.25 | 300B (30 %) | 20B (2 %) on /d |" in markdown
    assert f"| {second.hostname} | not reached: x |  |  |  |" in markdown
    off = report_markdown(report_data(gather(recording, snapshot, ())))
    assert "## Node vitals\n\nNode access is off" in off
