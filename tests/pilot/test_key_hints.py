"""The footer is one line of the keys the screen offers: it follows focus and selection,
a click presses the key, and moving focus between panes that offer the same keys repaints
nothing (Textual's footer remounted some fifty widgets on every focus change)."""

from __future__ import annotations

from swarmtui.ui.panes.key_hints import KeyHints
from tests.support.replay import replay_app, settle
from tests.support.screen import select_node, select_service


async def test_the_footer_follows_the_selection_and_a_click_presses_the_key() -> None:
    app = replay_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        hints = app.main.query_one(KeyHints)
        select_service(app, "web")
        await pilot.pause()
        shown = hints.render().plain
        assert " s Scale " in shown and " q Quit " in shown
        assert " d Drain " not in shown  # a node action, not offered for a service
        start = shown.index(" 2 Nodes ")
        await pilot.click(KeyHints, offset=(start + 2, 0))
        await pilot.pause()
        assert app.main.view == "nodes"
        select_node(app, "node2")
        await pilot.pause()
        assert " d Drain " in hints.render().plain


async def test_the_footer_is_not_redrawn_when_its_keys_did_not_change() -> None:
    app = replay_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        hints = app.main.query_one(KeyHints)
        redraws = []
        original = hints.refresh

        def counted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            redraws.append(1)
            return original(*args, **kwargs)

        hints.refresh = counted  # type: ignore[method-assign]
        for _ in range(3):
            app.main.refresh_bindings()
            await pilot.pause()
        assert redraws == []
