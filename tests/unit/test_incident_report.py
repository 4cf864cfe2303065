"""The incident report: what it names, how it masks, and the headless command."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from swarmtui import launch
from swarmtui.core.report_files import write_report
from swarmtui.docker.events import Change, SwarmEvent
from swarmtui.docker.incident import gather
from swarmtui.docker.models import Snapshot, UpdateStatus
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.task_logs import LogLine, TaskLog
from swarmtui.render.report import report_data, report_markdown
from tests.support.replay import RECORDING, by_name, lab_snapshot


def test_the_report_names_each_broken_service_and_its_cause() -> None:
    facts = gather(ReplayApi(RECORDING))
    data = report_data(facts)
    markdown = report_markdown(data)
    services = {s["name"]: s for s in data["services_needing_attention"]}
    assert set(services) == {"crashloop", "pending"}
    assert services["crashloop"]["failure"]["error"] == "task: non-zero exit (3)"
    assert services["crashloop"]["failure"]["exit_code"] == 3
    assert services["crashloop"]["failure"]["last_lines"]  # what the process wrote last
    assert all(
        "node.labels.never==true" in reason
        for reason in services["pending"]["unschedulable"]["nodes"].values()
    )
    assert "### crashloop: failing now" in markdown
    assert "task: non-zero exit (3), exit code 3" in markdown
    assert "### pending: cannot be placed" in markdown
    assert data["summary"]["groups"]["failing"] == 1
    assert json.loads(json.dumps(data)) == data  # the twin is plain JSON


def test_the_report_masks_secrets_and_shows_no_control_characters() -> None:
    facts = gather(ReplayApi(RECORDING))
    task_id = next(iter(facts.last_words))
    leaked = TaskLog(
        lines=(
            LogLine("connecting with DB_PASSWORD=hunter2 to postgres://app:s3cret@db/app"),
            LogLine("\x1b[2Jcleared the screen | and a pipe"),
        )
    )
    facts = replace(facts, last_words={**facts.last_words, task_id: leaked})
    markdown = report_markdown(report_data(facts))
    assert "hunter2" not in markdown and "s3cret" not in markdown
    assert "\x1b" not in markdown and "␛[2J" in markdown


def test_swarmtui_report_writes_markdown_and_its_json_twin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "incident.md"
    assert launch.main(["--replay", str(RECORDING), "report", "-o", str(out)]) == 0
    assert "### crashloop: failing now" in out.read_text()
    twin = json.loads(out.with_suffix(".json").read_text())
    assert {s["name"] for s in twin["services_needing_attention"]} == {"crashloop", "pending"}
    assert out.stat().st_mode & 0o777 == 0o600
    assert str(out) in capsys.readouterr().out


def with_node(snapshot: Snapshot, hostname: str, **changes: str) -> Snapshot:
    node = by_name(snapshot, hostname)
    nodes = tuple(replace(n, **changes) if n.id == node.id else n for n in snapshot.nodes)
    return replace(snapshot, nodes=nodes)


def test_the_report_lists_nodes_not_ready_or_not_active(recording: ReplayApi) -> None:
    healthy = lab_snapshot(recording)
    assert "All nodes are ready and active." in report_markdown(
        report_data(gather(recording, healthy, ()))
    )
    snapshot = with_node(healthy, "node2", state="down", state_message="heartbeat failure")
    snapshot = with_node(snapshot, "node3", availability="drain")
    data = report_data(gather(recording, snapshot, ()))
    markdown = report_markdown(data)
    assert data["nodes_needing_attention"] == [
        {
            "node": "node2",
            "role": "worker",
            "state": "down",
            "availability": "active",
            "message": "heartbeat failure",
        },
        {
            "node": "node3",
            "role": "worker",
            "state": "ready",
            "availability": "drain",
            "message": "",
        },
    ]
    assert data["summary"]["nodes_ready"] == 2
    assert "| node2 | worker | down | active | heartbeat failure |" in markdown
    assert "| node3 | worker | ready | drain |  |" in markdown
    assert "node1" not in markdown.split("## Nodes not ready or not active")[1].split("##")[0]


def test_the_report_names_a_paused_update_and_why(recording: ReplayApi) -> None:
    snapshot = lab_snapshot(recording)
    web = by_name(snapshot, "web")
    paused = replace(
        web,
        update_status=UpdateStatus("paused", "update paused due to failure or early termination"),
    )
    snapshot = replace(
        snapshot, services=tuple(paused if s.id == web.id else s for s in snapshot.services)
    )
    data = report_data(gather(recording, snapshot, ()))
    markdown = report_markdown(data)
    services = {s["name"]: s for s in data["services_needing_attention"]}
    assert services["web"]["group"] == "paused"
    assert services["web"]["update"] == {
        "state": "paused",
        "message": "update paused due to failure or early termination",
    }
    assert data["summary"]["groups"]["paused"] == 1
    assert "### web: update paused or rolling back" in markdown
    assert "- Update paused: update paused due to failure or early termination" in markdown
    # Failing first, then the paused update, then what cannot be placed.
    assert [s["name"] for s in data["services_needing_attention"]] == [
        "crashloop",
        "web",
        "pending",
    ]


def event(name: str, at: float, replicas: tuple[str, str]) -> SwarmEvent:
    return SwarmEvent(
        "service",
        "update",
        f"{name}-id",
        name,
        datetime.fromtimestamp(at, UTC),
        (Change("replicas", *replicas),),
    )


def test_the_report_holds_only_the_last_hours_events(recording: ReplayApi) -> None:
    now = time.time()
    followed = (
        event("olden", now - 2 * 3600, ("1", "2")),  # the dashboard followed it since launch
        event("recent", now - 600, ("3", "5")),
    )
    data = report_data(gather(recording, lab_snapshot(recording), followed))
    markdown = report_markdown(data)
    assert [e["object"] for e in data["events"]] == ["recent"]
    assert data["events"][0]["change"] == "replicas 3 → 5"
    events_section = markdown.split("## Events of the last hour")[1]
    assert "| recent | update | replicas 3 → 5 |" in events_section
    assert "olden" not in markdown


def test_the_report_says_when_it_was_taken_in_both_files(recording: ReplayApi) -> None:
    facts = gather(recording, lab_snapshot(recording), ())
    stamp = facts.taken_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    data = report_data(facts)
    assert data["taken_at"] == stamp
    assert f"Taken {stamp} by swarmtui" in report_markdown(data)
    assert json.loads(json.dumps(data))["taken_at"] == stamp


def test_the_json_twin_masks_secrets_too(recording: ReplayApi, tmp_path: Path) -> None:
    facts = gather(recording, lab_snapshot(recording), ())
    task_id = next(iter(facts.last_words))
    leaked = TaskLog(
        lines=(LogLine("connecting with DB_PASSWORD=hunter2 to postgres://app:s3cret@db/app"),)
    )
    followed = (
        SwarmEvent(
            "service",
            "update",
            "web-id",
            "API_TOKEN=tok3n",
            facts.taken_at,
        ),
    )
    facts = replace(facts, last_words={**facts.last_words, task_id: leaked}, events=followed)
    data = report_data(facts)
    _, twin = write_report(report_markdown(data), data, tmp_path / "incident.md")
    written = twin.read_text()
    assert "DB_PASSWORD=" in written and "postgres://app:" in written  # the lines are there
    assert "API_TOKEN=" in written
    assert "hunter2" not in written and "s3cret" not in written and "tok3n" not in written
