"""Deploying a stack from the dashboard, on the lab: the key, the plan, ctrl+y, the services
read back through the API; a redeploy of the same file offers nothing to apply; a bad file
shows its errors and changes nothing."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Label

from swarmtui.core.audit import read_outcomes
from swarmtui.ui.dialogs import TypedConfirmDialog
from swarmtui.ui.screens.main import MainScreen
from tests.support.lab import (
    Lab,
    dialog_error,
    fill_and_plan,
    first_poll,
    plan_shown,
    stack_services,
    type_into_dialog,
    wait_for,
)
from tests.support.paths import COMPOSE
from tests.support.screen import shown_rows


async def test_two_api_example_deploys_shows_redeploys_as_no_op_and_goes(
    lab: Lab, lab_app, stack: str, audit_log
) -> None:  # noqa: ANN001
    app = lab_app()
    apis = str(COMPOSE / "apis.yml")
    async with app.run_test(size=(140, 44)) as pilot:
        await first_poll(pilot, app)
        await fill_and_plan(pilot, app, apis, stack)
        shown = plan_shown(app)
        assert f"service {stack}_api1" in shown and f"network {stack}_default" in shown
        assert stack_services(lab, stack) == {}  # a plan changes nothing
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), what="the deploy")
        assert set(stack_services(lab, stack)) == {f"{stack}_api1", f"{stack}_api2"}
        # The first changed service is selected, so its convergence shows on screen.
        await wait_for(
            pilot,
            lambda: (
                app.main.selection is not None
                and app.snapshot.service_by_id.get(app.main.selection[1]) is not None
                and app.snapshot.service_by_id[app.main.selection[1]].name == f"{stack}_api1"
            ),
            what="the new service to be selected",
        )
        # It shows in the stacks pane: two services, six tasks once converged, one network.
        await pilot.press("5")
        await wait_for(
            pilot,
            lambda: shown_rows(app, "stacks").get(stack, [])[:3] == [stack, "2", "━━━━━━━━ 6/6"],
            timeout=90,
            what="the stack to converge in the stacks pane",
        )
        assert shown_rows(app, "stacks")[stack][3] == "1"  # NETWORKS: its default network

        versions = stack_services(lab, stack)
        await fill_and_plan(pilot, app, apis, stack)
        assert "Nothing to change." in plan_shown(app)
        assert app.screen.query_one("#apply", Button).disabled
        await pilot.press("ctrl+y")  # nothing to apply: it says so and sends nothing
        await wait_for(pilot, lambda: "Make a plan first" in dialog_error(app), what="no apply")
        assert stack_services(lab, stack) == versions
        await pilot.press("escape")

        # And it goes away cleanly, from the same pane.
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), what="main")
        await pilot.press("5")
        table = app.main.query_one("#stacks")
        table.move_cursor(row=table.get_row_index(stack))  # type: ignore[attr-defined]
        await wait_for(
            pilot, lambda: app.main.selection == ("stack", stack, None), what="the stack selected"
        )
        await pilot.press("delete")
        await wait_for(
            pilot, lambda: isinstance(app.screen, TypedConfirmDialog), what="the typed confirmation"
        )
        await type_into_dialog(pilot, stack)
        await wait_for(
            pilot,
            lambda: (
                not stack_services(lab, stack)
                and not lab.docker(
                    "network",
                    "ls",
                    "--filter",
                    f"label=com.docker.stack.namespace={stack}",
                    "--format",
                    "{{.Name}}",
                ).split()
            ),
            timeout=60,
            what="the stack to be removed",
        )
        await wait_for(
            pilot, lambda: len(read_outcomes(audit_log)) == 2, what="the removal to be reported"
        )
    entries = [(e["action"], e["target"], e["outcome"]) for e in read_outcomes(audit_log)]
    assert entries == [("deploy-stack", stack, "ok"), ("remove-stack", stack, "ok")]


async def test_a_bad_file_shows_its_errors_and_changes_nothing(
    lab: Lab, lab_app, stack: str, tmp_path: Path
) -> None:  # noqa: ANN001
    bad = tmp_path / "bad.yml"
    bad.write_text("services:\n  web:\n    deploy:\n      replicas: 2\n    mem_limit: 1g\n")
    app = lab_app()
    async with app.run_test(size=(140, 44)) as pilot:
        await first_poll(pilot, app)
        await fill_and_plan(pilot, app, str(bad), stack)
        error = str(app.screen.query_one("#dialog-error", Label).render())
        assert "cannot be deployed" in error and "bad.yml:5: service web: mem_limit" in error
        assert app.screen.query_one("#apply", Button).disabled
    assert stack_services(lab, stack) == {}


async def test_read_only_hides_deploy(lab: Lab, lab_app) -> None:  # noqa: ANN001
    app = lab_app(read_only=True)
    async with app.run_test(size=(140, 44)) as pilot:
        await first_poll(pilot, app)
        await pilot.press("D")
        await pilot.pause()  # a hidden key does nothing: once handled, nothing is to come
        assert isinstance(app.screen, MainScreen)
