"""`x` in the tasks pane opens a shell in the task under the cursor; elsewhere `x` still
removes a node. Read-only hides and refuses it; every try is audited, never what was typed.
(The shell itself, on a real terminal and a real node, is tests/lab/test_task_shell.py: a
pilot has no terminal to hand over, which is said in one sentence.)"""

from __future__ import annotations

from pathlib import Path

from swarmtui.core.audit import read_entries
from swarmtui.core.writes import READ_ONLY_REFUSAL
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs import PromptDialog, TypedConfirmDialog
from swarmtui.ui.registry import visible_commands
from swarmtui.ui.screens.help import HelpScreen
from tests.support.replay import replay_app, settle
from tests.support.screen import rendered_text, select_node, select_service, table
from tests.support.waiting import notified, on_top, palette_searched, wait_for


def task_named(app: SwarmTuiApp, name: str):  # noqa: ANN201 - test helper
    return next(t for t in app.snapshot.tasks if t.name == name and t.state == "running")


async def on_task(pilot, app: SwarmTuiApp, name: str) -> None:  # noqa: ANN001
    """The tasks pane focused, its cursor on task `name` of web."""
    select_service(app, "web")
    await pilot.press("4")
    tasks = table(app, "tasks")
    task = task_named(app, name)
    await wait_for(pilot, lambda: task.id in tasks.rows, what="web's tasks listed")
    tasks.move_cursor(row=tasks.get_row_index(task.id))
    await wait_for(pilot, lambda: app.main.focused_task == task.id, what=f"{name} focused")


def footer_keys(app: SwarmTuiApp) -> dict[str, str]:
    return {key: b.binding.action for key, b in app.main.active_bindings.items()}


async def test_x_in_the_tasks_pane_asks_for_a_terminal_and_audits_the_try(
    audit_log: Path,
) -> None:
    app = replay_app()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot, app)
        await on_task(pilot, app, "web.3")
        assert footer_keys(app)["x"] == "run('task.shell')"
        await pilot.press("x")
        said = await notified(pilot, "cannot be handed to a shell")
        assert "nothing was run in web.3" in said
        assert app.main.focused_task == task_named(app, "web.3").id  # same row, same pane
    task = task_named(app, "web.3")
    lines = [e for e in read_entries(audit_log) if e["action"] == "task-exec"]
    assert [e["outcome"] for e in lines] == ["started", "refused"]
    assert lines[0]["write"] == lines[1]["write"] and lines[0]["target"] == "web.3"
    assert lines[0]["params"] == {
        "task": task.id,
        "node": "node2",
        "ssh": "10.213.1.12",
        "container": task.container_id,
        "command": "shell",
    }


async def test_a_typed_command_is_never_recorded(audit_log: Path) -> None:
    app = replay_app()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot, app)
        await on_task(pilot, app, "web.1")
        await pilot.press("X")
        dialog = await on_top(pilot, PromptDialog)
        dialog.query_one("#dialog-input").value = "cat /run/secrets/db_password"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await notified(pilot, "cannot be handed to a shell")
    text = audit_log.read_text()
    assert '"command": "typed (not recorded)"' in text and '"node": "node1"' in text
    assert "secrets" not in text and "cat" not in text


async def test_x_is_the_shell_in_the_tasks_pane_and_removes_a_node_in_the_nodes_pane() -> None:
    app = replay_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        select_node(app, "node3")
        await wait_for(pilot, lambda: app.main.selection.kind == "node", what="a node selected")
        await pilot.press("4")  # node3's tasks, the node still selected
        await wait_for(pilot, lambda: app.main.focused_task is not None, what="a task focused")
        assert footer_keys(app).get("x") == "run('task.shell')"
        await pilot.press("2")
        await wait_for(pilot, lambda: app.main.focused_task is None, what="the nodes pane")
        assert footer_keys(app).get("x") == "run('node.remove')"
        await pilot.press("x")
        await on_top(pilot, TypedConfirmDialog)


async def test_a_task_that_is_not_running_gets_one_sentence(audit_log: Path) -> None:
    app = replay_app()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot, app)
        select_service(app, "crashloop")
        await pilot.press("4")
        tasks = table(app, "tasks")
        failed = next(
            t for t in app.snapshot.tasks if t.service_name == "crashloop" and t.state == "failed"
        )
        await wait_for(pilot, lambda: failed.id in tasks.rows, what="crashloop's tasks")
        tasks.move_cursor(row=tasks.get_row_index(failed.id))
        await wait_for(pilot, lambda: app.main.focused_task == failed.id, what="a failed task")
        await pilot.press("x")
        await notified(pilot, "is failed, not running: it has no shell to open")
    assert not audit_log.exists() or "task-exec" not in audit_log.read_text()


async def test_read_only_hides_the_shell_and_refuses_it(audit_log: Path) -> None:
    app = replay_app(read_only=True)
    assert not {"task.shell", "task.exec"} & {c.id for c in visible_commands(read_only=True)}
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot, app)
        await on_task(pilot, app, "web.3")
        assert "x" not in footer_keys(app) and "X" not in footer_keys(app)
        await pilot.press("question_mark")
        help_screen = await on_top(pilot, HelpScreen)
        assert "Shell" not in rendered_text(help_screen.table, width=160)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main, what="back on the dashboard")
        app.main.action_run("task.shell")  # as another way of invoking it would
        await notified(pilot, READ_ONLY_REFUSAL)
    outcomes = [e["outcome"] for e in read_entries(audit_log)]
    assert outcomes == ["refused"]


async def test_the_palettes_shell_away_from_the_tasks_pane_acts_on_the_task_under_its_cursor(
    audit_log: Path,
) -> None:
    app = replay_app()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot, app)
        select_service(app, "web")
        tasks = table(app, "tasks")
        await wait_for(pilot, lambda: tasks.row_count > 0, what="web's tasks listed")
        under_cursor = str(tasks.coordinate_to_cell_key(tasks.cursor_coordinate).row_key.value)
        assert app.main.focused_task is None
        await pilot.press("ctrl+p", *"shell")
        await palette_searched(pilot)
        await pilot.press("enter")
        said = await notified(pilot, "cannot be handed to a shell")
        task = next(t for t in app.snapshot.tasks if t.id == under_cursor)
        assert f"nothing was run in {task.name}" in said
        assert app.main.focused_task == under_cursor
    assert [e["target"] for e in read_entries(audit_log) if e["action"] == "task-exec"] == [
        task.name,
        task.name,
    ]
