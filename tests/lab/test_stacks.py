"""Stacks end to end on the real lab: a throwaway stack deployed with the docker CLI shows in
the stacks pane with its counts, and is removed from the dashboard and from the command line.
The lab's own `shop` stack is never touched."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from swarmtui.core.audit import read_outcomes
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs import TypedConfirmDialog
from swarmtui.ui.screens.main import MainScreen
from tests.support.lab import Lab, first_poll, run_cli, type_into_dialog, wait_for
from tests.support.paths import COMPOSE as COMPOSE_FILES
from tests.support.screen import shown_rows

COMPOSE = COMPOSE_FILES / "rm-stack" / "compose.yml"
LABEL = "label=com.docker.stack.namespace="


def deploy(lab: Lab, name: str) -> None:
    lab.docker("stack", "deploy", "--resolve-image", "never", "-c", str(COMPOSE), name)


def leftovers(lab: Lab, name: str) -> dict[str, list[str]]:
    """What the docker CLI still lists of the stack, by kind; empty lists once it is gone."""
    found = {}
    for kind in ("service", "secret", "config", "network"):
        listed = lab.docker(kind, "ls", "--filter", LABEL + name, "--format", "{{.Name}}")
        found[kind] = listed.split()
    return found


def gone(lab: Lab, name: str) -> bool:
    return not any(leftovers(lab, name).values())


@pytest.fixture
def throwaway(lab: Lab, request: pytest.FixtureRequest) -> Iterator[str]:
    """A stack name of this test's own, removed with the docker CLI whatever happens."""
    name = "rm" + request.node.name.removeprefix("test_").replace("_", "")[:10]
    assert name != "shop"
    yield name
    if not gone(lab, name):
        lab.docker("stack", "rm", name, check=False)


def stacks_shown(app: SwarmTuiApp) -> dict[str, list[str]]:
    return shown_rows(app, "stacks")


async def test_stack_shows_with_its_counts_and_is_removed_by_typed_name(
    lab: Lab, lab_app, throwaway: str, audit_log
) -> None:  # noqa: ANN001
    app = lab_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await first_poll(pilot, app)
        await pilot.press("5")
        # Deployed after the first poll: the network, secret and config events bring their
        # counts, not the 60 s full read.
        deploy(lab, throwaway)
        expected = [throwaway, "1", "━━━━━━━━ 2/2", "1", "1", "1"]
        await wait_for(
            pilot,
            lambda: stacks_shown(app).get(throwaway) == expected,
            timeout=45,
            what=f"{throwaway} to show 1 service, 2/2 tasks, 1 of each",
        )
        assert stacks_shown(app)["shop"][:2] == ["shop", "2"]
        table = app.main.query_one("#stacks")
        table.move_cursor(row=table.get_row_index(throwaway))  # type: ignore[attr-defined]
        await wait_for(
            pilot,
            lambda: app.main.selection == ("stack", throwaway, None),
            what="the stack to be selected",
        )
        await pilot.press("delete")
        await wait_for(
            pilot, lambda: isinstance(app.screen, TypedConfirmDialog), what="the typed confirmation"
        )
        await type_into_dialog(pilot, "shop")  # a wrong name changes nothing
        assert isinstance(app.screen, TypedConfirmDialog)
        assert all(leftovers(lab, throwaway).values())
        await type_into_dialog(pilot, throwaway)
        await wait_for(
            pilot, lambda: isinstance(app.screen, MainScreen), what="the dialog to close"
        )
        await wait_for(
            pilot,
            lambda: gone(lab, throwaway),
            timeout=60,
            what=f"every object of {throwaway} to be removed",
        )
        await wait_for(
            pilot,
            lambda: throwaway not in stacks_shown(app),
            timeout=30,
            what=f"{throwaway} to leave the stacks pane",
        )
        assert "shop" in stacks_shown(app)
        # The objects can be gone from the screen a moment before the runner writes the
        # outcome line (it follows the last removal): wait for it as for the rest.
        await wait_for(
            pilot,
            lambda: any(e["action"] == "remove-stack" for e in read_outcomes(audit_log)),
            what="the removal's outcome in the audit log",
        )
    entry = [e for e in read_outcomes(audit_log) if e["action"] == "remove-stack"][-1]
    assert entry["target"] == throwaway and entry["outcome"] == "ok"
    assert entry["params"] == {"objects": "1 service, 1 secret, 1 config, 1 network"}
    assert lab.docker("stack", "ls", "--format", "{{.Name}}").split().count("shop") == 1


def test_headless_stack_rm(lab: Lab, throwaway: str, audit_log) -> None:  # noqa: ANN001
    deploy(lab, throwaway)
    host = lab.host()
    asked = run_cli("--host", host, "stack", "rm", throwaway)
    assert asked.returncode == 1, asked.stderr
    assert asked.stdout.splitlines() == [
        f"Stack {throwaway} has 1 service, 1 secret, 1 config, 1 network:",
        f"  service {throwaway}_app",
        f"  secret {throwaway}_token",
        f"  config {throwaway}_settings",
        f"  network {throwaway}_back",
    ]
    assert "add --yes" in asked.stderr
    assert all(leftovers(lab, throwaway).values())

    removed = run_cli("--host", host, "stack", "rm", throwaway, "--yes")
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.splitlines()[-1] == (
        f"Removed stack {throwaway} (1 service, 1 secret, 1 config, 1 network)."
    )
    assert gone(lab, throwaway), leftovers(lab, throwaway)
    assert read_outcomes(audit_log)[-1]["outcome"] == "ok"

    again = run_cli("--host", host, "stack", "rm", throwaway, "--yes")
    assert again.returncode == 2 and f"Nothing found in stack {throwaway}" in again.stderr
    outside = run_cli("--host", lab.host("spare1"), "stack", "rm", throwaway, "--yes")
    assert outside.returncode == 3 and "swarm" in outside.stderr, outside.stderr
    away = run_cli("--host", "unix:///run/swarmtui-lab/none.sock", "stack", "rm", "x", "--yes")
    assert away.returncode == 3 and "Cannot reach the Docker daemon" in away.stderr
    assert "shop" in lab.docker("stack", "ls", "--format", "{{.Name}}").split()
