"""Why a task is pending: swarmkit's filters per node, on the lab recording and variations of it.

Each case changes one thing in the recorded `pending` (or `web`) service or the nodes with
`dataclasses.replace` and checks that the right filter is named on the right node.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from swarmtui.docker.models import NodeInfo, PortInfo, Resources, ServiceInfo, Snapshot, TaskInfo
from swarmtui.docker.parse import parse_node, parse_service
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.scheduling import Fit, awaits_placement, why_pending
from swarmtui.render.detail import service_detail, task_detail
from swarmtui.render.format import size
from swarmtui.render.palette import Palette
from swarmtui.render.pending import fit_reason, pending_text
from tests.support.replay import by_name, lab_snapshot

GIB = 1 << 30


@pytest.fixture
def snapshot(recording: ReplayApi) -> Snapshot:
    return lab_snapshot(recording)


def changed(
    snapshot: Snapshot,
    *,
    services: tuple[ServiceInfo, ...] = (),
    nodes: tuple[NodeInfo, ...] = (),
    tasks: tuple[TaskInfo, ...] = (),
) -> Snapshot:
    """`snapshot` with these services and nodes replaced (by id) and these tasks added."""
    new_services = {s.id: s for s in services}
    new_nodes = {n.id: n for n in nodes}
    return replace(
        snapshot,
        services=tuple(new_services.get(s.id, s) for s in snapshot.services),
        nodes=tuple(new_nodes.get(n.id, n) for n in snapshot.nodes),
        tasks=snapshot.tasks + tasks,
    )


def pending_task(snapshot: Snapshot, service: str = "pending") -> TaskInfo:
    tasks = snapshot.tasks_of_service(by_name(snapshot, service).id)
    return next(t for t in tasks if t.is_active and t.state == "pending")


def new_web_task(snapshot: Snapshot) -> TaskInfo:
    """A seventh web replica, still waiting for the scheduler."""
    template = next(t for t in snapshot.tasks if t.service_name == "web")
    return replace(
        template, id="web7", slot=7, node_id="", state="pending", desired_state="running"
    )


def verdicts(snapshot: Snapshot, task: TaskInfo) -> dict[str, str]:
    """hostname → the filter that rejects the node ('' when eligible) and the reason."""
    return {
        fit.node.hostname: f"{fit.filter}|{fit_reason(fit)}" for fit in why_pending(snapshot, task)
    }


def test_the_recorded_pending_service_fails_its_constraint_on_every_node(
    snapshot: Snapshot,
) -> None:
    task = pending_task(snapshot)
    assert awaits_placement(task)
    reason = "constraint|constraint node.labels.never==true: label never is not set"
    assert verdicts(snapshot, task) == {"node1": reason, "node2": reason, "node3": reason}


def test_memory_larger_than_any_node_is_named_with_what_is_free(snapshot: Snapshot) -> None:
    service = by_name(snapshot, "pending")
    big = replace(service, constraints=(), reservations=Resources(memory_bytes=1000 * GIB))
    snapshot = changed(snapshot, services=(big,))
    found = verdicts(snapshot, pending_task(snapshot))
    # Each node already runs two web replicas reserving 16 MiB each.
    node_memory = by_name(snapshot, "node1").memory_bytes
    free = node_memory - 2 * 16 * 1024 * 1024
    assert found["node1"] == (
        f"resources|memory: needs 1000GiB reserved, {size(free)} free of {size(node_memory)}"
    )
    assert set(found) == {"node1", "node2", "node3"}
    assert all(verdict.startswith("resources|memory:") for verdict in found.values())


def test_cpu_reservation_counts_what_the_node_already_reserves(snapshot: Snapshot) -> None:
    service = by_name(snapshot, "pending")
    # 2 CPUs per node, web reserves 0.05 twice: 1.9 free everywhere, 1.95 fits nowhere.
    hungry = replace(service, constraints=(), reservations=Resources(nano_cpus=1_950_000_000))
    snapshot = changed(snapshot, services=(hungry,))
    found = verdicts(snapshot, pending_task(snapshot))
    assert found["node2"] == "resources|cpu: needs 1.95 CPU reserved, 1.9 CPU free of 2 CPU"


def test_a_drained_only_eligible_node_says_drained_others_their_hostname(
    snapshot: Snapshot,
) -> None:
    service = replace(by_name(snapshot, "pending"), constraints=("node.hostname==node3",))
    node3 = replace(by_name(snapshot, "node3"), availability="drain")
    snapshot = changed(snapshot, services=(service,), nodes=(node3,))
    assert verdicts(snapshot, pending_task(snapshot)) == {
        "node1": "constraint|constraint node.hostname==node3: hostname is node1",
        "node2": "constraint|constraint node.hostname==node3: hostname is node2",
        "node3": "availability|drained",  # the ready filter comes first, as in swarmkit
    }


def test_a_down_node_says_down_with_its_status(snapshot: Snapshot) -> None:
    service = replace(by_name(snapshot, "pending"), constraints=("node.labels.zone==b",))
    node2 = replace(by_name(snapshot, "node2"), state="down", state_message="heartbeat failure")
    snapshot = changed(snapshot, services=(service,), nodes=(node2,))
    found = verdicts(snapshot, pending_task(snapshot))
    assert found["node2"] == "state|down: heartbeat failure"
    assert found["node1"] == "constraint|constraint node.labels.zone==b: label zone is not set"
    assert found["node3"] == "constraint|constraint node.labels.zone==b: label zone is c"


def test_max_replicas_per_node_reached(snapshot: Snapshot) -> None:
    web = replace(by_name(snapshot, "web"), max_replicas=2)
    task = new_web_task(snapshot)
    snapshot = changed(snapshot, services=(web,), tasks=(task,))
    assert set(verdicts(snapshot, task).values()) == {
        "max-replicas|already runs 2 (max 2 per node)"
    }
    roomy = changed(snapshot, services=(replace(web, max_replicas=3),))
    assert all(fit.eligible for fit in why_pending(roomy, task))


def test_a_host_mode_port_taken_names_the_task_holding_it(snapshot: Snapshot) -> None:
    web = replace(
        by_name(snapshot, "web"),
        ports=(PortInfo(8080, 80, "tcp", "host"),),
        constraints=("node.labels.zone==b",),
    )
    task = new_web_task(snapshot)
    snapshot = changed(snapshot, services=(web,), tasks=(task,))
    found = verdicts(snapshot, task)
    assert found["node2"] in {
        "host-port|host port 8080/tcp taken by web.2",
        "host-port|host port 8080/tcp taken by web.3",
    }
    assert found["node1"].startswith("constraint|")  # constraints come before ports


def test_an_ingress_port_takes_nothing(snapshot: Snapshot) -> None:
    task = new_web_task(snapshot)
    snapshot = changed(snapshot, tasks=(task,))
    assert all(fit.eligible for fit in why_pending(snapshot, task))


def test_platform_mismatch_and_architecture_aliases(snapshot: Snapshot) -> None:
    service = by_name(snapshot, "pending")
    arm = replace(service, constraints=(), platforms=(("linux", "arm64"),))
    on_arm = changed(snapshot, services=(arm,))
    found = verdicts(on_arm, pending_task(on_arm))
    assert found["node3"] == "platform|platform: image runs on linux/arm64, node is linux/x86_64"
    amd = replace(service, constraints=(), platforms=(("linux", "amd64"), ("windows", "")))
    on_amd = changed(snapshot, services=(amd,))  # x86_64 is amd64 to swarmkit
    assert all(fit.eligible for fit in why_pending(on_amd, pending_task(on_amd)))


def test_engine_label_constraint(snapshot: Snapshot) -> None:
    service = replace(by_name(snapshot, "pending"), constraints=("engine.labels.disk==ssd",))
    node2 = replace(by_name(snapshot, "node2"), engine_labels=(("disk", "SSD"),))
    snapshot = changed(snapshot, services=(service,), nodes=(node2,))
    found = verdicts(snapshot, pending_task(snapshot))
    assert found["node2"] == "|eligible"  # values compare case-insensitively
    assert (
        found["node1"]
        == "constraint|constraint engine.labels.disk==ssd: engine label disk is not set"
    )


@pytest.mark.parametrize(
    ("constraint", "rejected", "reason"),
    [
        ("node.role!=manager", "node1", "role is manager"),
        ("node.hostname!=node2", "node2", "hostname is node2"),
        ("node.id!={node3}", "node3", "id is {node3}"),
        ("node.platform.os!=linux", "node1", "os is linux"),
    ],
)
def test_not_equal_constraints_reject_only_the_named_node(
    snapshot: Snapshot, constraint: str, rejected: str, reason: str
) -> None:
    node3 = by_name(snapshot, "node3").id
    constraint, reason = constraint.format(node3=node3), reason.format(node3=node3)
    service = replace(by_name(snapshot, "pending"), constraints=(constraint,))
    snapshot = changed(snapshot, services=(service,))
    found = verdicts(snapshot, pending_task(snapshot))
    assert found[rejected] == f"constraint|constraint {constraint}: {reason}"
    if constraint != "node.platform.os!=linux":
        assert [host for host, verdict in found.items() if verdict != "|eligible"] == [rejected]


def test_an_unknown_constraint_key_matches_no_node(snapshot: Snapshot) -> None:
    service = replace(by_name(snapshot, "pending"), constraints=("node.colour==red",))
    snapshot = changed(snapshot, services=(service,))
    found = verdicts(snapshot, pending_task(snapshot))
    assert (
        found["node1"]
        == "constraint|constraint node.colour==red: node.colour is no key swarmkit knows"
    )


def test_generic_resources(snapshot: Snapshot) -> None:
    service = replace(
        by_name(snapshot, "pending"), constraints=(), reservations=Resources(generic=(("gpu", 2),))
    )
    node1 = replace(by_name(snapshot, "node1"), generic_resources=(("gpu", 1),))
    node2 = replace(by_name(snapshot, "node2"), generic_resources=(("gpu", 2),))
    snapshot = changed(snapshot, services=(service,), nodes=(node1, node2))
    found = verdicts(snapshot, pending_task(snapshot))
    assert found["node1"] == "resources|gpu: needs 2 reserved, 1 free of 1"
    assert found["node2"] == "|eligible"
    assert found["node3"] == "resources|gpu: needs 2 reserved, 0 free of 0"


def test_a_global_task_is_checked_against_its_own_node_only(snapshot: Snapshot) -> None:
    agent = replace(by_name(snapshot, "agent"), constraints=("node.role==manager",))
    node2 = by_name(snapshot, "node2")
    task = replace(
        next(t for t in snapshot.tasks if t.service_name == "agent" and t.node_id == node2.id),
        id="agent-new",
        state="pending",
    )
    snapshot = changed(snapshot, services=(agent,), tasks=(task,))
    assert verdicts(snapshot, task) == {
        "node2": "constraint|constraint node.role==manager: role is worker"
    }


def test_the_detail_area_shows_the_daemon_message_then_each_node(snapshot: Snapshot) -> None:
    task = pending_task(snapshot)
    service = by_name(snapshot, "pending")
    now = datetime.now(UTC)
    for text in (
        service_detail(service, None, task, snapshot, Palette(), now).plain,
        task_detail(task, snapshot, Palette(), now).plain,
    ):
        lines = text.splitlines()
        daemon = next(i for i, shown in enumerate(lines) if "no suitable node" in shown)
        start = lines.index("Why pending, node by node:")
        assert start > daemon
        assert lines[start + 1 : start + 4] == [
            f" ✗ node{n} constraint node.labels.never==true: label never is not set"
            for n in (1, 2, 3)
        ]
    running = next(t for t in snapshot.tasks if t.state == "running")
    assert "Why pending" not in task_detail(running, snapshot, Palette(), now).plain


def test_node_strings_are_shown_literally(snapshot: Snapshot) -> None:
    node = replace(by_name(snapshot, "node1"), hostname="evil\x1b[2J")
    text = pending_text((Fit(node, "availability", "drain"),), Palette()).plain
    assert "\x1b" not in text and "evil␛[2J drained" in text


def test_the_parser_reads_what_the_filters_need() -> None:
    node = parse_node(
        {
            "ID": "n1",
            "Description": {
                "Engine": {"Labels": {"disk": "ssd"}},
                "Resources": {
                    "GenericResources": [
                        {"DiscreteResourceSpec": {"Kind": "ssd", "Value": 3}},
                        {"NamedResourceSpec": {"Kind": "gpu", "Value": "UUID1"}},
                        {"NamedResourceSpec": {"Kind": "gpu", "Value": "UUID2"}},
                    ]
                },
            },
        }
    )
    assert node.engine_labels == (("disk", "ssd"),)
    assert node.generic_resources == (("gpu", 2), ("ssd", 3))
    service = parse_service(
        {
            "ID": "s1",
            "Spec": {
                "TaskTemplate": {
                    "Placement": {
                        "MaxReplicas": 2,
                        "Platforms": [{"Architecture": "amd64", "OS": "linux"}],
                    },
                    "Resources": {
                        "Reservations": {
                            "GenericResources": [
                                {"DiscreteResourceSpec": {"Kind": "gpu", "Value": 1}}
                            ]
                        }
                    },
                }
            },
        }
    )
    assert service.max_replicas == 2
    assert service.platforms == (("linux", "amd64"),)
    assert service.reservations.generic == (("gpu", 1),)
