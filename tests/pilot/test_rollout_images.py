"""During a rollout the image's tag is what tells the old tasks from the new: at 160x48 with
the rollout panel open, every task's IMAGE cell shows its tag, in view (issue: both read
`lab/web`, the pane's edge having cut them from the right)."""

from __future__ import annotations

from swarmtui.ui.panes.keyed_table import KeyedTable
from tests.support.replay import ROLLOUT_RECORDING, first_snapshot, replay_app
from tests.support.screen import select_service
from tests.support.waiting import wait_for


async def test_the_tasks_images_keep_their_tags_with_the_rollout_panel_open() -> None:
    app = replay_app(ROLLOUT_RECORDING)
    async with app.run_test(size=(160, 48)) as pilot:
        await first_snapshot(pilot)  # the cursor starts on another service: its tasks first
        select_service(app, "web")
        tasks = app.main.query_one("#tasks", KeyedTable)
        await wait_for(
            pilot,
            lambda: tasks.row_count and "web" in str(tasks.get_row_at(0)[0]),
            what="web's tasks",
        )
        await pilot.pause()
        image = tasks.get_column_index("image")
        widths = [column.get_render_width(tasks) for column in tasks.ordered_columns]
        assert sum(widths[: image + 1]) <= tasks.scrollable_content_region.width
        shown = {tasks.get_cell(row.key, "image").plain for row in tasks.ordered_rows}
        assert {image[-2:] for image in shown} == {":1", ":2"}, shown
