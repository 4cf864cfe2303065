"""`swarmtui report` against the real lab: each broken service of the default workload named
with its cause, the crash loop's own last words included."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.lab import Lab, run_cli


def test_the_report_names_each_broken_service_and_its_cause(lab: Lab, tmp_path: Path) -> None:
    out = tmp_path / "incident.md"
    result = run_cli("--host", lab.host(), "report", "-o", str(out))
    assert result.returncode == 0, result.stderr
    markdown = out.read_text()
    data = json.loads(out.with_suffix(".json").read_text())
    services = {s["name"]: s for s in data["services_needing_attention"]}
    assert "crashloop" in services and "pending" in services
    crash = services["crashloop"]
    assert crash["group"] in ("failing", "converging")  # between two restarts it may be starting
    if crash["group"] == "failing":
        assert "non-zero exit (3)" in crash["failure"]["error"]
        assert crash["failure"]["last_lines"], "the crash loop's stderr line is in the report"
    pending = services["pending"]["unschedulable"]
    assert all("node.labels.never==true" in reason for reason in pending["nodes"].values())
    assert "### pending: cannot be placed" in markdown
    assert data["summary"]["nodes_ready"] == data["summary"]["nodes"]
