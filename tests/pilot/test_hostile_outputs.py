"""Outside text on the dashboard's less travelled paths: notices sent from a write's thread
while it runs, which the hostile-data walk (tests/pilot/test_hostile_data.py) never reaches
because a recording refuses every write. The headless outputs: tests/unit/test_output_safety.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets._toast import Toast

from swarmtui.core.config import Settings
from swarmtui.docker.errors import DaemonError
from swarmtui.docker.parse import STACK_NAMESPACE_LABEL
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs import TypedConfirmDialog
from tests.support.replay import recorded_at, settle
from tests.support.storing import StoringReplay, recording_copy

STACK = "shop[/]"
"""A stack name that is a closing tag with nothing open: Textual's markup parser raises on it."""


class NetworkLingers(StoringReplay):
    """Removes what it is asked to, except that it refuses each network once as still in use,
    as a daemon does while the stack's tasks stop: the removal retries and says so."""

    refused: set[str] = set()

    def remove_object(self, kind: str, object_id: str) -> None:
        if kind == "networks" and object_id not in self.refused:
            self.refused.add(object_id)
            raise DaemonError(
                f"rpc error: code = FailedPrecondition desc = network {object_id} is in use"
            )
        items = self._items(kind)
        self.writes.append(("remove", object_id))
        self._save(kind, [i for i in items if i.get("ID", i.get("Id")) != object_id])


def renamed_stack(tmp_path: Path) -> Path:
    """The lab recording with stack shop's namespace label (what names the stack) made STACK."""
    folder = recording_copy(tmp_path)
    for name in ("services", "networks", "tasks"):
        path = folder / f"{name}.json"
        path.write_text(
            path.read_text().replace(
                f'"{STACK_NAMESPACE_LABEL}": "shop"',
                json.dumps({STACK_NAMESPACE_LABEL: STACK})[1:-1],
            )
        )
    return folder


def toasts(app: SwarmTuiApp) -> str:
    """The notifications drawn on screen now, as the text they show."""
    return "\n".join(toast.render().plain for toast in app.screen.query(Toast))


async def shown(pilot: Pilot[None], app: SwarmTuiApp, text: str) -> str:
    """Wait (up to 5 s) for a notification showing `text`; the app must run all along."""
    drawn = ""
    for _ in range(100):
        await pilot.pause(0.05)
        assert app.is_running and app.return_code is None, text
        drawn = toasts(app)
        if text in drawn:
            break
    return drawn


async def test_a_stack_named_like_markup_is_removed_through_its_retry_notice(
    tmp_path: Path,
) -> None:
    folder = renamed_stack(tmp_path)
    NetworkLingers.refused = set()
    frozen = recorded_at()
    app = SwarmTuiApp(
        Settings(),
        lambda: NetworkLingers(folder),
        clock=lambda: frozen,  # type: ignore[arg-type]
        follow_events=False,
    )
    # run_test draws no notifications unless asked, and the crash was in drawing one.
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("5")
        await pilot.pause()
        assert app.main.selection == ("stack", STACK, None)
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, TypedConfirmDialog)
        await pilot.press(*STACK, "enter")
        notice = f"Not removed yet from stack {STACK}: network shop_default"
        assert notice in await shown(pilot, app, notice)
        done = f"Removed stack {STACK} (2 services, 1 network)."
        assert done in await shown(pilot, app, done)
        await pilot.pause(0.2)
        assert app.is_running and app.return_code is None
    label = {"label": [f"{STACK_NAMESPACE_LABEL}={STACK}"]}
    stored = StoringReplay(folder)
    assert not stored.list_objects("services", label) and not stored.list_objects("networks", label)
