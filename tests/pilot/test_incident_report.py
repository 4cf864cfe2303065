"""`R` writes the incident report from the dashboard and says where."""

from __future__ import annotations

from swarmtui.core.files import saved_dir
from tests.support.replay import replay_app, settle


async def test_r_writes_the_report_and_says_where() -> None:
    app = replay_app()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("R")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [n.message for n in app._notifications]
    written = sorted(saved_dir().glob("swarmtui-incident-*.md"))
    assert len(written) == 1 and written[0].with_suffix(".json").exists()
    assert any(str(written[0]) in message for message in said)
