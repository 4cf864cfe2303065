"""A [keymap] table in config.toml rebinds commands by id: the key works, the old one no
longer does, and the footer, help and palette show the operator's key."""

from __future__ import annotations

from pathlib import Path

from swarmtui.core.config import load_settings
from swarmtui.ui.dialogs import PromptDialog
from swarmtui.ui.panes.key_hints import KeyHints
from swarmtui.ui.screens.help import HelpScreen
from swarmtui.ui.screens.main import MainScreen
from tests.support.replay import replay_app, settle
from tests.support.screen import rendered_text, select_service


def keymap_settings(tmp_path: Path) -> dict[str, object]:
    config = tmp_path / "config.toml"
    config.write_text('[keymap]\n"service.scale" = "S"\n"view.nodes" = "N,2"\n')
    return {"keymap": load_settings(config).keymap}


async def test_a_keymap_rebinds_a_command(tmp_path: Path) -> None:
    app = replay_app(**keymap_settings(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        select_service(app, "web")
        await pilot.pause()
        await pilot.press("s")  # the default key is gone
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)
        assert app.screen.title_text == "Scale web"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("N")  # a second key for the nodes view
        await pilot.pause()
        assert app.main.view == "nodes"
        footer = app.main.query_one(KeyHints).render().plain
        assert " N Nodes " in footer


async def test_help_shows_the_operators_keys(tmp_path: Path) -> None:
    app = replay_app(**keymap_settings(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = rendered_text(app.screen.table, width=160)
        scale = next(line for line in text.splitlines() if "Scale:" in line)
        assert scale.split()[0] == "S"
        nodes = next(line for line in text.splitlines() if "Nodes: Show the nodes" in line)
        assert nodes.split()[:3] == ["N", "/", "2"]


async def test_an_unknown_command_id_in_the_keymap_is_said() -> None:
    app = replay_app(keymap={"service.scael": "S"})
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot, app)
        said = [notification.message for notification in app._notifications]
    assert "keymap: 'service.scael' is not a command id (see ? for the list)." in said
