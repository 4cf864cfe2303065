"""Before the dashboard: offer to make a daemon that is in no swarm the first manager of one.

The CLI runs `SwarmSetupApp` (through swarmtui.launch) when the daemon's swarm state is
"inactive" and swarmtui may write. It asks for the advertise address, as `docker swarm init`
would take it, and returns True once a swarm exists; the dashboard then starts on it. The
daemon's refusal is shown in full and the operator can correct the address and try again.
The swarm is initialized through the WriteRunner the CLI gives it, audited as every write is.
"""

from __future__ import annotations

import asyncio
import contextlib

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from ..core.locations import styles_dir
from ..core.writes import WriteRunner, swarm_init
from ..docker.connection import Endpoint
from ..docker.errors import DaemonError
from ..docker.swarm_setup import LISTEN_ADDR, default_advertise_address
from ..render.text import literal, visible

ADDRESS_HELP = (
    "Advertise address: where other nodes reach this manager, an IP address or an interface "
    "name, with an optional :port. Leave it empty to let the daemon pick one, as "
    "`docker swarm init` does; it refuses when this machine has several to choose from."
)


class SetupScreen(Screen[None]):
    BINDINGS = [Binding("escape", "give_up", "Quit")]

    def __init__(self, runner: WriteRunner, endpoint: Endpoint, reason: str) -> None:
        super().__init__(classes="dialog")
        self.runner = runner
        self.endpoint = endpoint
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-body", id="setup-body"):
            yield Label("Initialize a swarm?", classes="dialog-title")
            yield Static(self.reason, classes="dialog-prompt", markup=False)
            yield Static(
                "swarmtui can make this daemon the first manager of a new swarm, as "
                f"`docker swarm init` does. It listens for other nodes on {LISTEN_ADDR}.",
                classes="dialog-prompt",
                markup=False,
            )
            yield Static(ADDRESS_HELP, classes="dialog-prompt", markup=False)
            yield Input(
                default_advertise_address(self.endpoint.base_url),
                placeholder="empty: the daemon picks one",
                id="advertise-addr",
            )
            yield Label("", id="setup-error", classes="dialog-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Initialize (enter)", variant="primary", id="initialize")
                yield Button("Quit (esc)", id="give-up")

    def on_mount(self) -> None:
        self.address_input.focus()

    @property
    def address_input(self) -> Input:
        return self.query_one("#advertise-addr", Input)

    @property
    def error_label(self) -> Label:
        return self.query_one("#setup-error", Label)

    @on(Input.Submitted, "#advertise-addr")
    @on(Button.Pressed, "#initialize")
    def _submitted(self) -> None:
        self.initialize(self.address_input.value)

    @on(Button.Pressed, "#give-up")
    def action_give_up(self) -> None:
        self.app.exit(False)

    @work(exclusive=True, group="swarm-init", exit_on_error=False)
    async def initialize(self, address: str) -> None:
        self._set_busy(True)
        write = swarm_init(self.endpoint.display, address)
        try:
            outcome = await asyncio.to_thread(self.runner.run, write)
        except Exception as error:  # noqa: BLE001 - the form must not stay frozen, unexplained
            self._set_busy(False)
            self.error_label.update(literal(f"Could not initialize a swarm: {error!r}"))
            self.address_input.focus()
            return
        if outcome.audit_problem:
            self.notify(
                visible(outcome.audit_problem), severity="warning", timeout=15, markup=False
            )
        if not outcome.ok:
            self._set_busy(False)
            daemon = isinstance(outcome.error, DaemonError)
            self.error_label.update(
                literal(f"The daemon refused: {outcome.message}" if daemon else outcome.message)
            )
            self.address_input.focus()
            return
        self.app.exit(True)

    def _set_busy(self, busy: bool) -> None:
        """One initialization at a time: the form is frozen while the daemon works."""
        self.address_input.disabled = busy
        self.query_one("#initialize", Button).disabled = busy
        if busy:
            self.error_label.update("")
            self.notify("Initializing a swarm…", timeout=3)


class SwarmSetupApp(App[bool]):
    """Runs before the dashboard; `run()` returns True once the daemon manages a swarm."""

    TITLE = "swarmtui"
    CSS_PATH = [styles_dir() / "swarmtui.tcss"]

    def __init__(
        self, runner: WriteRunner, endpoint: Endpoint, reason: str, theme: str = "textual-dark"
    ) -> None:
        super().__init__()
        self.runner = runner
        self.endpoint = endpoint
        self.reason = reason
        self.theme_name = theme

    def get_default_screen(self) -> Screen[None]:
        return SetupScreen(self.runner, self.endpoint, self.reason)

    def on_mount(self) -> None:
        # An unknown theme name falls back to the default.
        with contextlib.suppress(Exception):
            self.theme = self.theme_name
