"""The `J` screen: the commands that join a worker or a manager to this swarm, printed as
`docker swarm join-token` prints them; copy them, and rotate a token.

Tokens admit a machine to the cluster, so they stay masked until revealed. In read-only mode
the screen shows that the tokens exist but never reveals or copies them (`t`, `w`, `m` are
hidden and refused, as rotating is): a token is as good as write access to the swarm.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ...core.writes import Write
from ...docker.errors import SwarmError
from ...docker.protocol import SwarmApi
from ...docker.swarm_setup import ROLES, JoinTokens, read_join_tokens
from ...render.text import literal
from ..commands import bindings
from ..dialogs import ConfirmDialog
from ..screen_commands import JOIN_COMMANDS
from ..writes import UiWrites

_ROTATES = ("rotate",)
READ_ONLY_TOKENS = (
    "Read-only mode: the tokens stay hidden and cannot be copied, since a join token lets a "
    "machine join the swarm."
)


def _read(api_factory: Callable[[], SwarmApi]) -> JoinTokens:
    api = api_factory()  # a client of its own: the poller's must stay on its thread
    try:
        return read_join_tokens(api)
    finally:
        api.close()


class JoinScreen(ModalScreen[None]):
    OWN_COMMANDS = JOIN_COMMANDS
    BINDINGS = bindings(JOIN_COMMANDS)

    revealed: reactive[bool] = reactive(False)
    """Whether the tokens show in full; masked by default, in case someone looks on."""

    def __init__(
        self, api_factory: Callable[[], SwarmApi], read_only: bool, writes: UiWrites
    ) -> None:
        super().__init__(classes="dialog")
        self.api_factory = api_factory
        self.read_only = read_only
        self.writes = writes
        self.tokens: JoinTokens | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-body", id="join-body"):
            yield Label("Join this swarm", classes="dialog-title")
            yield Static(
                "Reading the join tokens…", id="join-where", classes="dialog-prompt", markup=False
            )
            for role in ROLES:
                yield Static(
                    f"To add a {role} to this swarm, run the following command:", markup=False
                )
                yield Static("", id=f"join-{role}", classes="join-command", markup=False)
            yield Label("", id="join-error", classes="dialog-error", markup=False)
            yield Static(self._keys(), classes="dialog-keys", markup=False)

    def _keys(self) -> str:
        if self.read_only:
            return READ_ONLY_TOKENS + "\nesc: close"
        keys = "t: show/hide tokens   w / m: copy the worker / manager command"
        return keys + "\nW / M: rotate the worker / manager token   esc: close"

    def on_mount(self) -> None:
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Revealing and copying stay bound in read-only mode, so `t`, `w` and `m` say why
        # they are refused instead of falling through to another binding.
        return not (self.read_only and action in _ROTATES)

    # Reading ------------------------------------------------------------------------------

    @work(exclusive=True, group="join-tokens", exit_on_error=False)
    async def load(self) -> None:
        try:
            self.tokens = await asyncio.to_thread(_read, self.api_factory)
        except Exception as error:  # noqa: BLE001 - a SwarmError is a sentence; a bug is named
            said = (
                str(error) if isinstance(error, SwarmError) else f"{type(error).__name__}: {error}"
            )
            self.query_one("#join-error", Label).update(
                literal(f"Could not read the join tokens: {said}")
            )
            return
        self.query_one("#join-error", Label).update("")
        self.query_one("#join-where", Static).update(
            literal(f"Swarm {self.tokens.swarm_id[:12]}, manager at {self.tokens.address}.")
        )
        self.watch_revealed(self.revealed)

    def watch_revealed(self, revealed: bool) -> None:
        if self.tokens is None or not self.is_mounted:
            return
        for role in ROLES:
            self.query_one(f"#join-{role}", Static).update(
                literal(
                    "    " + self.tokens.command(role, revealed=revealed and not self.read_only)
                )
            )

    def action_toggle_reveal(self) -> None:
        if self.read_only:  # left out of the keys shown; refused, with the reason
            self.notify(READ_ONLY_TOKENS, severity="warning")
            return
        self.revealed = not self.revealed

    # Copying and rotating -----------------------------------------------------------------

    def action_copy(self, role: str) -> None:
        if self.read_only:
            self.notify(READ_ONLY_TOKENS, severity="warning")
            return
        if self.tokens is None:
            self.notify("The join tokens are not read yet.", severity="warning")
            return
        self.app.copy_to_clipboard(self.tokens.command(role, revealed=True))
        self.notify(
            f"Copied the {role} join command, token included (your terminal must "
            "allow OSC 52 clipboard writes).",
            timeout=4,
            markup=False,
        )

    @work(group="join-rotate", exit_on_error=False)
    async def action_rotate(self, role: str) -> None:
        # In read-only mode the write runner refuses and audits without asking anything first.
        if not self.read_only and not await self.app.push_screen_wait(
            ConfirmDialog(
                f"Rotate the {role} join token?",
                f"The current {role} token stops admitting nodes at once; nodes already in "
                f"the swarm are not affected. A {role} joining later needs the new command.",
                "Rotate",
            )
        ):
            return
        outcome = await self.writes.run(
            Write(
                "rotate-join-token",
                "swarm",
                {"role": role},
                lambda writer: writer.rotate_join_token(role),
            ),
            f"Rotated the {role} join token.",
        )
        if outcome.ok:
            self.load()
