"""The lint and rebalancing on the real lab.

The lint: a service made for each rule is found by `swarmtui lint --json` with exactly that
rule, one made to pass them all with none; on `:lint` the short update monitor's finding is
fixed with `u`, its plan confirmed, and the new monitor read back through the API.

Rebalancing: node3 drained and made active again leaves web and a 6-replica service on node1
and node2; the grid marks them, `B` previews the moves, and after `y` each is force-updated in
turn (the rollout panel on the one rolling out) until every node runs 2 of each.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterator

import pytest

from swarmtui.core.audit import read_outcomes
from swarmtui.docker.lint import SECOND
from swarmtui.render.lint import finding_key
from swarmtui.render.placement import UNEVEN_MARK
from swarmtui.ui.dialogs import ConfirmDialog
from swarmtui.ui.dialogs.rebalance import RebalanceDialog
from swarmtui.ui.panes.keyed_table import KeyedTable
from swarmtui.ui.screens.lint import LintScreen
from swarmtui.ui.screens.main import MainScreen
from tests.support.lab import Lab, first_poll, inspect, run_cli, wait_for
from tests.support.screen import table

# The options a service needs to pass each rule, by the part each rule looks at (the image goes
# by its id, which is pinned); a service made for a rule swaps one part.
PASSING = {
    "health": ("--health-cmd", "true", "--health-interval", "2s", "--health-retries", "2"),
    "monitor": ("--update-monitor", "10s"),
    "restart": (
        "--restart-condition", "on-failure", "--restart-delay", "1s",
        "--restart-max-attempts", "3", "--restart-window", "1m",
    ),
    "memory": ("--reserve-memory", "8M", "--limit-memory", "32M"),
    "replicas": ("--replicas", "0"),
}  # fmt: skip
BREAKS = {
    "no-healthcheck": {"health": ("--no-healthcheck",)},
    "short-update-monitor": {"monitor": ("--update-monitor", "1s")},
    "restart-unbounded": {"restart": ("--restart-delay", "1s", "--restart-max-attempts", "0")},
    "no-memory-bounds": {"memory": ("--reserve-memory", "8M")},
    "image-unpinned": {},
    "image-latest": {},
    "over-placement": {"replicas": ("--replicas-max-per-node", "1", "--replicas", "4")},
}
IMAGES = {"image-unpinned": "swarmlab/app:1", "image-latest": "swarmlab/app"}


@pytest.fixture
def made(lab: Lab) -> Iterator[dict[str, str]]:
    """A service per rule (named after it) and one passing every rule: rule → service name."""
    prefix = f"lint{uuid.uuid4().hex[:4]}"
    image_id = lab.docker("image", "inspect", "--format", "{{.Id}}", "swarmlab/app:1").strip()
    names = {rule: f"{prefix}-{rule}" for rule in (*BREAKS, "clean")}
    for rule, name in names.items():
        parts = {**PASSING, **BREAKS.get(rule, {})}
        lab.docker(
            "service", "create", "-d", "--no-resolve-image", "--name", name,
            "--stop-grace-period", "1s", "--stop-signal", "KILL",
            *(option for part in parts.values() for option in part), IMAGES.get(rule, image_id),
        )  # fmt: skip
    yield names
    for name in names.values():
        lab.docker("service", "rm", name, check=False)


async def test_lint_finds_each_rule_and_fixes_one(lab: Lab, lab_app, made, audit_log) -> None:  # noqa: ANN001
    result = run_cli("--host", lab.host(), "lint", "--json")
    assert result.returncode == 1, result.stderr
    found: dict[str, set[str]] = {name: set() for name in made.values()}
    for finding in json.loads(result.stdout)["findings"]:
        if finding["name"] in found:
            found[finding["name"]].add(finding["rule"])
    assert found == {name: (set() if rule == "clean" else {rule}) for rule, name in made.items()}

    name = made["short-update-monitor"]
    app = lab_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        await pilot.press("W")
        await wait_for(pilot, lambda: isinstance(app.screen, LintScreen), what=":lint")
        screen = app.screen
        assert isinstance(screen, LintScreen)
        await wait_for(
            pilot, lambda: any(f.name == name for f in screen.findings), what="the findings"
        )
        finding = next(f for f in screen.findings if f.name == name)
        rows = screen.query_one(KeyedTable)
        rows.move_cursor(row=rows.get_row_index(finding_key(finding)))
        await wait_for(pilot, lambda: screen.highlighted == finding, what="the finding")
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the plan")
        assert "UpdateConfig.Monitor: 1s → 4s" in str(getattr(app.screen, "message", ""))
        await pilot.press("y")
        await wait_for(
            pilot,
            lambda: inspect(lab, "service", name)["Spec"]["UpdateConfig"]["Monitor"] == 4 * SECOND,
            what="the monitor read back",
        )
        await wait_for(
            pilot, lambda: all(f.name != name for f in screen.findings), what="the finding gone"
        )
    fixed = read_outcomes(audit_log)[-1]
    assert (fixed["action"], fixed["target"], fixed["outcome"]) == ("lint-fix", name, "ok")


def per_node(lab: Lab, service: str) -> Counter[str]:
    lines = lab.docker(
        "service", "ps", service, "--filter", "desired-state=running",
        "--format", "{{.Node}} {{.CurrentState}}",
    ).split("\n")  # fmt: skip
    return Counter(line.split()[0] for line in lines if " Running" in line)


@pytest.fixture
def spread_out(lab: Lab) -> Iterator[str]:
    name = f"rb{uuid.uuid4().hex[:6]}"
    lab.docker(
        "service", "create", "-d", "--no-resolve-image", "--name", name, "--replicas", "6",
        "--stop-grace-period", "1s", "--stop-signal", "KILL",
        "--update-monitor", "1s", "--update-delay", "0s", "swarmlab/app:1",
    )  # fmt: skip
    lab.settle(name)
    yield name
    lab.docker("node", "update", "--availability", "active", "node3", check=False)
    lab.docker("service", "rm", name, check=False)


async def test_rebalance_after_a_node_comes_back(lab: Lab, lab_app, spread_out, audit_log) -> None:  # noqa: ANN001
    name = spread_out
    app = lab_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        lab.docker("node", "update", "--availability", "drain", "node3")
        off_node3 = Counter(node1=3, node2=3)
        await wait_for(
            pilot,
            lambda: per_node(lab, name) == off_node3 and per_node(lab, "web") == off_node3,
            what="the tasks off node3",
            timeout=90,
            every=1.0,
        )
        lab.docker("node", "update", "--availability", "active", "node3")
        service_id = inspect(lab, "service", name)["ID"]
        await pilot.press("3")
        grid = table(app, "placement")
        await wait_for(
            pilot,
            lambda: grid.row_count and str(grid.get_row(service_id)[0]).endswith(UNEVEN_MARK),
            what="the grid's mark",
        )
        assert per_node(lab, name) == off_node3  # swarm moved none back by itself
        await pilot.press("B")
        await wait_for(pilot, lambda: isinstance(app.screen, RebalanceDialog), what="preview")
        preview = str(getattr(app.screen, "preview", ""))
        assert f"{name}: node1 3 · node2 3 · node3 0; moves " in preview
        assert "web: node1 3 · node2 3 · node3 0" in preview
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), what="the dialog shut")
        await wait_for(
            pilot,
            lambda: (
                app.main.has_class("-rollout")
                and getattr(app.main.selection, "key", None) == service_id
            ),
            what="the rollout panel on the first service",
        )
        await wait_for(
            pilot,
            lambda: len([e for e in read_outcomes(audit_log) if e["action"] == "rebalance"]) == 2,
            what="both rebalances started, one after the other",
            timeout=120,
            every=1.0,
        )
        await wait_for(
            pilot,
            lambda: inspect(lab, "service", "web")["UpdateStatus"]["State"] == "completed",
            what="web's rollout to complete",
            timeout=120,
            every=1.0,
        )
    even = Counter(node1=2, node2=2, node3=2)
    assert (per_node(lab, name), per_node(lab, "web")) == (even, even)
    first, second = (inspect(lab, "service", s)["UpdateStatus"] for s in (name, "web"))
    assert first["State"] == "completed"
    assert second["StartedAt"] >= first["CompletedAt"]  # one at a time
