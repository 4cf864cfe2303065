"""The stacks pane on the lab recording: listing, opening, removal by typed name, read-only,
and the stack commands in help and palette. The Docker layer and the headless `swarmtui stack
rm` are tested in tests/unit/test_stacks.py; removal itself against the lab in tests/lab."""

from __future__ import annotations

from typing import Any

from swarmtui.core.audit import read_outcomes
from swarmtui.ui.dialogs import TypedConfirmDialog
from swarmtui.ui.screens.help import HelpScreen
from swarmtui.ui.screens.main import MainScreen
from tests.support.replay import replay_app, settle
from tests.support.screen import (
    plain_rows,
    rendered_text,
    run_from_palette,
    select_service,
    table,
)
from tests.support.waiting import palette_searched


async def test_stacks_pane_lists_shop_and_opens_it() -> None:
    app = replay_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("5")
        await pilot.pause()
        assert app.main.view == "stacks" and app.main.query_one("#stacks-pane").display
        assert plain_rows(app, "stacks") == [["shop", "2", "━━━━━━━━ 3/3", "1", "0", "0"]]
        assert app.main.selection == ("stack", "shop", None)
        assert [r[0] for r in plain_rows(app, "tasks")] == [
            "shop_api.1",
            "shop_api.2",
            "shop_worker.1",
        ]
        assert "Networks: shop_default" in str(app.main.query_one("#detail").render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.view == "services"
        assert [r[0] for r in plain_rows(app, "services")] == ["shop_api", "shop_worker"]
        assert "Services of stack shop (2/6) · esc: all" in str(
            app.main.query_one("#services-title").render()
        )
        # Service actions work as anywhere: the selection is a service again.
        assert app.main.selection is not None and app.main.selection[0] == "service"
        await pilot.press("escape")
        await pilot.pause()
        assert app.main.view == "stacks"
        assert table(app, "services").row_count == len(app.snapshot.services)


async def test_remove_stack_asks_for_the_name() -> None:
    app = replay_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("5", "delete")
        await pilot.pause()
        assert isinstance(app.screen, TypedConfirmDialog)
        assert "2 services, 1 network" in str(app.screen.message)
        await pilot.press(*"shap", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TypedConfirmDialog)  # a wrong name changes nothing
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        # With a service selected, del still removes the service.
        await pilot.press("1")
        select_service(app, "agent")  # the cursor starts on the most urgent service
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, TypedConfirmDialog)
        assert app.screen.expected == "agent"


async def test_read_only_hides_stack_removal(audit_log: Any) -> None:
    app = replay_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("5", "delete")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        app.main.action_run("stack.remove")  # invoked some other way than its hidden key
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert read_outcomes(audit_log)[-1]["outcome"] == "refused"


async def test_help_and_palette_offer_the_stack_commands() -> None:
    app = replay_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = rendered_text(app.screen.table, width=120)
        assert "Stacks: Show the stacks pane" in text
        assert "Remove stack: Remove the selected stack" in text
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"remove stack")
        options = await palette_searched(pilot)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Remove stack  (key del)" in prompt for prompt in prompts)


async def test_palette_jumps_to_a_stack() -> None:
    app = replay_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await run_from_palette(pilot, "go to stack shop")
        assert app.main.view == "stacks" and app.main.selection == ("stack", "shop", None)
        assert table(app, "stacks").selected_key == "shop"
