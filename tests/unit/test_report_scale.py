"""The incident report on a big cluster: services with one cause share one section, the
Markdown stays a few kilobytes however many there are, and the JSON twin lists every one."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

from swarmtui.docker.events import SwarmEvent
from swarmtui.docker.incident import gather
from swarmtui.docker.models import Snapshot
from swarmtui.docker.replay import ReplayApi
from swarmtui.render.report import MAX_EVENT_ROWS, report_data, report_markdown
from swarmtui.render.report_sections import MAX_SECTIONS
from tests.support.replay import by_name, lab_snapshot


def _pending_many(snapshot: Snapshot, count: int, distinct: bool = False) -> Snapshot:
    """The lab's pending service as `count` services, each with its pending task; with
    `distinct`, each pinned by a constraint of its own (so each has its own reason)."""
    pending = by_name(snapshot, "pending")
    task = next(t for t in snapshot.tasks_of_service(pending.id) if t.state == "pending")
    services, tasks = [], []
    for i in range(count):
        constraints = (f"node.labels.rack=={i}",) if distinct else pending.constraints
        service = replace(
            pending, id=f"svc{i:04}", name=f"shop_worker{i:04}", constraints=constraints
        )
        services.append(service)
        tasks.append(
            replace(task, id=f"task{i:04}", service_id=service.id, service_name=service.name)
        )
    others = tuple(s for s in snapshot.services if s.id != pending.id)
    kept = tuple(t for t in snapshot.tasks if t.service_id != pending.id)
    return replace(snapshot, services=others + tuple(services), tasks=kept + tuple(tasks))


def test_a_thousand_services_pending_for_one_reason_are_one_section(
    recording: ReplayApi,
) -> None:
    snapshot = _pending_many(lab_snapshot(recording), 1000)
    data = report_data(gather(recording, snapshot, ()))
    markdown = report_markdown(data)
    assert len(markdown.encode()) < 6_000, len(markdown)
    assert markdown.count("### ") == 2  # crashloop, and the thousand pending ones
    assert "### 1000 services: cannot be placed" in markdown
    assert "shop_worker0000, shop_worker0001, " in markdown and "and 990 more" in markdown
    assert "shop_worker0999" not in markdown
    assert "node.labels.never==true" in markdown  # the reason, once
    assert markdown.count("node.labels.never==true") == len(snapshot.nodes)
    # The JSON twin lists each of them, with its own task and reasons.
    twin = json.loads(json.dumps(data))
    pending = [s for s in twin["services_needing_attention"] if s["group"] == "pending"]
    assert [s["name"] for s in pending] == [f"shop_worker{i:04}" for i in range(1000)]
    assert all(s["unschedulable"]["nodes"] for s in pending)


def test_services_with_causes_of_their_own_are_bounded_too(recording: ReplayApi) -> None:
    snapshot = _pending_many(lab_snapshot(recording), 300, distinct=True)
    data = report_data(gather(recording, snapshot, ()))
    markdown = report_markdown(data)
    assert markdown.count("### ") == MAX_SECTIONS
    assert len(markdown.encode()) < 40_000, len(markdown)
    left = 300 + 1 - MAX_SECTIONS  # the crashloop section is one of those written
    assert f"{left} more causes, {left} services, are in the JSON twin: " in markdown
    assert len(data["services_needing_attention"]) == 301


def test_the_markdown_lists_the_newest_events_the_json_all(recording: ReplayApi) -> None:
    now = datetime.now(UTC)
    events = tuple(
        SwarmEvent("service", "update", f"id{i}", f"web{i:04}", now) for i in range(1000)
    )
    data = report_data(gather(recording, lab_snapshot(recording), events))
    markdown = report_markdown(data)
    assert len(data["events"]) == 1000
    assert markdown.count("| update |") == MAX_EVENT_ROWS
    assert "web0999" in markdown and "web0799" not in markdown
    assert f"the {1000 - MAX_EVENT_ROWS} before them are in the JSON twin" in markdown
