"""The dashboard at 80×24: what it shows still reads as sentences and names."""

from __future__ import annotations

from textual.widgets import Static

from swarmtui.ui.panes.keyed_table import KeyedTable
from swarmtui.ui.registry import visible_commands
from swarmtui.ui.screen_commands import SCREEN_COMMANDS
from swarmtui.ui.screens.help import NAVIGATION, HelpScreen
from tests.support.replay import replay_app, settle


async def test_help_descriptions_keep_their_width_at_80x24() -> None:
    app = replay_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-text", Static)
        lines = [text.render_line(y).text for y in range(text.size.height)]
    commands = [*visible_commands(False), *(c for own in SCREEN_COMMANDS.values() for c in own)]
    for command in commands:
        # The line naming the command carries the start of its description too.
        start = f"{command.title}: " + " ".join(command.help.split()[:2])
        assert any(start in line for line in lines), (
            start,
            [c for c in lines if command.title in c],
        )
    # A line of one word is a heading, a command's id or part of a key: never a piece of a
    # description (wrapped one word a line, the help was 584 lines long).
    allowed = {c.group for c in commands} | {c.id for c in commands} | {"Navigation"}
    allowed |= {word for keys, _ in NAVIGATION for word in keys.split()}
    assert [
        line.strip() for line in lines if len(line.split()) == 1 and line.strip() not in allowed
    ] == []
    # A bound on wrapping one word a line (584 lines then), with room for new commands.
    assert len(lines) < 270, len(lines)


async def test_the_tasks_pane_keeps_the_image_tag_in_view_when_narrow() -> None:
    # At 86 columns, whole or cut from the left, the image and its tag stay in view.
    app = replay_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await pilot.resize_terminal(86, 24)  # the rows are cut again for the new width
        await pilot.pause()
        await pilot.pause()
        table = app.query_one("#tasks", KeyedTable)
        assert table.row_count
        image = table.get_column_index("image")
        widths = [column.get_render_width(table) for column in table.ordered_columns]
        assert sum(widths[: image + 1]) <= table.scrollable_content_region.width
        for row in table.ordered_rows:
            shown = table.get_cell(row.key, "image").plain
            assert shown.endswith(":1") and (shown == "swarmlab/app:1" or shown[0] == "…"), shown
