"""The lint's rules on the lab recording: each rule fires on a service (or swarm) made for it,
and none on a service made to pass them all; fixes as spec changes; the command's exit codes."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from swarmtui.cli.main import main
from swarmtui.docker.lint import SECOND, Finding, HealthSpec, LintInput, SpecFix
from swarmtui.docker.lint_cluster import lint, read_lint_input
from swarmtui.docker.models import ServiceInfo
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.service_parts import Resources, RestartPolicy, UpdateConfig
from swarmtui.render.lint import lint_lines, plan_text
from swarmtui.render.palette import Palette
from tests.support.replay import RECORDING

MIB = 1 << 20
GOOD_HEALTH = HealthSpec(("CMD", "true"), interval_ns=5 * SECOND, retries=3)


@pytest.fixture
def facts(recording: ReplayApi) -> LintInput:
    return read_lint_input(recording, now=datetime(2026, 1, 1, tzinfo=UTC))


def _web(facts: LintInput) -> ServiceInfo:
    return next(service for service in facts.services if service.name == "web")


def clean(facts: LintInput) -> tuple[ServiceInfo, LintInput]:
    """web, made to pass every rule."""
    web = replace(
        _web(facts),
        image="swarmlab/app:1",
        image_digest="sha256:" + "a" * 64,
        limits=Resources(memory_bytes=64 * MIB),
        reservations=Resources(memory_bytes=16 * MIB),
        restart=RestartPolicy("on-failure", 5 * SECOND, 3, 120 * SECOND),
        update_config=UpdateConfig(monitor_ns=20 * SECOND),
        max_replicas=2,
    )
    return web, replace(facts, services=(web,), health={web.id: GOOD_HEALTH})


def rules_on(facts: LintInput, service: ServiceInfo, health: HealthSpec | None = GOOD_HEALTH):
    found = lint(replace(facts, services=(service,), health={service.id: health}))
    return {f.rule for f in found if f.kind == "service"}


def test_a_service_made_to_pass_has_no_finding(facts: LintInput) -> None:
    _, passing = clean(facts)
    assert [f for f in lint(passing) if f.kind == "service"] == []


@pytest.mark.parametrize(
    ("change", "health", "rule"),
    [
        ({}, None, "no-healthcheck"),
        ({}, HealthSpec(("NONE",)), "no-healthcheck"),
        (
            {"update_config": UpdateConfig(monitor_ns=5 * SECOND)},
            GOOD_HEALTH,
            "short-update-monitor",
        ),
        ({"restart": RestartPolicy("any", None, 3, None)}, GOOD_HEALTH, "restart-unbounded"),
        ({"restart": RestartPolicy("any", SECOND, 0, None)}, GOOD_HEALTH, "restart-unbounded"),
        ({"limits": Resources()}, GOOD_HEALTH, "no-memory-bounds"),
        ({"reservations": Resources()}, GOOD_HEALTH, "no-memory-bounds"),
        ({"image_digest": ""}, GOOD_HEALTH, "image-unpinned"),
        ({"image": "swarmlab/app", "image_digest": ""}, GOOD_HEALTH, "image-latest"),
        ({"image": "swarmlab/app:latest", "image_digest": ""}, GOOD_HEALTH, "image-latest"),
        ({"max_replicas": 1}, GOOD_HEALTH, "over-placement"),
    ],
)
def test_each_rule_fires_on_a_service_made_for_it(
    facts: LintInput, change: dict, health: HealthSpec | None, rule: str
) -> None:
    web, _ = clean(facts)
    assert rules_on(facts, replace(web, **change), health) == {rule}


def test_an_image_id_counts_as_pinned(facts: LintInput) -> None:
    web, _ = clean(facts)
    assert rules_on(facts, replace(web, image="sha256:" + "b" * 64, image_digest="")) == set()


def test_swarm_rules_on_the_recording(facts: LintInput) -> None:
    found = {(f.rule, f.name) for f in lint(facts) if f.kind != "service"}
    assert found == {("one-manager", "swarm"), ("manager-workload", "node1")}
    two = tuple(replace(n, role="manager") if n.hostname == "node2" else n for n in facts.nodes)
    assert "even-managers" in {f.rule for f in lint(replace(facts, nodes=two))}


def test_a_ca_close_to_expiry(facts: LintInput) -> None:
    soon = replace(facts, ca_expires=facts.now + timedelta(days=10))
    assert "ca-expiry" in {f.rule for f in lint(soon)}
    later = replace(facts, ca_expires=facts.now + timedelta(days=300))
    assert "ca-expiry" not in {f.rule for f in lint(later)}


def test_a_fix_is_a_spec_change_shown_as_a_plan(facts: LintInput) -> None:
    web, _ = clean(facts)
    slow = HealthSpec(("CMD", "true"), interval_ns=10 * SECOND, retries=3, start_period_ns=SECOND)
    found = lint(replace(facts, services=(web,), health={web.id: slow}))
    finding = next(f for f in found if f.rule == "short-update-monitor")
    assert finding.update == SpecFix(((("UpdateConfig", "Monitor"), 31 * SECOND),))
    spec = {"UpdateConfig": {"Monitor": 20 * SECOND}}
    changes = finding.update.changes(spec)
    assert "UpdateConfig.Monitor: 20s → 31s" in plan_text(finding, changes, Palette()).plain
    finding.update.apply(spec)
    assert spec == {"UpdateConfig": {"Monitor": 31 * SECOND}}
    restart = SpecFix(((("TaskTemplate", "RestartPolicy", "MaxAttempts"), 3),))
    empty: dict = {"TaskTemplate": {"RestartPolicy": None}}
    restart.apply(empty)
    assert empty == {"TaskTemplate": {"RestartPolicy": {"MaxAttempts": 3}}}


def test_lines_group_findings_by_object() -> None:
    findings = (
        Finding("a", "error", "service", "web", "1", "Why a.", "Fix a."),
        Finding("b", "warning", "service", "web", "1", "Why b.", "Fix b."),
    )
    lines = lint_lines(findings)
    assert lines[0] == "service web" and lines.count("service web") == 1
    assert lines[-1] == "1 error, 1 warning on 1 object"


def test_the_command_exits_1_on_findings_with_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--replay", str(RECORDING), "lint", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {"one-manager", "no-healthcheck"} <= {f["rule"] for f in data["findings"]}
    assert main(["--replay", str(RECORDING), "lint", "--fail-on", "error"]) == 1


def test_the_command_exits_2_when_it_cannot_read(tmp_path) -> None:  # noqa: ANN001
    assert main(["--host", f"unix://{tmp_path}/no.sock", "lint"]) == 2
