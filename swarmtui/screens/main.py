"""The main screen: header, the three cluster views, the tasks pane and its detail area."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Static

from .. import commands
from ..docker.models import Snapshot
from ..rows import NODE_COLUMNS, SERVICE_COLUMNS, TASK_COLUMNS
from ..stack_rows import STACK_COLUMNS
from ..widgets.cluster_header import ClusterHeader
from ..widgets.keyed_table import KeyedTable
from .actions import ClusterActions
from .render import SnapshotRenderer
from .stacks import StackActions

VIEWS = ("services", "nodes", "placement", "stacks")
WIDE_AT = 150


class MainScreen(StackActions, ClusterActions, Screen[None]):
    BINDINGS = commands.bindings()

    view: reactive[str] = reactive("services")
    """The cluster view on top; on narrow terminals the only one shown."""
    show_history: reactive[bool] = reactive(True)
    """Whether the tasks pane lists finished tasks too, as `docker service ps` does."""
    name_filter: reactive[str] = reactive("")
    """Only services and nodes whose name contains this are listed."""

    def __init__(self, endpoint: str, read_only: bool, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.endpoint = endpoint
        self.read_only = read_only
        self.clock = clock
        self.selection: tuple[str, str, str | None] | None = None
        """("service", id, node id or None) or ("node", id, None): whose tasks are shown."""
        self.renderer = SnapshotRenderer(self)

    def compose(self) -> ComposeResult:
        header = ClusterHeader(self.endpoint, self.clock, id="header")
        header.read_only = self.read_only
        yield header
        with Container(id="views"):
            with Vertical(id="services-pane", classes="pane"):
                yield Label("Services", classes="pane-title", id="services-title")
                yield KeyedTable(SERVICE_COLUMNS, id="services")
            with Vertical(id="nodes-pane", classes="pane"):
                yield Label("Nodes", classes="pane-title", id="nodes-title")
                yield KeyedTable(NODE_COLUMNS, id="nodes")
            # Before placement: on wide terminals it takes the nodes' grid slot (key 5).
            with Vertical(id="stacks-pane", classes="pane"):
                yield Label("Stacks", classes="pane-title", id="stacks-title")
                yield KeyedTable(STACK_COLUMNS, id="stacks")
            with Vertical(id="placement-pane", classes="pane"):
                yield Label("Placement", classes="pane-title", id="placement-title")
                yield KeyedTable((), id="placement")
        with Horizontal(id="task-area"):
            with Vertical(id="tasks-pane", classes="pane"):
                yield Label("Tasks", classes="pane-title", id="tasks-title")
                yield KeyedTable(TASK_COLUMNS, id="tasks")
            with VerticalScroll(id="rollout-pane", classes="pane"):
                yield Label("Rollout", classes="pane-title", id="rollout-title")
                yield Static("", id="rollout")
            with VerticalScroll(id="detail-pane", classes="pane"):
                yield Static("", id="detail")
        yield Input(placeholder="filter services and nodes by name", id="filter")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#placement", KeyedTable).cursor_type = "cell"
        self.query_one("#filter", Input).display = False
        self._apply_layout(self.size.width)
        self.query_one("#services", KeyedTable).focus()
        self.app.apply_palette()  # type: ignore[attr-defined]

    # Layout -------------------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self._apply_layout(event.size.width)

    def _apply_layout(self, width: int) -> None:
        wide = width >= WIDE_AT
        self.set_class(wide, "-wide")
        self.set_class(not wide, "-narrow")
        self.watch_view(self.view)

    def watch_view(self, view: str) -> None:
        for name in VIEWS:
            self.query_one(f"#{name}-pane").set_class(name == view, "-active")
        if view in ("nodes", "stacks"):  # wide: stacks and nodes share a slot, last asked wins
            self.set_class(view == "stacks", "-stacks-slot")

    # Data ---------------------------------------------------------------------------------

    @property
    def header(self) -> ClusterHeader:
        return self.query_one("#header", ClusterHeader)

    def show_snapshot(self, snapshot: Snapshot, now: datetime) -> None:
        self.renderer.render(snapshot, now)

    @property
    def watched(self) -> tuple[str | None, str | None]:
        """(service id, node id) whose tasks are on screen, for the poller to keep fresh."""
        if self.selection is None:
            return None, None
        kind, key, node = self.selection
        if kind == "stack":
            return None, None  # its services' tasks come with every full read
        return (key, node) if kind == "service" else (None, key)

    # Selection ----------------------------------------------------------------------------

    def _source_table(self) -> str:
        focused = self.focused
        if focused is not None and focused.id in VIEWS:
            return focused.id  # type: ignore[return-value]
        return self.view

    @on(DataTable.RowHighlighted, "#services, #nodes")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        table_id = event.data_table.id
        if table_id != self._source_table() or event.row_key.value is None:
            return
        kind = "service" if table_id == "services" else "node"
        self._select((kind, event.row_key.value, None))

    @on(DataTable.CellHighlighted, "#placement")
    def _cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        if self._source_table() != "placement" or event.cell_key.row_key.value is None:
            return
        column = event.cell_key.column_key.value
        node = None if column in (None, "service") else column
        self._select(("service", event.cell_key.row_key.value, node))

    @on(DataTable.RowHighlighted, "#tasks")
    def _task_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.focused is event.data_table:
            self.renderer.render_detail()

    def on_descendant_focus(self) -> None:
        focused = self.focused
        if focused is None:
            return
        self.set_class(focused.id == "tasks", "-tasks-focus")
        if focused.id in VIEWS and focused.id != self.view:
            self.view = focused.id  # type: ignore[assignment]
        if isinstance(focused, KeyedTable) and focused.id in VIEWS:
            key = focused.selected_key
            if key is not None:
                kind = {"nodes": "node", "stacks": "stack"}.get(focused.id, "service")
                self._select((kind, key, None))
        self.renderer.render_detail()

    def _select(self, selection: tuple[str, str, str | None]) -> None:
        if selection == self.selection:
            return
        kind_changed = self.selection is None or self.selection[0] != selection[0]
        self.selection = selection
        if kind_changed:
            self.refresh_bindings()  # service and node actions trade places in the footer
        self.renderer.render_tasks()
        self.renderer.render_rollout()
        self.renderer.render_detail()

    # Actions ------------------------------------------------------------------------------

    def action_show_view(self, view: str) -> None:
        self.view = view
        self.query_one(f"#{view}", KeyedTable).focus()

    def action_focus_tasks(self) -> None:
        self.add_class("-tasks-focus")  # a narrow rollout hides the tasks until asked for
        self.query_one("#tasks", KeyedTable).focus()

    def action_toggle_history(self) -> None:
        self.show_history = not self.show_history
        self.renderer.render_tasks()
        state = "shown" if self.show_history else "hidden"
        self.notify(f"Task history {state}.", timeout=2)

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.display = True
        field.value = self.name_filter
        field.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.name_filter = event.value.strip()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one("#filter", Input).display = False
        self.query_one(f"#{self.view}", KeyedTable).focus()

    def action_clear_filter(self) -> None:
        if not self.name_filter and self.stack_filter:
            self.action_leave_stack()  # escape steps back out of an opened stack
            return
        field = self.query_one("#filter", Input)
        field.value = ""
        field.display = False
        self.name_filter = ""
        self.query_one(f"#{self.view}", KeyedTable).focus()

    def watch_name_filter(self, value: str) -> None:
        self.query_one("#header", ClusterHeader).name_filter = value
        self.renderer.render()

    def action_refresh_now(self) -> None:
        self.app.refresh_now()  # type: ignore[attr-defined]

    def action_toggle_pause(self) -> None:
        self.app.toggle_pause()  # type: ignore[attr-defined]

    def jump_to(self, kind: str, object_id: str) -> None:
        """Show a service or node from the palette: switch view, put the cursor on it."""
        if self.name_filter:
            self.action_clear_filter()
        if self.stack_filter:
            self._show_stack("")
        view = "services" if kind == "service" else "nodes"
        self.action_show_view(view)
        table = self.query_one(f"#{view}", KeyedTable)
        try:
            table.move_cursor(row=table.get_row_index(object_id))
        except Exception:  # noqa: BLE001 - the object may be gone since the palette listed it
            self.notify(f"That {kind} is no longer in the cluster.", severity="warning")
            return
        self._select((kind, object_id, None))
