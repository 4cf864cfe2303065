"""Hostile data cannot crash the dashboard or reach the terminal: every screen, pane and
dialog over a recording whose every shown string carries markup, escapes and odd Unicode
(tests/support/hostile.py) shows that text literally, and the app keeps running."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.content import Content

from swarmtui.core.files import saved_dir
from swarmtui.render.text import MAX_LINE
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.command_palette import escaped
from swarmtui.ui.screens.logs import LogsScreen
from tests.support.hostile import CLOSE, HUGE, hostile_recording
from tests.support.replay import replay_app, settle
from tests.support.screen import detail_text, plain_rows, select_service, table
from tests.support.waiting import group_idle, on_top, palette_searched, wait_for

SIZES = [(80, 24), (160, 48)]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return hostile_recording(tmp_path)


def screen_text(app: SwarmTuiApp) -> str:
    """Every line the terminal would get for the current screen, as text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def check_screen(app: SwarmTuiApp, where: str) -> str:
    """The app still runs, nothing on screen is a terminal control, no click action leaked."""
    assert app.is_running, where
    assert app.return_code is None, where
    strips = app.screen._compositor.render_strips()
    text = "\n".join(strip.text for strip in strips)
    assert "\x1b" not in text, where
    assert not any(0x80 <= ord(c) < 0xA0 or c in "\x07\x08\r\x7f\u202e" for c in text), where
    for strip in strips:
        for segment in strip:
            meta = segment.style.meta if segment.style else {}
            assert "quit" not in str(meta.get("@click", "")), where
    assert "\x1b" not in app.export_screenshot(), where
    return text


def screen_idle(app: SwarmTuiApp) -> bool:
    """The screen on top is mounted and no worker of it or its widgets (a read, a prompt's
    suggestion) still runs."""
    screen = app.screen
    nodes = {screen, *screen.walk_children()}
    return screen.is_mounted and all(w.is_finished for w in app.workers if w.node in nodes)


def logs_shown(app: SwarmTuiApp) -> bool:
    screen = app.screen
    return isinstance(screen, LogsScreen) and screen.is_mounted and bool(screen.view.entries)


async def visit(  # noqa: ANN001
    pilot, app: SwarmTuiApp, *keys: str, until: Callable[[], bool] | None = None
) -> str:
    """Press `keys`, wait for what they start to be done (`until`), and for the screen to
    settle (every message handled, the layout redone); then check what it shows."""
    await pilot.press(*keys)
    if until is not None:
        await wait_for(pilot, until, what=f"what {' '.join(keys)} started")
    await pilot.wait_for_scheduled_animations()
    return check_screen(app, " ".join(keys))


@pytest.mark.parametrize("size", SIZES)
async def test_every_view_shows_hostile_text_literally(
    hostile: Path, size: tuple[int, int]
) -> None:
    app = replay_app(hostile)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        assert app.snapshot is not None
        shown = check_screen(app, "start")
        assert CLOSE in shown
        for key in ("2", "3", "5", "1"):
            assert CLOSE in await visit(pilot, app, key), key
        # The detail area: a service, its task, a node, a stack.
        await visit(pilot, app, "1")
        assert CLOSE in detail_text(app)
        assert "␛[2J" in detail_text(app)
        await visit(pilot, app, "4")
        assert "Task ID:" in detail_text(app)
        assert CLOSE in detail_text(app)
        await visit(pilot, app, "2")
        assert "Labels:" in detail_text(app)
        assert "see [/x]" in detail_text(app)
        await visit(pilot, app, "5")
        assert "Stack " in detail_text(app) and CLOSE in detail_text(app)
        await visit(pilot, app, "enter")  # open the stack: its services only
        assert app.main.view == "services"
        assert CLOSE in check_screen(app, "opened stack")
        await visit(pilot, app, "escape", "1")
        # Help, and the palette searching names from the cluster.
        await visit(pilot, app, "question_mark")
        await visit(pilot, app, "escape")
        await pilot.press("ctrl+p")
        await on_top(pilot, CommandPalette)
        await pilot.press(*"see")
        await palette_searched(pilot)
        shown = await visit(pilot, app)
        assert CLOSE in shown
        await visit(pilot, app, "escape")
        assert app.return_code is None


@pytest.mark.parametrize("size", SIZES)
async def test_dialogs_show_hostile_text_literally(hostile: Path, size: tuple[int, int]) -> None:
    app = replay_app(hostile)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        await visit(pilot, app, "1")
        # The cursor starts on the most urgent service; put it on the first one by name.
        select_service(app, app.snapshot.services[0].name)
        await visit(pilot, app)
        # The first service is global: scaling it is refused in a notification naming it.
        assert table(app, "services").selected_key == app.snapshot.services[0].id
        assert app.snapshot.services[0].mode == "global"
        await visit(pilot, app, "s", until=lambda: group_idle(app, "actions"))
        assert app.screen is app.main
        messages = [notification.message for notification in app._notifications]
        assert any(CLOSE in message and "\x1b" not in message for message in messages)
        await visit(pilot, app, "down")
        # A validator's error is shown literally.
        await visit(pilot, app, "s")
        await visit(pilot, app, "ctrl+a", *"[/x]", "enter")
        assert app.screen is not app.main
        await visit(pilot, app, "escape")
        # Scale prompt, force-redeploy confirmation, typed confirmation of a removal.
        for key, close in (("s", "escape"), ("i", "escape"), ("f", "n"), ("delete", "escape")):
            shown = await visit(pilot, app, key)
            assert app.screen is not app.main, key
            assert CLOSE in shown, key
            await visit(pilot, app, close)
            assert app.screen is app.main, key
        # A wrong name typed into the typed confirmation is quoted back literally.
        await visit(pilot, app, "delete")
        await visit(pilot, app, *"[/x]", "enter")
        assert app.screen is not app.main
        await visit(pilot, app, "escape")
        # The drain preview names the node and its tasks.
        await visit(pilot, app, "2")
        shown = await visit(pilot, app, "d")
        assert app.screen is not app.main
        assert CLOSE in shown
        await visit(pilot, app, "n")
        # Join tokens: the manager address is hostile.
        await visit(pilot, app, "J", until=lambda: screen_idle(app))
        assert app.screen is not app.main
        await visit(pilot, app, "escape")
        # The create-service form and the deploy screen.
        await visit(pilot, app, "c")
        assert app.screen is not app.main
        await visit(pilot, app, "escape")
        await visit(pilot, app, "D")
        assert app.screen is not app.main
        await visit(pilot, app, "escape")
        assert app.screen is app.main
        assert app.return_code is None


async def test_a_huge_value_is_cut_in_the_table_and_whole_in_the_detail(hostile: Path) -> None:
    app = replay_app(hostile)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await visit(pilot, app, "2")
        nodes = table(app, "nodes")
        assert nodes.row_count == len(app.snapshot.nodes)
        labels = [row[-1] for row in plain_rows(app, "nodes")]
        assert all(len(cell) <= MAX_LINE for cell in labels)
        assert any(cell.endswith("…") for cell in labels)
        huge_node = next(n for n in app.snapshot.nodes if dict(n.labels).get("huge"))
        nodes.move_cursor(row=nodes.get_row_index(huge_node.id))
        await pilot.pause()
        assert HUGE in detail_text(app).replace("\n", "")
        check_screen(app, "huge")
        # The services table still draws with a 10,000-character image.
        await visit(pilot, app, "1")
        assert table(app, "services").row_count == len(app.snapshot.services)


def test_the_palette_escape_reads_back_as_typed() -> None:
    for value in [CLOSE, "[bold]", "[@click=app.quit]x[/]", "a\\[b]", "$foo [$x]", "x\\", "[["]:
        assert Content.from_markup(escaped(value)).plain == value


@pytest.mark.parametrize("size", SIZES)
async def test_troubleshooting_views_show_hostile_text_literally(
    hostile: Path, size: tuple[int, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = replay_app(hostile)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        web = next(s for s in app.snapshot.services if s.name.startswith("web"))
        select_service(app, web.name)
        # Logs: tags hold service and node names.
        await visit(pilot, app, "g", until=lambda: logs_shown(app))
        assert type(app.screen).__name__ == "LogsScreen"
        assert "␛[2J" in await visit(pilot, app, "w")
        await visit(pilot, app, "escape")
        # The `:` prompt completes names from the cluster.
        await visit(pilot, app, "colon")
        await visit(pilot, app, *"svc w", until=lambda: screen_idle(app))
        await visit(pilot, app, "escape")
        # Inspect, events, the object views, help over each.
        for keys in (("y",), ("E",), ("6",), ("7",), ("8",), ("1",)):
            await visit(pilot, app, *keys, until=lambda: screen_idle(app))
            await visit(pilot, app, "question_mark")
            await visit(pilot, app, "escape")
            if app.screen is not app.main:
                await visit(pilot, app, "escape")
        # The incident report: files and the notification naming them.
        await visit(pilot, app, "R", until=lambda: group_idle(app, "report"))
        report = next(saved_dir().glob("*.md")).read_text()
        assert "\x1b" not in report and "\u202e" not in report
        assert app.return_code is None
