"""`swarmtui report` against the real lab: each broken service of the default workload named
with its cause, the crash loop's own last words included."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from tests.support.lab import Lab, run_cli

CRASH_LOOP_TRIES = 20
"""The crash loop runs for about a second between failures: a report taken in that second
finds it running. Its next report, a second later, finds it failing again."""


def report(lab: Lab, out: Path) -> dict[str, Any]:
    result = run_cli("--host", lab.host(), "report", "-o", str(out))
    assert result.returncode == 0, result.stderr
    return json.loads(out.with_suffix(".json").read_text())


def test_the_report_names_each_broken_service_and_its_cause(lab: Lab, tmp_path: Path) -> None:
    out = tmp_path / "incident.md"
    for _ in range(CRASH_LOOP_TRIES):
        data = report(lab, out)
        services = {s["name"]: s for s in data["services_needing_attention"]}
        if services.get("crashloop", {}).get("group") == "failing":
            break
        time.sleep(1)
    assert "crashloop" in services and "pending" in services, list(services)
    crash = services["crashloop"]
    assert crash["group"] == "failing"
    assert "non-zero exit (3)" in crash["failure"]["error"]
    assert crash["failure"]["last_lines"], "the crash loop's stderr line is in the report"
    pending = services["pending"]["unschedulable"]
    assert all("node.labels.never==true" in reason for reason in pending["nodes"].values())
    assert "### pending: cannot be placed" in out.read_text()
    assert data["summary"]["nodes_ready"] == data["summary"]["nodes"]
