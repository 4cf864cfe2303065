"""Moving around the main screen: views, the tasks pane, history, the name filter, opened
stacks, and jumps from the command palette. Nothing here changes the cluster."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace

from textual import on
from textual.css.query import DOMQuery
from textual.reactive import reactive
from textual.screen import Screen

from ....docker.models import Snapshot
from ....render.filters import Filters, regex_problem
from ....render.selection import Kind, Selection
from ....render.text import visible
from ....render.view import ClusterView
from ... import registry
from ...panes.filter_bar import FilterBar
from ...panes.header import ClusterHeader
from ...panes.keyed_table import KeyedTable
from ...panes.table_pane import TablePane
from ...panes.tasks import TasksPane

SELECT_NEW_WITHIN_S = 10.0


class Navigation(Screen[None]):
    """The main screen's navigation; MainScreen adds the data and the actions."""

    view: reactive[str] = reactive("services")
    """The cluster view on top; on narrow terminals the only one shown."""
    show_history: reactive[bool] = reactive(True)
    """Whether the tasks pane lists finished tasks too, as `docker service ps` does."""
    filters: Filters
    selection: Selection | None
    snapshot: Snapshot | None

    _task_chosen: str | None = None
    """The palette's task for a task command run from another pane (run_on_task)."""
    _selection_behind = False
    """The cursor moved and the tasks and detail for it are not drawn yet (settle_selection)."""

    def headers(self) -> DOMQuery[ClusterHeader]:
        """The header, a child of the screen (none while the screen is taken down): found
        among the children, not by walking every widget, as polls and moves ask for it."""
        return self.query_children(ClusterHeader)

    def redraw(self) -> None:
        raise NotImplementedError

    def action_run(self, command_id: str) -> None:
        raise NotImplementedError

    def redraw_selection(self) -> None:
        raise NotImplementedError

    def redraw_detail(self, view: ClusterView | None = None) -> None:
        raise NotImplementedError

    def cluster_view(self) -> ClusterView | None:
        raise NotImplementedError

    def settle_selection(self) -> None:
        raise NotImplementedError

    def select(self, selection: Selection) -> None:
        raise NotImplementedError

    @property
    def views(self) -> tuple[str, ...]:
        return tuple(pane.PANE for pane in registry.CLUSTER_PANES)

    def cluster_panes(self) -> list[TablePane]:
        """The cluster views' panes (not the tasks pane), in layout order."""
        return list(self.query_one("#views").query_children(TablePane))

    @property
    def watched(self) -> tuple[str | None, str | None]:
        """(service id, node id) whose tasks are on screen, for the poller to keep fresh."""
        if self.selection is None or self.selection.kind == Kind.STACK:
            return None, None  # a stack's services' tasks come with every full read
        kind, key, node = self.selection
        return (key, node) if kind == Kind.SERVICE else (None, key)

    @property
    def focused_task(self) -> str | None:
        """The task under the cursor while the operator is in the tasks pane."""
        self.settle_selection()
        return self._task_chosen or self.query_one(TasksPane).focused_task

    def run_on_task(self, command_id: str) -> None:
        """A task command chosen in the palette away from the tasks pane: it acts on the task
        under the tasks pane's cursor, with that pane focused; said when it lists none."""
        self.settle_selection()
        chosen = self._table("tasks").selected_key
        if chosen is None:
            self.notify("Move to a task first (4 for the tasks pane).", severity="warning")
            return
        self.action_focus_tasks()
        self._task_chosen = chosen
        try:
            self.action_run(command_id)  # its context is made now, with the chosen task
        finally:
            self._task_chosen = None

    def _table(self, name: str) -> KeyedTable:
        return self.query_one(f"#{name}", KeyedTable)

    def action_show_view(self, view: str) -> None:
        self.view = view
        self._table(view).focus()

    def action_focus_tasks(self) -> None:
        self.settle_selection()
        self.add_class("-tasks-focus")  # a narrow rollout hides the tasks until asked for
        self._table("tasks").focus()

    def action_toggle_history(self) -> None:
        self.show_history = not self.show_history
        self.redraw_selection()
        state = "shown" if self.show_history else "hidden"
        self.notify(f"Task history {state}.", timeout=2, markup=False)

    # The name filter ----------------------------------------------------------------------

    def action_filter(self) -> None:
        if self._in_tasks():
            self.query_one(FilterBar).open(self.filters.tasks, target="tasks")
        else:
            self.query_one(FilterBar).open(self.filters.name)

    def _in_tasks(self) -> bool:
        focused = self.focused
        return focused is not None and focused.id == "tasks"

    @on(FilterBar.Edited)
    def _filter_edited(self, message: FilterBar.Edited) -> None:
        problem = regex_problem(message.value)
        if problem:
            self.notify(visible(problem), severity="warning", timeout=3, markup=False)
        self._set_filters(replace(self.filters, **{message.target: message.value}))

    @on(FilterBar.Closed)
    def _filter_closed(self) -> None:
        tasks = self.query_one(FilterBar).target == "tasks"
        self._table("tasks" if tasks else self.view).focus()

    def action_clear_filter(self) -> None:
        bar = self.query_one(FilterBar)
        tasks_bar = bar.display and bar.target == "tasks"
        if tasks_bar or (self._in_tasks() and self.filters.tasks):
            bar.close(clear=True)
            self._set_filters(replace(self.filters, tasks=""))
            self._table("tasks").focus()
            return
        if not self.filters.name and self.filters.stack:
            self.action_leave_stack()  # escape steps back out of an opened stack
            return
        self.query_one(FilterBar).close(clear=True)
        self._set_filters(replace(self.filters, name=""))
        self._table(self.view).focus()

    def _set_filters(self, filters: Filters) -> None:
        if filters == self.filters:
            return
        self.filters = filters
        shown = [filters.name] if filters.name else []
        shown += [f"tasks: {filters.tasks}"] if filters.tasks else []
        self.query_one("#header", ClusterHeader).name_filter = ", ".join(shown)
        self.redraw()

    # Stacks -------------------------------------------------------------------------------

    def opened_stack(self) -> str:
        return self.filters.stack

    def show_stack(self, name: str) -> None:
        """List only this stack's services (and placement rows); empty: all again."""
        self._set_filters(replace(self.filters, stack=name))

    def action_open_stack(self) -> None:
        """List only the highlighted stack's services, in the services pane."""
        if self.selection is None or self.selection.kind != Kind.STACK:
            self.notify("Highlight a stack first (5 for stacks).", severity="warning")
            return
        self.show_stack(self.selection.key)
        self.action_show_view("services")

    def action_leave_stack(self) -> None:
        """List every service again, and go back to the stack that was open."""
        opened = self.filters.stack
        self.show_stack("")
        self.action_show_view("stacks")
        table = self._table("stacks")
        if opened and opened in table.rows:
            table.move_cursor(row=table.get_row_index(opened))

    # Jumps from the palette and after a create or deploy -------------------------------

    def jump_to(self, kind: Kind, object_id: str) -> None:
        """Show a service or node: switch view, put the cursor on it."""
        if self.filters.name:
            self.action_clear_filter()
        if self.filters.stack:
            self.show_stack("")
        view = "services" if kind == Kind.SERVICE else "nodes"
        self.action_show_view(view)
        table = self._table(view)
        if object_id not in table.rows:
            self.notify(
                f"That {kind} is no longer in the cluster.", severity="warning", markup=False
            )
            return
        table.move_cursor(row=table.get_row_index(object_id))
        self.select(Selection(kind, object_id))

    def jump_to_stack(self, name: str) -> None:
        """Show a stack: the stacks pane, its row highlighted."""
        if self.filters.name:
            self.action_clear_filter()
        self.show_stack("")
        self.action_show_view("stacks")
        table = self._table("stacks")
        if name not in table.rows:
            self.notify(
                visible(f"Stack {name} is no longer in the cluster."),
                severity="warning",
                markup=False,
            )
            return
        table.move_cursor(row=table.get_row_index(name))
        self.select(Selection.stack(name))

    async def select_when_listed(self, name: str) -> None:
        """Put the cursor on a just-created service once a poll has brought it in; give up
        quietly after a while, since the service exists either way."""
        deadline = time.monotonic() + SELECT_NEW_WITHIN_S
        # The app may be closing meanwhile (quit after a deploy): nothing is left to select.
        while time.monotonic() < deadline and self.is_mounted:
            services = self.snapshot.services if self.snapshot else ()
            found = next((s for s in services if s.name == name), None)
            if found is not None:
                self.jump_to(Kind.SERVICE, found.id)
                return
            await asyncio.sleep(0.2)
