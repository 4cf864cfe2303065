"""What an action's body gets: the selection and snapshot it acts on, a way to ask the
operator, and the write runner."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from textual.app import App
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen

from ...docker.models import NodeInfo, ServiceInfo, Snapshot, TaskInfo
from ...docker.node_access import NodeAccessSettings
from ...docker.poller import PollHints
from ...docker.protocol import SwarmApi
from ...docker.rotation import DEFAULT_NAME
from ...docker.stacks import StackInfo
from ...render.palette import Palette
from ...render.selection import Kind, Selection
from ...render.stacks import find_stack
from ...render.text import visible
from ..writes import UiWrites

T = TypeVar("T")

_WHERE = {Kind.SERVICE: "1 for services", Kind.NODE: "2 for nodes", Kind.STACK: "5 for stacks"}


@dataclass(frozen=True)
class DashboardHooks:
    """What actions may ask of the dashboard once they have changed something."""

    select_when_listed: Callable[[str], Awaitable[None]]
    """Put the cursor on a service by name once a poll has brought it in."""
    show_stack: Callable[[str], None]
    """List only that stack's services; empty: all again."""
    opened_stack: Callable[[], str]
    request_poll: Callable[[float, PollHints], None]


@dataclass(frozen=True)
class ActionContext:
    app: App[Any]
    snapshot: Snapshot | None
    selection: Selection | None
    palette: Palette
    writes: UiWrites
    hooks: DashboardHooks
    read_only: bool
    api_factory: Callable[[], SwarmApi]
    """A client of its own for reads an action makes on a thread (plans, previews)."""
    task_id: str | None = None
    """The task under the cursor while the tasks pane has focus."""
    nodes: NodeAccessSettings = field(default_factory=NodeAccessSettings)
    """How each node is reached over ssh (config.toml's [nodes])."""
    focused: tuple[str, str, str] | None = None
    """(kind, id, name) of the row under the cursor, as `y` would inspect it."""
    rotation_name: str = DEFAULT_NAME
    """How a rotated secret's or config's next version is named (config.toml's [rotation])."""

    async def ask(self, dialog: ModalScreen[T]) -> T:
        return await self.app.push_screen_wait(dialog)

    def notify(self, message: str, severity: SeverityLevel = "information") -> None:
        # Messages name nodes, services and stacks: literal text, never markup.
        self.app.notify(visible(message), severity=severity, markup=False)

    def _selected_key(self, kind: Kind) -> str | None:
        if self.snapshot is None:  # the first screen: its poll is still reading the tasks
            self.notify("The cluster is still being read; try again in a moment.", "warning")
            return None
        if self.selection is None or self.selection.kind != kind:
            self.notify(f"Select a {kind} first ({_WHERE[kind]}).", "warning")
            return None
        return self.selection.key

    def service(self) -> ServiceInfo | None:
        """The selected service, or None having said why."""
        key = self._selected_key(Kind.SERVICE)
        if key is None or self.snapshot is None:
            return None
        found = self.snapshot.service_by_id.get(key)
        if found is None:
            self.notify("That service is gone from the cluster.", "warning")
        return found

    def node(self) -> NodeInfo | None:
        """The selected node, or None having said why."""
        key = self._selected_key(Kind.NODE)
        if key is None or self.snapshot is None:
            return None
        found = self.snapshot.node_by_id.get(key)
        if found is None:
            self.notify("That node is gone from the cluster.", "warning")
        return found

    def task(self) -> TaskInfo | None:
        """The task under the cursor in the tasks pane, or None having said why."""
        if self.task_id is None or self.snapshot is None:
            self.notify("Move to a task first (4 for the tasks pane).", "warning")
            return None
        found = next((task for task in self.snapshot.tasks if task.id == self.task_id), None)
        if found is None:
            self.notify("That task is gone from the cluster.", "warning")
        return found

    def stack(self) -> StackInfo | None:
        """The selected stack, or None having said why."""
        key = self._selected_key(Kind.STACK)
        if key is None:
            return None
        found = find_stack(self.snapshot, key)
        if found is None:
            self.notify(f"Stack {key} is gone from the cluster.", "warning")
        return found
