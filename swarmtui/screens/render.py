"""Pushes a snapshot into the main screen's tables, doing only the work that changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.color import Color, ColorParseError
from textual.widgets import Label, Static

from ..detail import node_detail, rollout_detail, service_detail, task_detail
from ..docker.health import (
    UNASSIGNED,
    failing_services,
    failing_slots,
    placement,
    replica_progress,
    unschedulable,
)
from ..docker.models import Snapshot, TaskInfo
from ..docker.rollout import Rollout, rollout_of
from ..rows import (
    Palette,
    node_rows,
    placement_columns,
    placement_rows,
    service_rows,
    task_rows,
)
from ..stack_rows import stack_detail, stack_tasks
from ..widgets.cluster_header import ClusterHeader
from ..widgets.keyed_table import KeyedTable
from .stacks import find_stack, render_stacks

if TYPE_CHECKING:
    from .main import MainScreen


@dataclass
class Derived:
    """Per-snapshot facts every pane needs; computed once per new task list."""

    failing: dict[str, TaskInfo] = field(default_factory=dict)
    failing_task_ids: set[str] = field(default_factory=set)
    stuck: dict[str, TaskInfo] = field(default_factory=dict)


def palette_from_theme(variables: dict[str, str]) -> Palette:
    """Cell colours from the theme; Rich needs concrete colours, not Textual expressions."""

    def colour(name: str, fallback: str) -> str:
        try:
            return Color.parse(variables[name]).hex
        except (KeyError, ColorParseError):
            return fallback

    foreground = Color.parse(colour("foreground", "#e0e0e0"))
    background = Color.parse(colour("background", "#121212"))
    return Palette(
        success=colour("success", "green"),
        warning=colour("warning", "yellow"),
        error=colour("error", "red"),
        accent=colour("primary-lighten-2", colour("primary", "cyan")),
        muted=foreground.blend(background, 0.45).hex,
    )


# A finished rollout stays on the panel this long, so its outcome is seen, then steps aside.
FINISHED_ROLLOUT_SHOWN_S = 300


def _long_finished(rollout: Rollout, now: datetime) -> bool:
    completed = (
        rollout.service.update_status.completed_at if rollout.service.update_status else None
    )
    return (
        rollout.finished
        and completed is not None
        and ((now - completed).total_seconds() > FINISHED_ROLLOUT_SHOWN_S)
    )


class SnapshotRenderer:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.snapshot: Snapshot | None = None
        self.derived = Derived()
        self.now = datetime.now(UTC)
        self.palette = Palette()
        self._derived_for: object = None
        self._tables_drawn_for: tuple[object, ...] | None = None

    def set_palette(self, palette: Palette) -> None:
        self.palette = palette
        self.screen.query_one("#header", ClusterHeader).palette = palette
        self.render()

    def render(self, snapshot: Snapshot | None = None, now: datetime | None = None) -> None:
        if snapshot is not None:
            self.snapshot = snapshot
        if now is not None:
            self.now = now
        header = self.screen.query_one("#header", ClusterHeader)
        if self.snapshot is None:
            return
        header.show(self.snapshot)
        self._derive()
        # The big tables depend only on these; the poller keeps unchanged parts identical.
        inputs = (
            self.snapshot.services,
            self.snapshot.nodes,
            self.snapshot.tasks,
            self.screen.name_filter,
            self.palette,
            self.snapshot.stack_objects,
            self.screen.stack_filter,
        )
        if self._tables_drawn_for is None or any(
            a is not b for a, b in zip(inputs, self._tables_drawn_for)
        ):
            self.render_services()
            self.render_nodes()
            self.render_placement()
            render_stacks(self)
            self._tables_drawn_for = inputs
            if self.screen.selection is None:
                first = self.screen.query_one("#services", KeyedTable).selected_key
                if first is not None:
                    self.screen._select(("service", first, None))
        self.render_tasks()
        self.render_rollout()
        self.render_detail()

    def _derive(self) -> None:
        assert self.snapshot is not None
        if self._derived_for is self.snapshot.tasks:
            return
        slots = failing_slots(self.snapshot.tasks)
        self.derived = Derived(
            failing=failing_services(self.snapshot.tasks),
            failing_task_ids={task.id for task in slots.values()},
            stuck=unschedulable(self.snapshot.tasks),
        )
        self._derived_for = self.snapshot.tasks

    def _title(self, pane: str, text: str) -> None:
        self.screen.query_one(f"#{pane}-title", Label).update(text)

    def render_services(self) -> None:
        assert self.snapshot is not None
        rows = service_rows(
            self.snapshot,
            self.palette,
            self.derived.failing,
            self.derived.stuck,
            self.screen.name_filter,
            self.screen.stack_filter,
        )
        self.screen.query_one("#services", KeyedTable).sync(rows)
        failing = len(self.derived.failing)
        stack = self.screen.stack_filter
        if stack:  # an opened stack counts only its own failures
            failing = sum(1 for key, _ in rows if key in self.derived.failing)
        note = f" · {failing} failing" if failing else ""
        scope, back = (f" of stack {stack}", " · esc: all") if stack else ("", "")
        self._title(
            "services",
            f"[1] Services{scope} ({len(rows)}/{len(self.snapshot.services)}){note}{back}",
        )

    def render_nodes(self) -> None:
        assert self.snapshot is not None
        rows = node_rows(self.snapshot, self.palette, self.screen.name_filter)
        self.screen.query_one("#nodes", KeyedTable).sync(rows)
        ready = sum(1 for node in self.snapshot.nodes if node.is_ready)
        self._title("nodes", f"[2] Nodes ({ready}/{len(self.snapshot.nodes)} ready)")

    def render_placement(self) -> None:
        assert self.snapshot is not None
        cells = placement(self.snapshot)
        unplaced = any(node_id == UNASSIGNED for _, node_id in cells)
        columns = placement_columns(self.snapshot, unplaced)
        table = self.screen.query_one("#placement", KeyedTable)
        table.set_columns(columns)
        table.sync(
            placement_rows(
                self.snapshot,
                cells,
                columns,
                self.palette,
                self.derived.failing,
                self.derived.stuck,
                self.screen.name_filter,
                self.screen.stack_filter,
            )
        )
        self._title(
            "placement",
            "[3] Placement: running tasks per service and node  (+n starting/pending, ✗n failing)",
        )

    def _selected_tasks(self) -> tuple[str, list[TaskInfo]]:
        snapshot, selection = self.snapshot, self.screen.selection
        if snapshot is None or selection is None:
            return "Tasks", []
        kind, key, node_id = selection
        if kind == "stack":
            title, tasks = stack_tasks(snapshot, find_stack(snapshot, key), key)
        elif kind == "node":
            tasks = snapshot.tasks_on_node(key)
            title = f"Tasks on {snapshot.node_name(key)}"
        else:
            service = snapshot.service_by_id.get(key)
            tasks = snapshot.tasks_of_service(key)
            title = f"Tasks of {service.name if service else key[:12]}"
            if node_id is not None:
                tasks = [task for task in tasks if (task.node_id or UNASSIGNED) == node_id]
                where = snapshot.node_name(node_id) if node_id else "no node yet"
                title += f" on {where}"
            if service is not None:
                progress = replica_progress(service)
                title += f" ({progress.running}/{progress.desired})"
        if not self.screen.show_history:
            tasks = [task for task in tasks if task.is_active]
        else:
            title += " · with history"
        return title, tasks

    def render_tasks(self) -> None:
        if self.snapshot is None:
            return
        title, tasks = self._selected_tasks()
        rows = task_rows(
            tasks, self.snapshot, self.palette, self.derived.failing_task_ids, self.now
        )
        self.screen.query_one("#tasks", KeyedTable).sync(rows)
        self._title("tasks", f"[4] {title}")

    def render_detail(self) -> None:
        detail = self.screen.query_one("#detail", Static)
        detail.update(self._detail_text())

    def _detail_text(self) -> Text:
        snapshot, selection = self.snapshot, self.screen.selection
        if snapshot is None:
            return Text("Waiting for the first snapshot…")
        tasks_table = self.screen.query_one("#tasks", KeyedTable)
        if self.screen.focused is tasks_table and tasks_table.selected_key:
            task = next((t for t in snapshot.tasks if t.id == tasks_table.selected_key), None)
            if task is not None:
                return task_detail(task, snapshot, self.palette, self.now)
        if selection is None:
            return Text("Select a service or node to see its tasks and details.")
        kind, key, _ = selection
        if kind == "stack":
            return stack_detail(find_stack(snapshot, key), key, self.palette, self.screen.read_only)
        if kind == "node":
            node = snapshot.node_by_id.get(key)
            return node_detail(node, snapshot, self.palette) if node else Text("Node gone.")
        service = snapshot.service_by_id.get(key)
        if service is None:
            return Text("Service removed.")
        return service_detail(
            service,
            self.derived.failing.get(key),
            self.derived.stuck.get(key),
            snapshot,
            self.palette,
            self.now,
        )

    def rollout(self) -> Rollout | None:
        """The selected service's update or rollback, while it runs or pauses, and for a
        while after it ends so its outcome is seen."""
        snapshot, selection = self.snapshot, self.screen.selection
        if snapshot is None or selection is None or selection[0] != "service":
            return None
        service = snapshot.service_by_id.get(selection[1])
        if service is None:
            return None
        rollout = rollout_of(
            service,
            snapshot.tasks_of_service(service.id),
            snapshot.up_to_date.get(service.id),
            self.now,
        )
        if rollout is None or _long_finished(rollout, self.now):
            return None
        return rollout

    def render_rollout(self) -> None:
        rollout = self.rollout()
        self.screen.set_class(rollout is not None, "-rollout")
        if rollout is None or self.snapshot is None:
            return
        kind = "Rollback" if rollout.is_rollback else "Update"
        self._title(
            "rollout",
            f"{kind} of {rollout.service.name}: "
            f"{rollout.state.replace('_', ' ')} · {rollout.updated}/{rollout.total}",
        )
        self.screen.query_one("#rollout", Static).update(
            rollout_detail(rollout, self.snapshot, self.palette)
        )
