"""Before the dashboard: offer to make a daemon that is in no swarm the first manager of one.

The CLI runs `SwarmSetupApp` when the daemon's swarm state is "inactive" and swarmtui may
write. It asks for the advertise address, as `docker swarm init` would take it, and returns
True once a swarm exists; the dashboard then starts on it. The daemon's refusal is shown in
full and the operator can correct the address and try again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from ..core.audit import AuditLog, default_audit_path
from ..core.locations import styles_dir
from ..docker.api import SwarmApi
from ..docker.connection import Endpoint
from ..docker.errors import DaemonError, SwarmError, WriteRefused
from ..docker.swarm_setup import LISTEN_ADDR, default_advertise_address, init_swarm

ADDRESS_HELP = (
    "Advertise address: where other nodes reach this manager, an IP address or an interface "
    "name, with an optional :port. Leave it empty to let the daemon pick one, as "
    "`docker swarm init` does; it refuses when this machine has several to choose from."
)


def init_and_record(api_factory: Callable[[], SwarmApi], advertise_addr: str) -> str:
    """Initialize on a client of its own and audit the outcome, as every write is; returns
    the new swarm's ID or raises the SwarmError that stopped it."""
    api = api_factory()
    where = api.endpoint.display
    params = {"advertise_addr": advertise_addr.strip(), "listen_addr": LISTEN_ADDR}
    try:
        swarm_id = init_swarm(api, advertise_addr)
    except SwarmError as error:
        outcome = "refused" if isinstance(error, WriteRefused) else "failed"
        AuditLog(default_audit_path(), "", where).record(
            "swarm-init", where, params, outcome, str(error)
        )
        raise
    finally:
        api.close()
    AuditLog(default_audit_path(), swarm_id, where).record("swarm-init", where, params, "ok")
    return swarm_id


class SetupScreen(Screen[None]):
    BINDINGS = [Binding("escape", "give_up", "Quit")]

    def __init__(
        self, api_factory: Callable[[], SwarmApi], endpoint: Endpoint, reason: str
    ) -> None:
        super().__init__(classes="dialog")
        self.api_factory = api_factory
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

    @work(exclusive=True, group="swarm-init")
    async def initialize(self, address: str) -> None:
        self._set_busy(True)
        try:
            await asyncio.to_thread(init_and_record, self.api_factory, address)
        except SwarmError as error:
            self._set_busy(False)
            said = f"The daemon refused: {error}" if isinstance(error, DaemonError) else str(error)
            self.error_label.update(said)
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
        self,
        api_factory: Callable[[], SwarmApi],
        endpoint: Endpoint,
        reason: str,
        theme: str = "textual-dark",
    ) -> None:
        super().__init__()
        self.api_factory = api_factory
        self.endpoint = endpoint
        self.reason = reason
        self.theme_name = theme

    def get_default_screen(self) -> Screen[None]:
        return SetupScreen(self.api_factory, self.endpoint, self.reason)

    def on_mount(self) -> None:
        try:
            self.theme = self.theme_name
        except Exception:  # noqa: BLE001 - an unknown theme name falls back to the default
            pass
