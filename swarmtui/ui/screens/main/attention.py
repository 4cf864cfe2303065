"""Attention first on the main screen: the services pane's order (`o` cycles it), the jump to
the next service needing attention (`n`), the cursor at launch on the most urgent one, and a
failed task's last lines in the detail area."""

from __future__ import annotations

from dataclasses import replace

from textual import on

from ....docker.models import TaskInfo
from ....render.attention import attention_counts, attention_groups, next_sort
from ....render.selection import Selection
from ....render.view import ClusterView
from ...messages import ServicesSortChosen, TaskLogRead
from ...panes.header import ClusterHeader
from ...panes.services import ServicesPane
from ...panes.tasks import TasksPane
from .navigation import Navigation
from .sources import Sources


class Attention(Navigation):
    """The main screen's attention keys; MainScreen adds the data."""

    services_sort: str
    """The services pane's order, from the settings at first."""
    sources: Sources

    def redraw_detail(self, view: ClusterView | None = None) -> None:
        raise NotImplementedError

    def with_last_words(self, view: ClusterView, focused_task: str | None) -> ClusterView:
        """`view` with the failed tasks' lines read so far (starts reading the shown one's),
        and the running tasks' figures read so far."""
        if self.sources.task_stats is not None:
            view = replace(view, task_figures=self.sources.task_stats.figures)
        if self.sources.last_words is None:
            return view
        return self.sources.last_words.attach(self, view, self.selection, focused_task)

    def tasks_on_screen(self) -> list[TaskInfo]:
        """The tasks the tasks pane lists now: their figures are read while it does."""
        return self.query_one(TasksPane).shown

    @on(TaskLogRead)
    def _task_log_read(self, message: TaskLogRead) -> None:
        if self.sources.last_words is not None:
            self.sources.last_words.read(message.task_id, message.log)
            self.redraw_detail()

    @property
    def services_pane(self) -> ServicesPane:
        return self.query_one(ServicesPane)

    def show_header(self, view: ClusterView) -> None:
        counts = attention_counts(attention_groups(view.snapshot, view.facts))
        self.query_one("#header", ClusterHeader).show(view.snapshot, counts)

    def action_cycle_sort(self) -> None:
        self.services_sort = next_sort(self.services_sort)
        self.redraw()
        self.notify(f"Services sorted by {self.services_sort}.", timeout=2, markup=False)
        self.post_message(ServicesSortChosen(self.services_sort))

    def action_next_attention(self) -> None:
        self.action_show_view("services")
        pane = self.services_pane
        target = pane.next_needing()
        if target is None:
            self.notify("No listed service needs attention.", timeout=2)
            return
        pane.put_cursor_on(target)
        self.select(Selection.service(target))

    _first_choice: Selection | None = None
    """The selection made for the operator on a first screen without the task list: made again
    once the tasks say which service fails, unless the operator has moved since."""

    def choose_first(self) -> None:
        snapshot = self.snapshot
        if snapshot is None:
            return
        if self.selection is None:
            self.select_first_service()
            self._first_choice = None if snapshot.tasks_read else self.selection
        elif self._first_choice is not None and snapshot.tasks_read:
            if self.selection == self._first_choice:
                self.select_first_service()
            self._first_choice = None

    def select_first_service(self) -> None:
        """The first selection: the most urgent service, so its cause is already in the
        detail area; the first row when every service is healthy."""
        pane = self.services_pane
        target = pane.most_urgent or pane.table.selected_key
        if target is None:
            return
        pane.put_cursor_on(target)
        self.select(Selection.service(target))
