"""The `E` screen: the swarm's service, node, network, secret and config events, newest
first, from the last hour (as far as the daemon still holds) and live from then on.

It reads the history the event follower fills (no stream of its own) and looks for news
twice a second, redrawing only when something arrived. `/` filters by any text (`re:` for a
regular expression), enter jumps
to the event's service or node on the main screen (or its network, secret or config view).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label

from ...docker.events import EventHistory
from ...render.events import EVENT_COLUMNS, event_rows, history_note
from ...render.filters import regex_problem
from ...render.palette import Palette
from ..commands import bindings
from ..panes.key_hints import KeyHints
from ..panes.keyed_table import KeyedTable
from ..screen_commands import EVENTS_COMMANDS

CHECK_EVERY_S = 0.5


class EventsScreen(Screen[None]):
    OWN_COMMANDS = EVENTS_COMMANDS
    BINDINGS = bindings(EVENTS_COMMANDS)

    def __init__(
        self,
        history: EventHistory,
        palette: Palette,
        jump: Callable[[str, str], None],
    ) -> None:
        super().__init__()
        self.history = history
        self.palette = palette
        self.jump = jump
        self.text = ""
        self._drawn: tuple[int, str] | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="events-title", classes="pane-title", markup=False)
        yield Label("", id="events-note", markup=False)
        yield KeyedTable(EVENT_COLUMNS, id="events")
        yield Input(
            placeholder="filter events (any text; re: for a regular expression)", id="events-filter"
        )
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one("#events-filter", Input).display = False
        self.query_one(KeyedTable).focus()
        self.redraw()
        self.set_interval(CHECK_EVERY_S, self.redraw)

    def redraw(self) -> None:
        drawn = (self.history.version, self.text)
        if drawn == self._drawn:
            return
        self._drawn = drawn
        events = self.history.events()
        rows = event_rows(events, self.text, self.palette)
        self.query_one(KeyedTable).sync(rows)
        shown = f"{len(rows)}/{len(events)}" if self.text else str(len(events))
        where = f", filtered by {self.text!r}" if self.text else ""
        self.query_one("#events-title", Label).update(f"Events ({shown}){where}")
        problem = regex_problem(self.text)
        note = history_note(self.history)
        self.query_one("#events-note", Label).update(f"{problem} {note}" if problem else note)

    def action_filter(self) -> None:
        bar = self.query_one("#events-filter", Input)
        bar.display = True
        bar.value = self.text
        bar.focus()

    @on(Input.Changed, "#events-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.text = event.value.strip()
        self.redraw()

    @on(Input.Submitted, "#events-filter")
    def _filter_done(self) -> None:
        self.query_one("#events-filter", Input).display = False
        self.query_one(KeyedTable).focus()

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_jump()

    def action_jump(self) -> None:
        key = self.query_one(KeyedTable).selected_key
        if key is None:
            return
        kind, _, object_id = key.partition("|")[2].partition(":")
        self.dismiss()
        self.jump(kind, object_id)

    def action_leave(self) -> None:
        bar = self.query_one("#events-filter", Input)
        if bar.display:
            bar.display = False
            self.query_one(KeyedTable).focus()
            return
        self.dismiss()
