"""A locked manager's unlock prompt, and the screen that shows a new unlock key once.

The key is typed into a password field: it is never drawn, and the write that sends it
records no parameter, so the audit log says only that an unlock was tried and how it went.
A new key (autolock turned on, or rotated) is shown on a screen of its own, once: closing it
drops the key, and swarmtui never reads it again.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ...core.writes import Write
from ...docker.errors import DaemonError
from ...docker.poller import PollHints
from ...docker.swarm_lifecycle import STORE_WARNING, UNLOCK_KEY_PREFIX, unlock
from ...render.text import literal, visible
from ..commands import bindings
from ..swarm_commands import NEW_KEY_COMMANDS, UNLOCK_COMMANDS
from ..writes import UiWrites

LOCKED_WHY = (
    "{endpoint} is a manager of a swarm with autolock on, and it restarted: it keeps the "
    "swarm's keys encrypted and answers nothing swarm-wide until it is given the unlock key "
    "(what docker swarm unlock asks for)."
)


class UnlockScreen(ModalScreen[bool]):
    """Answers True once unlocked, False when closed with the swarm still locked."""

    OWN_COMMANDS = UNLOCK_COMMANDS
    BINDINGS = bindings(UNLOCK_COMMANDS)

    def __init__(self, endpoint: str, writes: UiWrites) -> None:
        super().__init__(classes="dialog")
        self.endpoint = endpoint
        self.writes = writes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-body", id="unlock-body"):
            yield Label("The swarm is locked: unlock it with its key", classes="dialog-title")
            yield Static(
                literal(LOCKED_WHY.format(endpoint=self.endpoint)), classes="dialog-prompt"
            )
            yield Input(
                password=True,
                placeholder=f"unlock key ({UNLOCK_KEY_PREFIX}…), never shown",
                id="unlock-key",
            )
            yield Label("", id="unlock-error", classes="dialog-error", markup=False)
            yield Static(
                "enter: unlock   esc: close (the dashboard keeps its last data; U opens this "
                "again)",
                classes="dialog-keys",
                markup=False,
            )

    def on_mount(self) -> None:
        self.key_input.focus()

    @property
    def key_input(self) -> Input:
        return self.query_one("#unlock-key", Input)

    @property
    def error_label(self) -> Label:
        return self.query_one("#unlock-error", Label)

    @on(Input.Changed, "#unlock-key")
    def _typed(self) -> None:
        self.error_label.update("")

    @on(Input.Submitted, "#unlock-key")
    def _submitted(self, event: Input.Submitted) -> None:
        self.try_key(event.value)

    def action_close(self) -> None:
        self.dismiss(False)

    @work(exclusive=True, group="swarm-unlock", exit_on_error=False)
    async def try_key(self, key: str) -> None:
        self.key_input.disabled = True
        self.error_label.update("Unlocking…")
        # The key stays in this closure: the audit line carries no parameter at all.
        write: Write[None] = Write("swarm-unlock", "swarm", {}, lambda w: unlock(w.api, key))
        outcome = await asyncio.to_thread(self.writes.runner.run, write)
        if outcome.audit_problem:
            self.notify(visible(outcome.audit_problem), severity="warning", markup=False)
        if not self.is_attached:
            return
        self.key_input.disabled = False
        if not outcome.ok:
            # One sentence, in our words when the daemon's were about the key (unlock()).
            said = outcome.message
            if isinstance(outcome.error, DaemonError) and not said.startswith("That key"):
                said = f"The daemon refused: {said}"
            self.error_label.update(literal(said))
            self.key_input.focus()
            return
        self.key_input.value = ""
        self.notify("Unlocked: the manager reads the swarm again.", timeout=4)
        self.writes.request_poll(0, PollHints(full=True, nodes_changed=True))
        self.dismiss(True)


class UnlockKeyScreen(ModalScreen[None]):
    """The unlock key, shown this once; `c` copies it, any closing key drops it."""

    OWN_COMMANDS = NEW_KEY_COMMANDS
    BINDINGS = bindings(NEW_KEY_COMMANDS)

    def __init__(self, title: str, key: str) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self._key = key

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-body", id="unlock-key-body"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Static("The swarm's unlock key:", markup=False)
            yield Static(literal("    " + self._key), id="unlock-key-shown")
            yield Static(literal(STORE_WARNING), classes="dialog-error")
            yield Static(
                "c: copy the key   enter / esc: I have stored it",
                classes="dialog-keys",
                markup=False,
            )

    def action_copy(self) -> None:
        if self._key:
            self.app.copy_to_clipboard(self._key)
            self.notify(
                "Copied the unlock key (your terminal must allow OSC 52 clipboard writes).",
                timeout=4,
            )

    def action_close(self) -> None:
        self._key = ""
        self.query_one("#unlock-key-shown", Static).update("")
        self.dismiss()


def unlock_screen_shown(app: Any) -> bool:
    return any(isinstance(screen, UnlockScreen) for screen in app.screen_stack)
