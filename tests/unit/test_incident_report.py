"""The incident report: what it names, how it masks, and the headless command."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from swarmtui import launch
from swarmtui.docker.incident import gather
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.task_logs import LogLine, TaskLog
from swarmtui.render.report import report_data, report_markdown
from tests.support.replay import RECORDING


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
