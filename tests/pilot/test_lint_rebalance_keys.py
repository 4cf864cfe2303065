"""`:lint` and `B` over the recording: the prompt word opens the lint screen, its detail names
the fix; in read-only mode neither a lint fix nor a rebalance sends anything (refused and
audited); and on an even cluster `B` says there is nothing to move."""

from __future__ import annotations

from swarmtui.core.audit import read_outcomes
from swarmtui.ui.screens.lint import LintScreen
from swarmtui.ui.screens.main import MainScreen
from tests.support.replay import first_snapshot, replay_app
from tests.support.waiting import wait_for, workers_done


async def test_the_prompt_opens_lint_and_read_only_refuses_a_fix(audit_log) -> None:  # noqa: ANN001
    app = replay_app(read_only=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await first_snapshot(pilot)
        await pilot.press("colon", *"lint", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LintScreen), what=":lint")
        screen = app.screen
        assert isinstance(screen, LintScreen)
        await wait_for(pilot, lambda: bool(screen.findings), what="the findings")
        assert {"one-manager", "no-healthcheck"} <= {f.rule for f in screen.findings}
        await pilot.press("u")
        await workers_done(pilot, "lint-fix")
        assert isinstance(app.screen, LintScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), what="the dashboard")
    refused = read_outcomes(audit_log)
    assert [(e["outcome"], e["detail"][:20]) for e in refused] == [
        ("refused", "swarmtui runs read-o")
    ]


async def test_rebalance_on_an_even_cluster_moves_nothing(audit_log) -> None:  # noqa: ANN001
    app = replay_app()
    notes: list[str] = []
    async with app.run_test(size=(160, 48)) as pilot:
        await first_snapshot(pilot)
        app.notify = lambda message, **_: notes.append(str(message))  # type: ignore[method-assign]
        await pilot.press("B")
        await workers_done(pilot, "actions")
        assert isinstance(app.screen, MainScreen)
    assert any("spread evenly" in note for note in notes)
    assert read_outcomes(audit_log) == []
