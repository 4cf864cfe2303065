"""The main screen: header, the cluster views, the tasks pane, the rollout panel and detail.

It owns what the operator is looking at (selection, filters, the view on top) and hands each
pane a ClusterView; the panes draw themselves and report their cursor as `Selected`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Horizontal
from textual.events import Resize
from textual.screen import Screen

from ....docker.models import Snapshot
from ....render.detail import detail_text
from ....render.filters import Filters
from ....render.palette import Palette
from ....render.rollout import shown_rollout
from ....render.selection import Selection
from ....render.view import ClusterView, TaskFactsCache
from ... import registry
from ...actions.context import ActionContext
from ...actions.runner import ActionRunner, offered
from ...messages import Selected, StackChosen, TaskHighlighted
from ...panes.detail import DetailPane
from ...panes.filter_bar import FilterBar
from ...panes.header import ClusterHeader
from ...panes.key_hints import KeyHints
from ...panes.keyed_table import KeyedTable
from ...panes.rollout import RolloutPane
from ...panes.table_pane import TablePane
from ...panes.tasks import TasksPane
from ...theme import palette_from_theme
from .attention import Attention
from .following import Following
from .image_news import ImageNewsView
from .moving import Moving
from .sources import Sources
from .troubleshoot import Troubleshooting

WIDE_AT = 150


class MainScreen(Attention, Moving, Troubleshooting, ImageNewsView, Following, Screen[None]):
    BINDINGS = registry.bindings()

    def __init__(
        self,
        endpoint: str,
        read_only: bool,
        clock: Callable[[], datetime],
        context: Callable[[MainScreen], ActionContext],
        sources: Sources,
        services_sort: str = "attention",
    ) -> None:
        super().__init__()
        self.sources = sources
        self.services_sort = services_sort
        self.endpoint = endpoint
        self.read_only = read_only
        self.clock = clock
        self.selection: Selection | None = None
        """Whose tasks, detail and actions are on screen."""
        self.filters = Filters()
        self.palette = Palette()
        self.snapshot: Snapshot | None = None
        self.now = clock()
        self._facts = TaskFactsCache()
        self._make_context = context
        self._actions: ActionRunner | None = None
        self._in_slot: dict[str, str] = {}
        """The pane each wide-layout slot shows: the first of its panes, then the last asked."""

    def compose(self) -> ComposeResult:
        yield self.make_header()
        with Container(id="views"):
            for pane in registry.CLUSTER_PANES:
                yield pane()
        with Horizontal(id="task-area"):
            yield TasksPane(self.sources.task_stats)
            yield RolloutPane()
            yield DetailPane()
        yield FilterBar()
        yield KeyHints()

    def on_mount(self) -> None:
        for pane in registry.CLUSTER_PANES:
            self._in_slot.setdefault(pane.SLOT, pane.PANE)
        self._apply_layout(self.size.width)
        self.query_one("#services", KeyedTable).focus()
        self.app.theme_changed_signal.subscribe(self, lambda _: self._theme_changed())
        self._theme_changed()

    def _theme_changed(self) -> None:
        self.palette = palette_from_theme(self.app.theme_variables)
        self.header.palette = self.palette
        self.redraw()

    # Layout -------------------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self._apply_layout(event.size.width)

    def _apply_layout(self, width: int) -> None:
        wide = width >= WIDE_AT
        self.set_class(wide, "-wide")
        self.set_class(not wide, "-narrow")
        self.watch_view(self.view)

    def watch_view(self, view: str) -> None:
        panes = {pane.PANE: pane for pane in self.cluster_panes()}
        if view in panes:  # wide: each slot shows the pane last asked for
            self._in_slot[panes[view].SLOT] = view
        for name, pane in panes.items():
            pane.set_class(name == view, "-active")
            pane.set_class(self._in_slot.get(pane.SLOT, name) == name, "-shown")

    # Data in ------------------------------------------------------------------------------

    @property
    def header(self) -> ClusterHeader:
        return self.query_one("#header", ClusterHeader)

    def show_snapshot(self, snapshot: Snapshot, now: datetime) -> None:
        self.snapshot, self.now = snapshot, now
        self.redraw()

    def show_live(self, paused: bool, interval: float | None = None) -> None:
        for header in self.headers():
            header.connected(paused=paused, interval=interval)
        self.remove_class("-stale")

    def show_disconnected(self, error: str, retry_at: datetime) -> None:
        for header in self.headers():
            header.disconnected(error, retry_at)
        self.add_class("-stale")

    def show_events(self, lost: str) -> None:
        """Whether the event stream flows (empty) or why it does not."""
        for header in self.headers():
            header.events_lost = lost

    def show_paused(self, paused: bool) -> None:
        for header in self.headers():
            header.connection = "paused" if paused else "live"

    def cluster_view(self) -> ClusterView | None:
        if self.snapshot is None:
            return None
        facts = self._facts.facts(self.snapshot.tasks, self.now)
        view = ClusterView(self.snapshot, facts, self.palette, self.filters, self.now)
        return self.with_vitals(view, read_only=self.read_only, services_sort=self.services_sort)

    def redraw(self) -> None:
        view = self.cluster_view()
        if view is None:
            return
        self.show_header(view)
        for pane in self.query(TablePane):
            if pane.id != "tasks-pane":
                pane.show(view)
        self.choose_first()
        self.redraw_selection(view)

    def redraw_selection(self, view: ClusterView | None = None) -> None:
        self._selection_behind = False
        view = view or self.cluster_view()
        if view is None:
            self.query_one(DetailPane).show_waiting()
            return
        self.query_one(TasksPane).show_tasks(view, self.selection, self.show_history)
        rollout = shown_rollout(view.snapshot, self.selection, view.now)
        self.set_class(rollout is not None, "-rollout")
        if rollout is not None:
            self.query_one(RolloutPane).show(rollout, view)
        self.redraw_detail(view)

    def redraw_detail(self, view: ClusterView | None = None) -> None:
        view = view or self.cluster_view()
        pane = self.query_one(DetailPane)
        if view is None:
            pane.show_waiting()
            return
        focused = self.query_one(TasksPane).focused_task
        text = detail_text(self.with_last_words(view, focused), self.selection, focused)
        pane.show(self.with_recent(text, focused))

    # Selection ----------------------------------------------------------------------------

    def _source_view(self) -> str:
        focused = self.focused
        if focused is not None and focused.id in self.views:
            return focused.id
        return self.view

    @on(Selected)
    def _selected(self, message: Selected) -> None:
        if message.origin == self._source_view():
            self.select(message.selection)

    @on(TaskHighlighted)
    def _task_highlighted(self) -> None:
        self.redraw_detail()

    @on(StackChosen)
    def _stack_chosen(self, message: StackChosen) -> None:
        self.select(Selection.stack(message.name))
        self.action_open_stack()

    def on_descendant_focus(self) -> None:
        self.settle_selection()
        focused = self.focused
        if focused is None:
            return
        self.set_class(focused.id == "tasks", "-tasks-focus")
        if focused.id in self.views and focused.id != self.view:
            self.view = focused.id
        pane = focused.parent if isinstance(focused, KeyedTable) else None
        if isinstance(pane, TablePane) and pane.SELECTS is not None:
            key = focused.selected_key if isinstance(focused, KeyedTable) else None
            if key is not None:
                self.select(Selection(pane.SELECTS, key))
        self.redraw_detail()

    # Actions that change the cluster ------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide writes in read-only mode, and service or node actions for the other kind."""
        if action != "run" or not parameters:
            return True
        kind = self.selection.kind if self.selection else None
        in_tasks = self.focused is not None and self.focused.id == "tasks"
        return offered(registry.BY_ID.get(str(parameters[0])), kind, self.read_only, in_tasks)

    def action_run(self, command_id: str) -> None:
        self.settle_selection()
        if self._actions is None:
            self._actions = ActionRunner(self.app, lambda: self._make_context(self))
        self._actions.start(registry.BY_ID[command_id])
