"""Uneven services on the lab recording: web's six tasks moved off node3 (as after a drain and
an activate) is marked in the grid and the detail, and the preview names the tasks that move."""

from __future__ import annotations

from dataclasses import replace

import pytest

from swarmtui.docker.health import placement
from swarmtui.docker.models import Snapshot
from swarmtui.docker.rebalance import spread, uneven
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.service_parts import UpdateStatus
from swarmtui.render.cells import Column
from swarmtui.render.detail import service_detail
from swarmtui.render.palette import Palette
from swarmtui.render.placement import UNEVEN_MARK, placement_rows, placement_title
from swarmtui.render.rebalance import rebalance_preview
from tests.support.replay import by_name, lab_snapshot, recorded_at


@pytest.fixture
def snapshot(recording: ReplayApi) -> Snapshot:
    return lab_snapshot(recording)


def off_node3(snapshot: Snapshot) -> Snapshot:
    """web's tasks on node3 moved to node1 and node2, one each."""
    node1, node2, node3 = (by_name(snapshot, n).id for n in ("node1", "node2", "node3"))
    web = by_name(snapshot, "web").id
    targets = iter((node1, node2))
    tasks = tuple(
        replace(t, node_id=next(targets))
        if t.service_id == web and t.node_id == node3 and t.is_active
        else t
        for t in snapshot.tasks
    )
    return replace(snapshot, tasks=tasks)


def test_the_recording_is_even(snapshot: Snapshot) -> None:
    assert uneven(snapshot) == {}
    assert not placement_title(snapshot).endswith("B rebalances")


def test_tasks_off_one_node_are_uneven_and_the_moves_named(snapshot: Snapshot) -> None:
    moved = off_node3(snapshot)
    web = by_name(moved, "web")
    shape = uneven(moved)[web.id]
    assert shape.said() == "node1 3 · node2 3 · node3 0"
    assert len(shape.moves) == 2 and [n.hostname for n in shape.to] == ["node3"]
    assert {moved.node_name(t.node_id) for t in shape.moves} == {"node1", "node2"}
    assert placement_title(moved).endswith("B rebalances")
    preview = rebalance_preview((shape,), moved, Palette()).plain
    assert "web: node1 3 · node2 3 · node3 0; moves " in preview and " to node3" in preview
    detail = service_detail(web, None, None, moved, Palette(), recorded_at()).plain
    assert "Spread unevenly: node1 3 · node2 3 · node3 0" in detail


def test_the_grid_marks_the_uneven_service(snapshot: Snapshot) -> None:
    moved = off_node3(snapshot)
    columns = (Column("service", "S"), *(Column(n.id, n.hostname) for n in moved.nodes))
    rows = dict(placement_rows(moved, placement(moved), columns, Palette(), {}, {}))
    assert str(rows[by_name(moved, "web").id][0]).endswith(UNEVEN_MARK)
    assert not str(rows[by_name(moved, "shop_api").id][0]).endswith(UNEVEN_MARK)


def test_a_service_mid_update_or_global_is_not_judged(snapshot: Snapshot) -> None:
    moved = off_node3(snapshot)
    web = by_name(moved, "web")
    updating = replace(web, update_status=UpdateStatus("updating"))
    assert spread(moved, updating) is None
    assert spread(moved, by_name(moved, "agent")) is None
