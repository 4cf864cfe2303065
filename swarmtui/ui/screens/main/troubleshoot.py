"""On-call troubleshooting from the main screen: the events screen (`E`), inspect (`y`) and
the `:` prompt that reaches any view or object by name. Nothing here changes the cluster."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text

from ....docker.events import EventHistory, SwarmEvent
from ....render.detail import with_recent_events
from ....render.jump import Jump, complete, parse
from ....render.palette import Palette
from ....render.selection import Kind
from ....render.stacks import find_stack
from ....render.text import visible
from ... import registry
from ...messages import ContextChosen
from ...panes.keyed_table import KeyedTable
from ...panes.table_pane import TablePane
from ...panes.tasks import TasksPane
from ..command_prompt import CommandPrompt
from ..events import EventsScreen
from ..inspect import InspectScreen
from .navigation import Navigation
from .sources import Sources

RECENT_EVENTS = 5
LOGS_MISSING = "Logs are not available in this build."


class Troubleshooting(Navigation):
    palette: Palette
    read_only: bool
    sources: Sources
    clock: Callable[[], datetime]

    def pane(self, view: str) -> TablePane | None:
        return next((pane for pane in self.cluster_panes() if view == pane.PANE), None)

    @property
    def history(self) -> EventHistory:
        return self.sources.history

    def recent(self, task_id: str | None) -> tuple[SwarmEvent, ...]:
        """The last few events of what the detail area shows: the selected service or node,
        or a stack's services, networks, secrets and configs (none for a task)."""
        selection = self.selection
        if task_id is not None or selection is None:
            return ()
        if selection.kind != Kind.STACK:
            return self.history.of_object(selection.key, RECENT_EVENTS)
        stack = find_stack(self.snapshot, selection.key)
        if stack is None:
            return ()
        ids = {service.id for service in stack.services} | {item.id for item in stack.objects}
        return self.history.of_objects(ids, RECENT_EVENTS)

    def with_recent(self, detail: Text, task_id: str | None) -> Text:
        """The detail text with those events under it; a stack's say whose each one is."""
        named = self.selection is not None and self.selection.kind == Kind.STACK
        return with_recent_events(detail, self.recent(task_id), named)

    # Events -------------------------------------------------------------------------------

    def action_open_events(self) -> None:
        self.app.push_screen(EventsScreen(self.history, self.palette, self.go_to_object))

    def go_to_object(self, kind: str, object_id: str) -> None:
        if kind in ("service", "node"):
            self.jump_to(Kind(kind), object_id)
            return
        pane = next((pane for pane in self.cluster_panes() if kind == pane.INSPECTS), None)
        if pane is not None:
            self._show_row(pane.PANE, object_id)

    def _show_row(self, view: str, object_id: str) -> None:
        if self.filters.name:
            self.action_clear_filter()
        self.action_show_view(view)
        table = self._table(view)
        if object_id in table.rows:
            table.move_cursor(row=table.get_row_index(object_id))
        else:
            self.notify(
                f"That {view[:-1]} is no longer in the cluster.", severity="warning", markup=False
            )

    # Inspect ------------------------------------------------------------------------------

    def inspect_target(self) -> tuple[str, str, str] | None:
        """(kind, key, name) of what `y` inspects: the focused task or object row, else the
        selection."""
        focused = self.focused
        pane = focused.parent if isinstance(focused, KeyedTable) else None
        kind = "task" if isinstance(pane, TasksPane) else getattr(pane, "INSPECTS", "")
        if isinstance(focused, KeyedTable) and kind:
            key = focused.selected_key
            return (kind, key, self._name_of(kind, key)) if key else None
        if self.selection is None:
            return None
        kind, key = str(self.selection.kind), self.selection.key
        return kind, key, self._name_of(kind, key)

    def _name_of(self, kind: str, key: str) -> str:
        snapshot = self.snapshot
        if snapshot is None or kind == "stack":
            return key
        if kind == "service" and key in snapshot.service_by_id:
            return snapshot.service_by_id[key].name
        if kind == "node":
            return snapshot.node_name(key)
        if kind == "task":
            task = next((t for t in snapshot.tasks if t.id == key), None)
            return task.name if task else key[:12]
        return next((o.name for o in snapshot.objects if o.id == key), key[:12])

    def action_inspect(self) -> None:
        target = self.inspect_target()
        if target is None:
            self.notify("Select something to inspect first.", severity="warning")
            return
        kind, key, name = target
        factory = self.sources.reads
        self.app.push_screen(
            InspectScreen(factory, kind, key, name, self.read_only, clock=self.clock)
        )

    # The `:` prompt -----------------------------------------------------------------------

    def action_open_prompt(self) -> None:
        words = registry.PROMPT_WORDS
        hint = "  ".join(f":{word}" for word in words.completions) + "   (a name after: :svc web)"
        self.app.push_screen(CommandPrompt(self._complete, hint), self._prompted)

    def _complete(self, text: str) -> str | None:
        return complete(text, registry.PROMPT_WORDS, self._names)

    def _names(self, view: str) -> dict[str, str]:
        """Row key by name in `view` (`:logs NAME` names a service)."""
        if view == "contexts":
            return {name: name for name in self.sources.contexts()}
        pane = self.pane("services" if view == "logs" else view)
        return pane.names(self.snapshot) if pane is not None and self.snapshot else {}

    def _prompted(self, text: str | None) -> None:
        if text and text.strip(":").strip():
            self.go(parse(text, registry.PROMPT_WORDS))

    def go(self, jump: Jump) -> None:
        if jump.problem:
            self.notify(visible(jump.problem), severity="warning", markup=False)
        elif jump.view == "events":
            self.action_open_events()
        elif jump.view == "logs":
            self._logs(jump.name)
        elif jump.view == "tasks":
            self.action_focus_tasks()
        elif jump.view == "contexts":
            self.post_message(ContextChosen(jump.name))
        elif jump.view in ("swarm", "top", "lint"):
            self.call_later(self.run_action, f"app.show_{jump.view}")
        elif not jump.name:
            self.action_show_view(jump.view)
        else:
            self._go_named(jump)

    def _go_named(self, jump: Jump) -> None:
        pane = self.pane(jump.view)
        key = self._names(jump.view).get(jump.name)
        if pane is None or key is None:
            self.notify(
                visible(f"No {jump.view.removesuffix('s')} is called {jump.name!r}."),
                severity="warning",
                markup=False,
            )
        elif pane.SELECTS is Kind.STACK:
            self.jump_to_stack(key)
        elif pane.SELECTS in (Kind.SERVICE, Kind.NODE):
            self.jump_to(pane.SELECTS, key)
        else:
            self._show_row(pane.PANE, key)

    def _logs(self, name: str) -> None:
        """Logs are another module's command: found by id, so `:logs` works once it exists."""
        command = registry.BY_ID.get("logs.open")
        if command is None:
            self.notify(LOGS_MISSING, severity="warning")
            return
        if name:
            self._go_named(Jump("services", name))
        self.call_later(self.run_action, command.screen_action)
