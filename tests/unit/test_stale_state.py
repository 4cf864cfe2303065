"""State worked out for one input must not outlive it: a snapshot's lookups belong to it."""

from __future__ import annotations

from dataclasses import replace

from swarmtui.docker.replay import ReplayApi
from tests.support.replay import by_name, lab_snapshot


def test_a_replaced_snapshot_has_lookups_of_its_own(recording: ReplayApi) -> None:
    snapshot = lab_snapshot(recording)
    web = by_name(snapshot, "web")
    node2 = by_name(snapshot, "node2")
    without = replace(
        snapshot,
        services=tuple(s for s in snapshot.services if s.id != web.id),
        nodes=tuple(n for n in snapshot.nodes if n.id != node2.id),
    )
    assert without.service_by_id.get(web.id) is None
    assert without.node_by_id.get(node2.id) is None
    assert without.node_name(node2.id) == node2.id[:12]
    # The original is untouched, and still finds what it holds.
    assert snapshot.service_by_id[web.id] is web
    assert snapshot.node_by_id[node2.id] is node2
    assert len(snapshot.service_by_id) == len(snapshot.services)


def test_a_replaced_service_is_found_as_it_is_now(recording: ReplayApi) -> None:
    snapshot = lab_snapshot(recording)
    web = by_name(snapshot, "web")
    scaled = replace(web, replicas=9)
    changed = replace(
        snapshot, services=tuple(scaled if s.id == web.id else s for s in snapshot.services)
    )
    assert changed.service_by_id[web.id] is scaled
    assert snapshot.service_by_id[web.id] is web
