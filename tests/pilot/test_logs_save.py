"""The logs screen's save (`s`): the prompt offers a path in the state directory; kept, a name
already taken gets the next number; typed over an existing file, it is refused in the prompt
and the file left alone. Saved files are the owner's only."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Label

from swarmtui.core.files import saved_dir
from swarmtui.ui.dialogs import PromptDialog
from tests.support.replay import recorded_at, replay_app, settle
from tests.support.screen import open_logs, select_service
from tests.support.waiting import wait_for


async def test_saves_go_to_the_state_directory_and_never_over_a_file(tmp_path: Path) -> None:
    app = replay_app()
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        select_service(app, "web")
        screen = await open_logs(pilot, 25)
        assert len(screen.view.entries) == 25
        stamp = recorded_at()
        screen.clock = lambda: stamp  # two saves in one second: the same default name
        default = saved_dir() / f"web-{stamp.strftime('%Y%m%d-%H%M%S')}.log"

        for count in (1, 2):
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, PromptDialog))
            assert app.screen.query_one(Input).value == str(default)  # the default, shown
            await pilot.press("enter")
            await wait_for(pilot, lambda n=count: len(list(saved_dir().glob("web-*.log"))) == n)
        second = default.with_name(default.stem + "-1.log")
        assert sorted(saved_dir().glob("web-*.log")) == [second, default]
        for path in (default, second):
            assert len(path.read_text().splitlines()) == 25
            assert path.stat().st_mode & 0o777 == 0o600
        await wait_for(
            pilot, lambda: any(str(second) in str(n.message) for n in app._notifications)
        )

        mine = tmp_path / "mine.log"
        mine.write_text("mine\n")
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptDialog))
        app.screen.query_one(Input).value = str(mine)
        await pilot.press("enter")
        error = app.screen.query_one("#dialog-error", Label)
        await wait_for(pilot, lambda: "already exists" in str(error.render()))
        assert isinstance(app.screen, PromptDialog)  # still asking: type another name
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        assert mine.read_text() == "mine\n"
