"""A secret-looking node label set from the dashboard is sent in full but shown masked: in the
notification that says it was done and in both audit lines (intent, outcome). The table and
the detail pane mask it too (tests/unit/test_secrets.py)."""

from __future__ import annotations

from pathlib import Path

from swarmtui.core.audit import read_entries
from swarmtui.core.config import Settings
from swarmtui.docker.protocol import Json
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.secrets import MASK
from swarmtui.ui.app import SwarmTuiApp
from tests.support.replay import RECORDING, recorded_at, settle
from tests.support.screen import prompt, select_node


class AcceptsNodeUpdates(ReplayApi):
    """The recording, whose daemon accepts a node update (and keeps nothing of it)."""

    sent: list[Json] = []

    def update_node(self, node_id: str, version: int, spec: Json) -> None:  # type: ignore[override]
        AcceptsNodeUpdates.sent.append(spec)


async def test_a_secret_label_value_is_masked_in_the_notification_and_the_audit_log(
    audit_log: Path,
) -> None:
    AcceptsNodeUpdates.sent.clear()
    frozen = recorded_at()
    app = SwarmTuiApp(
        Settings(),
        lambda: AcceptsNodeUpdates(RECORDING),
        clock=lambda: frozen,
        follow_events=False,
    )
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("2")  # the nodes
        select_node(app, "node2")
        await pilot.pause()
        await prompt(pilot, "l", "db.password=hunter2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
    assert AcceptsNodeUpdates.sent[0]["Labels"]["db.password"] == "hunter2"  # sent in full
    assert f"Labelled node2 db.password={MASK}." in said, said
    assert not any("hunter2" in message for message in said)
    entries = read_entries(audit_log)
    assert [e["outcome"] for e in entries] == ["started", "ok"]
    assert all(e["params"] == {"key": "db.password", "value": MASK} for e in entries)
    assert "hunter2" not in audit_log.read_text()
