"""The `S` screen (`:swarm`): the swarm's own settings, the safe ones changed after a
confirmation, autolock on and off, the unlock key rotated, and the connected manager taken out.

Every change is a full spec update with the version read (swarm_lifecycle.py), through the one
write runner. A new unlock key is shown once, on a screen of its own; here it stays hidden.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ...core.writes import Write
from ...docker.errors import SwarmError
from ...docker.models import Snapshot
from ...docker.protocol import SwarmApi
from ...docker.swarm_lifecycle import (
    EDITS,
    SwarmSettings,
    edit_setting,
    leave,
    leave_consequence,
    parse_swarm_settings,
    rotate_unlock_key,
    set_autolock,
)
from ...render.swarm import LEAVE_A_WORKER, swarm_settings_text
from ...render.text import literal
from ..commands import bindings, visible
from ..dialogs import ConfirmDialog, PromptDialog, TypedConfirmDialog
from ..swarm_commands import SWARM_COMMANDS
from ..writes import UiWrites
from .unlock import UnlockKeyScreen

AUTOLOCK_ON = (
    "Managers then keep the swarm's keys encrypted: a restarted manager answers nothing until "
    "it is given the unlock key. The key is shown next, once: store it."
)
AUTOLOCK_OFF = "A restarted manager then needs no key: the swarm's keys are kept unencrypted."


def _read(api_factory: Callable[[], SwarmApi]) -> SwarmSettings:
    api = api_factory()
    try:
        return parse_swarm_settings(api.inspect_swarm())
    finally:
        api.close()


class SwarmScreen(ModalScreen[None]):
    OWN_COMMANDS = SWARM_COMMANDS
    BINDINGS = bindings(SWARM_COMMANDS)

    def __init__(
        self,
        api_factory: Callable[[], SwarmApi],
        read_only: bool,
        writes: UiWrites,
        snapshot: Callable[[], Snapshot | None],
    ) -> None:
        super().__init__(classes="dialog")
        self.api_factory = api_factory
        self.read_only = read_only
        self.writes = writes
        self.snapshot = snapshot
        self.settings: SwarmSettings | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-body", id="swarm-body"):
            yield Label("The swarm", classes="dialog-title")
            with VerticalScroll(id="swarm-scroll"):
                yield Static("Reading the swarm…", id="swarm-settings")
                yield Static(literal(LEAVE_A_WORKER), classes="dialog-keys")
            yield Label("", id="swarm-error", classes="dialog-error", markup=False)
            yield Static(self._keys(), classes="dialog-keys", markup=False)

    def _keys(self) -> str:
        shown = visible(SWARM_COMMANDS, self.read_only)
        return "   ".join(f"{c.display_key()}: {c.title.lower()}" for c in shown if c.footer)

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="swarm-read", exit_on_error=False)
    async def load(self) -> None:
        try:
            self.settings = await asyncio.to_thread(_read, self.api_factory)
        except Exception as error:  # noqa: BLE001 - a SwarmError is a sentence; a bug is named
            said = str(error) if isinstance(error, SwarmError) else repr(error)
            self.query_one("#swarm-error", Label).update(
                literal(f"Could not read the swarm: {said}")
            )
            return
        self.query_one("#swarm-error", Label).update("")
        self.query_one("#swarm-settings", Static).update(
            swarm_settings_text(self.settings, self.read_only)
        )

    async def _ready(self) -> SwarmSettings | None:
        """The settings to change, or None having said why (read-only: refused, audited)."""
        if self.read_only:
            await self.writes.refuse_read_only("swarm")
            return None
        if self.settings is None:
            self.notify("The swarm's settings are not read yet.", severity="warning")
        return self.settings

    async def _write(self, write: Write[Any], done: str) -> Any:
        outcome = await self.writes.run(write, done)
        if outcome.ok and self.is_attached:
            self.load()
        return outcome

    # Settings -----------------------------------------------------------------------------

    @work(group="swarm-write", exit_on_error=False)
    async def action_edit(self, name: str) -> None:
        settings = await self._ready()
        if settings is None:
            return
        edit = EDITS[name]
        was = edit.current(settings)
        text = await self.app.push_screen_wait(
            PromptDialog(
                f"Change the {edit.label}", f"The {edit.label} (now {was}):", was, edit.parse
            )
        )
        if text is None:
            return
        value = edit.parse(text)
        shown = edit.shown(value)
        if not await self.app.push_screen_wait(
            ConfirmDialog(f"Change the {edit.label}?", f"{edit.label}: {was} → {shown}", "Change")
        ):
            return
        await self._write(
            Write(
                "swarm-update",
                "swarm",
                {edit.name: shown},
                lambda writer: edit_setting(writer.api, name, value),
            ),
            f"The {edit.label} is now {shown}.",
        )

    # Autolock and the unlock key ----------------------------------------------------------

    @work(group="swarm-write", exit_on_error=False)
    async def action_autolock(self) -> None:
        settings = await self._ready()
        if settings is None:
            return
        turn_on = not settings.autolock
        if not await self.app.push_screen_wait(
            ConfirmDialog(
                f"Turn autolock {'on' if turn_on else 'off'}?",
                AUTOLOCK_ON if turn_on else AUTOLOCK_OFF,
                "Turn on" if turn_on else "Turn off",
            )
        ):
            return
        outcome = await self._write(
            Write(
                "swarm-autolock",
                "swarm",
                {"autolock": turn_on},
                lambda writer: set_autolock(writer.api, turn_on),
            ),
            f"Autolock is {'on' if turn_on else 'off'}.",
        )
        if outcome.ok and outcome.result:
            self.app.push_screen(
                UnlockKeyScreen("Autolock is on: store the unlock key", outcome.result)
            )

    @work(group="swarm-write", exit_on_error=False)
    async def action_rotate_key(self) -> None:
        settings = await self._ready()
        if settings is None:
            return
        if not settings.autolock:
            self.notify("Autolock is off: there is no unlock key to rotate.", severity="warning")
            return
        if not await self.app.push_screen_wait(
            ConfirmDialog(
                "Rotate the unlock key?",
                "A new key replaces the current one; a manager that restarts later needs the "
                "new key. It is shown next, once: store it.",
                "Rotate",
            )
        ):
            return
        outcome = await self._write(
            Write(
                "swarm-rotate-unlock-key",
                "swarm",
                {},
                lambda writer: rotate_unlock_key(writer.api),
            ),
            "Rotated the unlock key.",
        )
        if outcome.ok and outcome.result:
            self.app.push_screen(UnlockKeyScreen("The new unlock key: store it", outcome.result))

    # Leaving ------------------------------------------------------------------------------

    @work(group="swarm-write", exit_on_error=False)
    async def action_leave(self) -> None:
        if await self._ready() is None:
            return
        snapshot = self.snapshot()
        if snapshot is None:
            self.notify("The nodes are not read yet.", severity="warning")
            return
        me = snapshot.node_by_id.get(snapshot.cluster.node_id)
        hostname = me.hostname if me else snapshot.cluster.node_id[:12]
        managers = [node for node in snapshot.nodes if node.role == "manager"]
        reachable = sum(1 for node in managers if node.reachability == "reachable")
        said, last = leave_consequence(hostname, len(managers), reachable)
        title = f"{hostname} leaves the swarm?"
        asked = (
            TypedConfirmDialog(title, said, hostname)
            if last
            else ConfirmDialog(title, said, "Leave")
        )
        if not await self.app.push_screen_wait(asked):
            return
        # The daemon refuses any manager's leave without force ("attempting to leave … as a
        # manager"): the confirmation above is the operator's --force.
        outcome = await self.writes.run(
            Write(
                "swarm-leave",
                hostname,
                {"force": True, "last_manager": last},
                lambda writer: leave(writer.api, True),
            ),
            f"{hostname} left the swarm: this dashboard has no swarm to show any more.",
            nodes_changed=True,
        )
        if outcome.ok and self.is_attached:
            self.dismiss()
