"""SVG snapshots of the dashboard over the lab recording (update: --snapshot-update)."""

from __future__ import annotations

import pytest

from tests.support.replay import ROLLOUT_RECORDING, first_snapshot, laid_out, replay_app
from tests.support.screen import select_node, select_service
from tests.support.waiting import wait_for


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_main_screen(snap_compare, size) -> None:  # noqa: ANN001
    assert snap_compare(replay_app(), terminal_size=size, run_before=first_snapshot)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_failing_service_selected(snap_compare, size) -> None:  # noqa: ANN001
    async def select_crashloop(pilot) -> None:  # noqa: ANN001
        await first_snapshot(pilot)
        select_service(pilot.app, "crashloop")
        await pilot.pause()

    assert snap_compare(replay_app(), terminal_size=size, run_before=select_crashloop)


def test_placement_view(snap_compare) -> None:  # noqa: ANN001
    assert snap_compare(
        replay_app(), terminal_size=(80, 24), press=["3"], run_before=first_snapshot
    )


def test_help_screen(snap_compare) -> None:  # noqa: ANN001
    assert snap_compare(
        replay_app(), terminal_size=(80, 24), press=["question_mark"], run_before=first_snapshot
    )


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_rollout_panel_mid_update(snap_compare, size) -> None:  # noqa: ANN001
    async def select_web(pilot) -> None:  # noqa: ANN001
        await first_snapshot(pilot)
        select_service(pilot.app, "web")
        await pilot.pause()

    assert snap_compare(replay_app(ROLLOUT_RECORDING), terminal_size=size, run_before=select_web)


def test_drain_preview(snap_compare) -> None:  # noqa: ANN001
    async def drain_node3(pilot) -> None:  # noqa: ANN001
        await first_snapshot(pilot)
        await pilot.press("2")
        select_node(pilot.app, "node3")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()

    assert snap_compare(replay_app(), terminal_size=(100, 30), run_before=drain_node3)


def pressing(*keys: str):  # noqa: ANN201
    """First snapshot, then the keys, each given time to lay out (the wide grid swaps panes)."""

    async def run_before(pilot) -> None:  # noqa: ANN001
        await first_snapshot(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        # DataTable sizes its columns on idle: a busy machine could otherwise shoot the tasks
        # table with the widths of the rows it showed before.
        await wait_for(pilot, lambda: laid_out(pilot.app), what="the main screen laid out")
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_stacks_view(snap_compare, size) -> None:  # noqa: ANN001
    assert snap_compare(replay_app(), terminal_size=size, run_before=pressing("5"))


def test_stack_opened(snap_compare) -> None:  # noqa: ANN001
    assert snap_compare(replay_app(), terminal_size=(80, 24), run_before=pressing("5", "enter"))
