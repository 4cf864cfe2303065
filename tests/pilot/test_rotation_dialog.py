"""The rotation dialog on the objects recording: opened from the palette on the config under
the cursor, it shows who mounts it and where, and the next name; it refuses what cannot work
(no data, data given twice, a bad or taken name) with one sentence and sends nothing; typed
data is never on screen. Applied against a recording (which refuses every write), the create
fails and the report says who runs which version; the audit log names the file, not its
content."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Label

from swarmtui.core.audit import read_outcomes
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs.rotate import RotateDialog
from swarmtui.ui.screens.main import MainScreen
from tests.support.paths import DATA
from tests.support.replay import replay_app, settle
from tests.support.screen import run_from_palette, table
from tests.support.waiting import notified, on_top, wait_for

OBJECTS = DATA / "objects"


async def _open(pilot, app: SwarmTuiApp, view: str, name: str) -> RotateDialog:  # noqa: ANN001
    await pilot.press({"secrets": "7", "configs": "8"}[view])
    rows = table(app, view)
    key = next(o.id for o in app.snapshot.objects if o.name == name)
    rows.focus()
    rows.move_cursor(row=rows.get_row_index(key))
    await wait_for(pilot, lambda: rows.selected_key == key, what=f"{name}'s row")
    await run_from_palette(pilot, "Rotate secret or config")
    return await on_top(pilot, RotateDialog)


def _error(dialog: RotateDialog) -> str:
    return str(dialog.query_one("#dialog-error", Label).render())


async def _apply(pilot, dialog: RotateDialog, **fields: str) -> str:  # noqa: ANN001
    for field, value in fields.items():
        dialog.query_one(f"#rotate-{field}", Input).value = value
    await pilot.press("ctrl+y")
    await pilot.pause()
    return _error(dialog)


async def test_the_dialog_shows_the_mounts_and_refuses_what_cannot_work(
    tmp_path: Path, audit_log: Path
) -> None:
    app = replay_app(OBJECTS)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        dialog = await _open(pilot, app, "configs", "site_conf")
        assert dialog.query_one("#rotate-name", Input).value == "site_conf.v2"
        shown = app.export_screenshot()
        assert (
            "web:&#160;/etc/site.conf&#160;(uid&#160;0,&#160;gid&#160;0,&#160;mode&#160;0444)"
            in shown
        )
        assert "no&#160;new&#160;data" not in shown  # nothing to resume: it creates

        assert "Give the new data of site_conf.v2" in await _apply(pilot, dialog)
        source = tmp_path / "site.conf"
        source.write_text("listen 8080;\n")
        said = await _apply(pilot, dialog, file=str(source), typed="x")
        assert "a file, or typed, not both" in said
        said = await _apply(pilot, dialog, name="site conf", typed="")
        assert "'site conf' is not a config name" in said
        said = await _apply(pilot, dialog, name="site_conf", typed="")
        assert "needs a name other than site_conf" in said
        assert read_outcomes(audit_log) == []  # refused in the dialog: nothing sent

        # Against a recording the create is refused: the report says where things stand.
        dialog.query_one("#rotate-name", Input).value = "site_conf.v2"
        await pilot.press("ctrl+y")
        report = await notified(pilot, "Rotation of config site_conf stopped")
        assert "rotate-create of site_conf.v2 failed" in report
        assert "Now web runs site_conf" in report and "is kept" not in report
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), what="main")
    (outcome,) = read_outcomes(audit_log)
    assert (outcome["action"], outcome["target"], outcome["outcome"]) == (
        "rotate-create",
        "site_conf.v2",
        "failed",
    )
    assert outcome["params"]["source"] == str(source)
    assert "listen" not in audit_log.read_text()


async def test_typed_data_is_never_shown_and_a_taken_name_is_refused() -> None:
    app = replay_app(OBJECTS)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        dialog = await _open(pilot, app, "secrets", "db_password")
        typed = dialog.query_one("#rotate-typed", Input)
        typed.focus()
        await pilot.press(*"hunter2-Zq9")
        assert typed.value == "hunter2-Zq9"
        assert "hunter2" not in app.export_screenshot()
        said = await _apply(pilot, dialog, name="old_token")
        assert "A secret named old_token exists and is not a rotation of db_password" in said
        assert "hunter2" not in said
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), what="main")


async def test_read_only_offers_no_rotation() -> None:
    app = replay_app(OBJECTS, read_only=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("8")
        table(app, "configs").focus()
        await pilot.press("O")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
