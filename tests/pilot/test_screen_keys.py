"""The keys of the logs, inspect, events and join screens come from the one registry: help lists
them with their ids, the keymap rebinds them, the palette offers them over their screen, `?`
opens help from each, and a keymap that leaves two commands on one key is said."""

from __future__ import annotations

from textual.pilot import Pilot

from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs import PromptDialog
from swarmtui.ui.registry import KEYMAP_SCOPES
from swarmtui.ui.screen_commands import SCREEN_COMMANDS
from swarmtui.ui.screens.events import EventsScreen
from swarmtui.ui.screens.help import HelpScreen
from swarmtui.ui.screens.inspect import InspectScreen
from swarmtui.ui.screens.logs import LogsScreen
from tests.support.replay import replay_app, settle
from tests.support.screen import rendered_text, run_from_palette, select_service
from tests.support.waiting import on_top


async def open_screen(pilot: Pilot[None], app: SwarmTuiApp, key: str, kind: type) -> None:
    await pilot.press(key)
    await on_top(pilot, kind)


def warnings(app: SwarmTuiApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def test_help_lists_every_screens_keys_with_their_ids() -> None:
    app = replay_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = rendered_text(app.screen.table, width=160)
    for heading, commands in SCREEN_COMMANDS.items():
        assert heading in text
        for command in commands:
            assert command.id in text, command.id


async def test_read_only_help_lists_no_reveal_and_no_rotate() -> None:
    app = replay_app(read_only=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        text = rendered_text(app.screen.table, width=160)
    for hidden in ("inspect.reveal", "join.reveal", "join.copy_worker", "join.rotate_worker"):
        assert hidden not in text
    assert "inspect.json" in text


async def test_a_keymap_rebinds_a_logs_key_and_help_shows_it() -> None:
    app = replay_app(keymap={"logs.filter": "F"})
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot, app)
        assert not any("keymap" in said for said in warnings(app))  # a known id, no clash
        select_service(app, "web")
        await open_screen(pilot, app, "g", LogsScreen)
        await pilot.press("f")  # the default key is gone
        await pilot.pause()
        assert isinstance(app.screen, LogsScreen)
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)
        assert app.screen.title_text == "Filter the logs by text"
        await pilot.press("escape")
        await pilot.pause()
        await open_screen(pilot, app, "question_mark", HelpScreen)
        text = rendered_text(app.screen.table, width=160)
        line = next(line for line in text.splitlines() if "logs.filter" in line)
        assert line.split()[0] == "F"


async def test_question_mark_opens_help_over_inspect_and_events() -> None:
    app = replay_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        select_service(app, "web")
        for key, kind in (("y", InspectScreen), ("E", EventsScreen)):
            await open_screen(pilot, app, key, kind)
            await open_screen(pilot, app, "question_mark", HelpScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, kind)
            await pilot.press("escape")
            await pilot.pause()


async def test_the_palette_over_the_logs_runs_the_logs_commands() -> None:
    app = replay_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        select_service(app, "web")
        await open_screen(pilot, app, "g", LogsScreen)
        screen = app.screen
        assert isinstance(screen, LogsScreen) and not screen.view.wrap
        await run_from_palette(pilot, "wrap")
        assert app.screen is screen and screen.view.wrap


async def test_a_keymap_that_leaves_two_commands_on_one_key_is_said() -> None:
    app = replay_app(keymap={"view.nodes": "n"})
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot, app)
        said = warnings(app)
    assert (
        "keymap: n is bound to both view.nodes and services.next_attention; "
        "only one of them will answer." in said
    )


def test_every_screen_command_id_is_unique_within_its_screen() -> None:
    for scope in KEYMAP_SCOPES:
        ids = [command.id for command in scope]
        assert len(ids) == len(set(ids))
