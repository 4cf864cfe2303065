"""`R` writes the incident report from the dashboard and says where."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.replay import replay_app, settle


async def test_r_writes_the_report_and_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = replay_app()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("R")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [n.message for n in app._notifications]
    written = sorted(tmp_path.glob("swarmtui-incident-*.md"))
    assert len(written) == 1 and written[0].with_suffix(".json").exists()
    assert any(str(written[0]) in message for message in said)
