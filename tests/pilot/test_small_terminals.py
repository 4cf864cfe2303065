"""The dashboard at 80×24: what it shows still reads as sentences and names."""

from __future__ import annotations

import copy

from textual.widgets import Static

from swarmtui.core.config import Settings
from swarmtui.docker.rawlist import RawList
from swarmtui.docker.replay import ReplayApi
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.panes.keyed_table import KeyedTable
from swarmtui.ui.registry import visible_commands
from swarmtui.ui.screen_commands import SCREEN_COMMANDS
from swarmtui.ui.screens.help import NAVIGATION, HelpScreen
from tests.support.replay import RECORDING, recorded_at, replay_app, settle
from tests.support.waiting import wait_for


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
    # At most three lines a command on average (a bound that grows with the commands; 250
    # lines when there were 87 of them).
    assert len(lines) < 3 * len(commands), (len(lines), len(commands))


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


class TenNodes(ReplayApi):
    """The recording with seven more worker nodes (copies of node3 under their own names)."""

    def nodes(self) -> RawList:
        nodes = list(super().nodes())
        model = next(n for n in nodes if n["Description"]["Hostname"] == "node3")
        for number in range(4, 11):
            extra = copy.deepcopy(model)
            extra["ID"] = f"extra{number:02d}".ljust(25, "x")
            extra["Description"]["Hostname"] = f"worker-node-{number:02d}"
            nodes.append(extra)
        return RawList.of(nodes)


async def test_a_ten_node_placement_grid_scrolls_sideways_keeping_the_service_names() -> None:
    frozen = recorded_at()
    app = SwarmTuiApp(
        Settings(), lambda: TenNodes(RECORDING), clock=lambda: frozen, follow_events=False
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("3")
        grid = app.main.query_one("#placement", KeyedTable)
        await wait_for(pilot, lambda: len(grid.columns) == 12, what="ten node columns")
        assert grid.virtual_size.width > grid.size.width  # wider than the terminal
        grid.focus()
        for _ in range(11):
            await pilot.press("right")  # the cell cursor walks to the last node's column
        await wait_for(pilot, lambda: grid.scroll_x > 0, what="the grid scrolled sideways")
        shown = [
            "".join(segment.text for segment in grid.render_line(y))
            for y in range(1, grid.size.height)
        ]
        assert any(line.lstrip().startswith("crashloop") for line in shown), shown
        assert "worker-node-10" in "".join(s.text for s in grid.render_line(0))
