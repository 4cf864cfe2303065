"""Every action end to end on the real lab: the key, the dialog, the change read back."""

from __future__ import annotations

from textual.widgets import Input

from swarmtui.core.audit import read_outcomes
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs import ConfirmDialog, PromptDialog, TypedConfirmDialog
from swarmtui.ui.screens.main import MainScreen
from tests.support.lab import (
    Lab,
    dialog_error,
    first_poll,
    inspect,
    replicas,
    select,
    type_into_dialog,
    wait_for,
)
from tests.support.screen import table
from tests.support.waiting import workers_done


async def test_scale_with_bad_and_good_input(lab: Lab, lab_app, audit_log) -> None:  # noqa: ANN001
    app = lab_app()
    version = inspect(lab, "service", "web")["Version"]["Index"]
    async with app.run_test(size=(120, 40)) as pilot:
        await first_poll(pilot, app)
        await select(pilot, app, "service", "web")
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptDialog), what="the dialog")
        assert app.screen.query_one(Input).value == "6"
        for bad in ("abc", "-1", "1.5"):
            await type_into_dialog(pilot, bad)
            assert isinstance(app.screen, PromptDialog)
            assert "whole number" in dialog_error(app), bad
        assert inspect(lab, "service", "web")["Version"]["Index"] == version
        try:
            await type_into_dialog(pilot, "4")
            await wait_for(
                pilot, lambda: isinstance(app.screen, MainScreen), what="the dialog to close"
            )
            await wait_for(pilot, lambda: replicas(lab, "web") == 4, what="web scaled to 4")
        finally:
            lab.docker("service", "scale", "--detach", "web=6")
    entries = [e for e in read_outcomes(audit_log) if e["action"] == "scale"]
    assert entries[-1]["outcome"] == "ok" and entries[-1]["params"] == {"replicas": 4}
    assert entries[-1]["target"] == "web" and entries[-1]["cluster"]


async def test_global_service_cannot_be_scaled(lab: Lab, lab_app, audit_log) -> None:  # noqa: ANN001
    app = lab_app()
    version = inspect(lab, "service", "agent")["Version"]["Index"]
    async with app.run_test(size=(120, 40)) as pilot:
        await first_poll(pilot, app)
        await select(pilot, app, "service", "agent")
        await pilot.press("s")
        await workers_done(pilot, "actions")  # refused, and audited as refused
        assert isinstance(app.screen, MainScreen)
    assert inspect(lab, "service", "agent")["Version"]["Index"] == version
    refused = read_outcomes(audit_log)[-1]
    assert refused["outcome"] == "refused" and "global" in refused["detail"]


async def test_update_image_then_roll_back(lab: Lab, lab_app) -> None:  # noqa: ANN001
    app = lab_app()

    def image() -> str:
        return inspect(lab, "service", "shop_api")["Spec"]["TaskTemplate"]["ContainerSpec"]["Image"]

    async with app.run_test(size=(120, 40)) as pilot:
        await first_poll(pilot, app)
        await select(pilot, app, "service", "shop_api")
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptDialog), what="the dialog")
        await type_into_dialog(pilot, "Bad::Image")
        assert "image" in dialog_error(app).lower()
        await type_into_dialog(pilot, "")
        assert "The image is empty" in dialog_error(app)
        assert image().startswith("swarmlab/app:1")
        try:
            await type_into_dialog(pilot, "swarmlab/app:2")
            await wait_for(
                pilot,
                lambda: image().startswith("swarmlab/app:2"),
                what="shop_api to move to tag 2",
            )
            await wait_for(
                pilot,
                lambda: (
                    inspect(lab, "service", "shop_api").get("UpdateStatus", {}).get("State")
                    == "completed"
                ),
                timeout=90,
                what="the update to complete",
            )
            await pilot.press("b")
            await wait_for(
                pilot,
                lambda: isinstance(app.screen, ConfirmDialog),
                what="the rollback confirmation",
            )
            await pilot.press("y")
            await wait_for(
                pilot,
                lambda: image().startswith("swarmlab/app:1"),
                what="shop_api to roll back to tag 1",
            )
        finally:
            if not image().startswith("swarmlab/app:1"):
                lab.docker(
                    "service",
                    "update",
                    "--detach",
                    "--no-resolve-image",
                    "--image",
                    "swarmlab/app:1",
                    "shop_api",
                )


async def test_force_redeploy_asks_first(lab: Lab, lab_app) -> None:  # noqa: ANN001
    app = lab_app()

    def force() -> int:
        return inspect(lab, "service", "shop_worker")["Spec"]["TaskTemplate"].get("ForceUpdate", 0)

    before = force()
    async with app.run_test(size=(120, 40)) as pilot:
        await first_poll(pilot, app)
        await select(pilot, app, "service", "shop_worker")
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="confirm")
        await pilot.press("n")
        await workers_done(pilot, "actions")  # the action ended with the answer, sending nothing
        assert force() == before
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="confirm")
        await pilot.press("y")
        await wait_for(pilot, lambda: force() == before + 1, what="ForceUpdate to grow")


async def test_remove_service_needs_its_name_typed(lab: Lab, lab_app) -> None:  # noqa: ANN001
    lab.docker(
        "service",
        "create",
        "--detach",
        "--no-resolve-image",
        "--name",
        "doomed",
        "--replicas",
        "1",
        "swarmlab/app:1",
    )
    app = lab_app()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(
                pilot,
                lambda: (
                    app.snapshot is not None
                    and any(s.name == "doomed" for s in app.snapshot.services)
                ),
                what="doomed to show",
            )
            await select(pilot, app, "service", "doomed")
            await pilot.press("delete")
            await wait_for(
                pilot,
                lambda: isinstance(app.screen, TypedConfirmDialog),
                what="the typed confirmation",
            )
            await type_into_dialog(pilot, "doome")
            assert "nothing was changed" in dialog_error(app)
            assert "doomed" in lab.docker("service", "ls", "--format", "{{.Name}}")
            await type_into_dialog(pilot, "doomed")
            await wait_for(
                pilot,
                lambda: (
                    "doomed" not in lab.docker("service", "ls", "--format", "{{.Name}}").split()
                ),
                what="doomed to go",
            )
    finally:
        lab.docker("service", "rm", "doomed", check=False)


def node3_id(app: SwarmTuiApp) -> str:
    return next(node.id for node in app.snapshot.nodes if node.hostname == "node3")


async def test_drain_and_activate_a_node(lab: Lab, lab_app) -> None:  # noqa: ANN001
    app = lab_app()

    def availability() -> str:
        return inspect(lab, "node", "node3")["Spec"]["Availability"]

    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await first_poll(pilot, app)
            await select(pilot, app, "node", "node3")
            await pilot.press("d")
            await wait_for(
                pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the drain confirmation"
            )
            message = str(app.screen.message)
            assert "move to other nodes" in message
            named = {
                task.name
                for task in app.snapshot.tasks_on_node(node3_id(app))
                if task.is_active and task.service_name == "web"
            }
            assert named and all(name in message for name in named), (named, message)
            await pilot.press("y")
            await wait_for(pilot, lambda: availability() == "drain", what="node3 drained")
            # The tasks the preview named leave node3 for good: the cluster says so.
            await wait_for(
                pilot,
                lambda: (
                    not set(
                        lab.docker(
                            "node",
                            "ps",
                            "node3",
                            "--filter",
                            "desired-state=running",
                            "--format",
                            "{{.Name}}",
                        ).split()
                    )
                    & named
                ),
                timeout=60,
                what="the named tasks to leave node3",
            )
            await wait_for(
                pilot,
                lambda: table(app, "nodes").get_row(app.main.selection[1])[2].plain == "drain",
                what="the screen to show drain",
            )
            await pilot.press("a")
            await wait_for(pilot, lambda: availability() == "active", what="node3 active")
    finally:
        lab.docker("node", "update", "--availability", "active", "node3")


async def test_read_only_hides_and_refuses_writes(lab: Lab, lab_app, audit_log) -> None:  # noqa: ANN001
    app = lab_app(read_only=True)
    version = inspect(lab, "service", "web")["Version"]["Index"]
    async with app.run_test(size=(200, 40)) as pilot:
        await first_poll(pilot, app)
        await select(pilot, app, "service", "web")
        shown = {
            binding.id
            for (_, binding, enabled, _) in app.screen.active_bindings.values()
            if enabled
        }
        assert not shown & {"service.scale", "service.image", "service.rollback", "service.force"}
        await pilot.press("s", "i", "b", "f")
        await pilot.pause()  # a hidden key does nothing: once handled, nothing is to come
        assert isinstance(app.screen, MainScreen)
        app.main.action_run("service.scale")  # invoked some other way than its (hidden) key
        await workers_done(pilot, "actions")
        assert "read-only" in str(app.main.header.render())
    assert inspect(lab, "service", "web")["Version"]["Index"] == version
    assert read_outcomes(audit_log)[-1]["outcome"] == "refused"
