"""The `y` screen: one object's inspect as highlighted YAML (`j` JSON), searchable (`/`, `n`,
`N`) and scrollable. Secret-looking values (docker/secrets.py decides: environment, labels,
driver options, arguments, healthchecks) and data stay masked until `r`, and never show in
read-only mode (the flag comes from the app's settings).

The inspect is read on a thread worker with a client of its own, when the screen opens and
again on `ctrl+r`: it is a picture of one moment, so the status line says when it was taken
(the dashboard behind it goes on changing).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from ...docker.errors import SwarmError
from ...docker.inspect import inspect
from ...docker.protocol import Json, SwarmApi
from ...render.inspect import document, highlighted, search
from ...render.text import line
from ..commands import bindings
from ..panes.key_hints import KeyHints
from ..screen_commands import INSPECT_COMMANDS

READ_ONLY_SECRETS = "Read-only mode: secret-looking values stay masked."


class InspectScreen(Screen[None]):
    OWN_COMMANDS = INSPECT_COMMANDS
    BINDINGS = bindings(INSPECT_COMMANDS)

    def __init__(
        self,
        api_factory: Callable[[], SwarmApi],
        kind: str,
        key: str,
        name: str,
        read_only: bool,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__()
        self.api_factory = api_factory
        self.clock = clock
        self.kind, self.key, self.object_name = kind, key, name
        self.read_only = read_only
        self.data: Json | None = None
        self.as_json = False
        self.revealed = False
        self.needle = ""
        self.matches: list[int] = []
        self.match = -1
        self.text = ""
        self.read_at: datetime | None = None

    def compose(self) -> ComposeResult:
        title = line(f"Inspect {self.kind} {self.object_name}")
        yield Label(title, id="inspect-title", classes="pane-title")
        yield Label("Reading…", id="inspect-status", markup=False)
        with VerticalScroll(id="inspect-body"):
            yield Static("", id="inspect", markup=False)
        yield Input(placeholder="search", id="inspect-search")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one("#inspect-search", Input).display = False
        self.query_one("#inspect-body").focus()
        self.read()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "reveal" and self.read_only)  # hidden, and refused below

    @work(thread=True, exclusive=True, exit_on_error=False)
    def read(self) -> None:
        api = self.api_factory()  # a client of its own: the poller's stays on its thread
        try:
            data = inspect(api, self.kind, self.key)
        except SwarmError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        except Exception as error:  # noqa: BLE001 - a bug here must not end the dashboard
            self.app.call_from_thread(self._failed, f"{type(error).__name__}: {error}")
            return
        finally:
            api.close()
        self.app.call_from_thread(self._read, data)

    def _failed(self, error: str) -> None:
        self.query_one("#inspect-status", Label).update(line(f"Could not inspect: {error}"))

    def _read(self, data: Json) -> None:
        self.data = data
        self.read_at = self.clock()
        self.redraw()

    def action_reread(self) -> None:
        self.query_one("#inspect-status", Label).update(line("Reading again…"))
        self.read()

    def redraw(self) -> None:
        if self.data is None:
            return
        self.text = document(self.data, self.as_json, self.revealed and not self.read_only)
        self.query_one("#inspect", Static).update(highlighted(self.text, self.as_json))
        self.matches = search(self.text, self.needle)
        self.query_one("#inspect-status", Label).update(self._status())

    def _status(self) -> Text:
        parts = ["JSON" if self.as_json else "YAML"]
        if self.read_only:
            parts.append(READ_ONLY_SECRETS)
        else:
            parts.append("secrets shown (r hides)" if self.revealed else "secrets masked (r)")
        if self.read_at is not None:
            parts.append(f"read at {self.read_at:%H:%M:%S} (ctrl+r again)")
        if self.needle:
            found = f"{self.match + 1}/{len(self.matches)}" if self.matches else "no match"
            parts.append(f"/{self.needle}: {found}")
        return line(" · ".join(parts))

    def action_toggle_json(self) -> None:
        self.as_json = not self.as_json
        self.redraw()

    def action_reveal(self) -> None:
        if self.read_only:
            self.notify(READ_ONLY_SECRETS, severity="warning")
            return
        self.revealed = not self.revealed
        self.redraw()

    def action_search(self) -> None:
        bar = self.query_one("#inspect-search", Input)
        bar.display = True
        bar.value = self.needle
        bar.focus()

    @on(Input.Submitted, "#inspect-search")
    def _searched(self, event: Input.Submitted) -> None:
        event.stop()
        event.input.display = False
        self.needle = event.value
        self.match = -1
        self.redraw()
        self.query_one("#inspect-body").focus()
        self.action_next(1)

    def action_next(self, step: int) -> None:
        if not self.matches:
            self.query_one("#inspect-status", Label).update(self._status())
            return
        self.match = (self.match + step) % len(self.matches)
        self.query_one("#inspect-body", VerticalScroll).scroll_to(
            y=self.matches[self.match], animate=False
        )
        self.query_one("#inspect-status", Label).update(self._status())

    def action_leave(self) -> None:
        bar = self.query_one("#inspect-search", Input)
        if bar.display:
            bar.display = False
            return
        self.dismiss()
