"""The drain preview on the lab recording: what moves, where it can go, what would be stuck."""

from __future__ import annotations

from dataclasses import replace

from swarmtui.docker.constraints import constraint_matches
from swarmtui.docker.drain import preview_drain
from swarmtui.docker.models import NodeInfo, Resources
from swarmtui.docker.replay import ReplayApi
from swarmtui.render.drain import drain_preview_text
from swarmtui.render.palette import Palette
from tests.support.replay import by_name, lab_snapshot


def node(**changes: object) -> NodeInfo:
    base = NodeInfo(
        id="n1",
        hostname="node2",
        role="worker",
        availability="active",
        state="ready",
        state_message="",
        addr="10.0.0.2",
        engine_version="20.10",
        os="linux",
        arch="x86_64",
        nano_cpus=2_000_000_000,
        memory_bytes=1 << 30,
        labels=(("zone", "b"),),
        version=1,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_constraints_match_as_swarmkit_reads_them() -> None:
    worker = node()
    assert constraint_matches("node.labels.zone==b", worker)
    assert constraint_matches("node.labels.zone == B", worker)  # values ignore case
    assert not constraint_matches("node.labels.zone!=b", worker)
    assert not constraint_matches("node.labels.never==true", worker)  # absent label
    assert constraint_matches("node.labels.never!=true", worker)
    assert constraint_matches("node.role==worker", worker)
    assert not constraint_matches("node.role==manager", worker)
    assert constraint_matches("node.hostname!=node1", worker)
    assert constraint_matches("node.platform.os==linux", worker)
    assert not constraint_matches("engine.labels.disk==ssd", worker)  # no engine labels
    assert constraint_matches("engine.labels.disk==ssd", node(engine_labels=(("disk", "ssd"),)))


def test_drain_preview_names_the_tasks_and_where_they_go(recording: ReplayApi) -> None:
    snapshot = lab_snapshot(recording)
    node3 = by_name(snapshot, "node3")
    preview = preview_drain(snapshot, node3.id)
    on_node3 = [t for t in snapshot.tasks_on_node(node3.id) if t.is_active]
    moving = {group.service.name: group for group in preview.moving}
    assert preview.task_count + len(preview.stopping) == len(on_node3)
    assert {t.service_name for t in preview.stopping} == {"agent"}  # global: stops, no move
    web = moving["web"]
    assert set(web.candidates) == {"node1", "node2"} and not web.stranded
    text = drain_preview_text(preview, Palette()).plain
    assert "move to other nodes" in text
    for task in web.tasks:
        assert task.name in text
    assert "Global services stop their task here: agent." in text
    assert "nowhere to go" not in text


def test_drain_preview_warns_when_constraints_pin_tasks(recording: ReplayApi) -> None:
    snapshot = lab_snapshot(recording)
    node2 = by_name(snapshot, "node2")
    pinned = replace(by_name(snapshot, "web"), constraints=("node.labels.zone==b",))
    services = tuple(pinned if s.id == pinned.id else s for s in snapshot.services)
    snapshot = replace(snapshot, services=services)
    preview = preview_drain(snapshot, node2.id)
    web = next(group for group in preview.moving if group.service.name == "web")
    assert web.problem == "constraints" and web.stranded == len(web.tasks) > 0
    text = drain_preview_text(preview, Palette()).plain
    assert "would stay pending: no other ready, active node meets its constraints" in text
    assert "node.labels.zone==b" in text and "nowhere to go" in text


def test_drain_preview_counts_reserved_resources(recording: ReplayApi) -> None:
    snapshot = lab_snapshot(recording)
    node1 = by_name(snapshot, "node1")
    web = by_name(snapshot, "web")
    # Each web task reserves a whole node's CPUs: the other nodes, already running web,
    # have no room left for the ones that move.
    greedy = replace(web, reservations=Resources(nano_cpus=2_000_000_000, memory_bytes=0))
    services = tuple(greedy if s.id == web.id else s for s in snapshot.services)
    snapshot = replace(snapshot, services=services)
    preview = preview_drain(snapshot, node1.id)
    group = next(g for g in preview.moving if g.service.name == "web")
    assert group.problem == "resources" and group.placeable == 0
    assert "lack the reserved CPU or memory" in drain_preview_text(preview, Palette()).plain
