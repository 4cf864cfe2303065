"""The stacks pane on the main screen: list, open (only that stack's services), remove.

Mixed into MainScreen like ClusterActions. Opening a stack filters the services pane (and the
placement grid) to its services, so every service action works there as anywhere; escape shows
every service again. Removal asks for the stack's name, then runs through the app's
`run_write` (refused read-only, serialised, audited) while retries are reported as they happen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.widgets import DataTable, Label

from ..docker.poller import PollHints
from ..docker.stacks import StackInfo, count_of, plan_removal, remove_stack, stacks_of
from ..stack_rows import stack_rows
from ..widgets.keyed_table import KeyedTable
from .deploy import DeployScreen
from .dialogs import TypedConfirmDialog

if TYPE_CHECKING:
    from ..app import SwarmTuiApp
    from ..docker.models import Snapshot
    from .render import SnapshotRenderer

STACK_POLL_DELAY_S = 0.1


def render_stacks(renderer: SnapshotRenderer) -> None:
    """Fill the stacks pane from the renderer's snapshot; called with the other tables."""
    snapshot, screen = renderer.snapshot, renderer.screen
    assert snapshot is not None
    stacks = stacks_of(snapshot)
    rows = stack_rows(
        stacks,
        renderer.palette,
        renderer.derived.failing,
        renderer.derived.stuck,
        screen.name_filter,
    )
    screen.query_one("#stacks", KeyedTable).sync(rows)
    screen.query_one("#stacks-title", Label).update(
        f"[5] Stacks ({len(rows)}/{len(stacks)})  enter: its services"
    )


def find_stack(snapshot: Snapshot | None, name: str) -> StackInfo | None:
    if snapshot is None:
        return None
    return next((stack for stack in stacks_of(snapshot) if stack.name == name), None)


def contents(stack: StackInfo) -> str:
    parts = [count_of(len(stack.services), "service")]
    parts += [
        count_of(len(stack.of_kind(kind)), kind)
        for kind in ("secret", "config", "network")
        if stack.of_kind(kind)
    ]
    return ", ".join(parts)


class StackActions:
    """Provides the stacks pane's handlers and actions; MainScreen provides the rest."""

    selection: tuple[str, str, str | None] | None
    read_only: bool
    swarm_app: SwarmTuiApp  # from ClusterActions
    stack_filter: str = ""
    """Only this stack's services are listed (the stack opened with enter); empty: all."""

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        screen: Any = self
        if (
            event.data_table.id == "stacks"
            and screen._source_table() == "stacks"
            and event.row_key.value is not None
        ):
            screen._select(("stack", event.row_key.value, None))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "stacks":
            self.action_open_stack()

    def action_open_stack(self) -> None:
        """List only the highlighted stack's services, in the services pane."""
        screen: Any = self
        if self.selection is None or self.selection[0] != "stack":
            screen.notify("Highlight a stack first (5 for stacks).", severity="warning")
            return
        self._show_stack(self.selection[1])
        screen.action_show_view("services")

    def action_leave_stack(self) -> None:
        """List every service again, and go back to the stack that was open."""
        screen: Any = self
        opened = self.stack_filter
        self._show_stack("")
        screen.action_show_view("stacks")
        table = screen.query_one("#stacks", KeyedTable)
        if opened and opened in table.rows:
            table.move_cursor(row=table.get_row_index(opened))

    def jump_to_stack(self, name: str) -> None:
        """Show a stack from the palette: the stacks pane, its row highlighted."""
        screen: Any = self
        if screen.name_filter:
            screen.action_clear_filter()
        self._show_stack("")
        screen.action_show_view("stacks")
        table = screen.query_one("#stacks", KeyedTable)
        if name not in table.rows:
            screen.notify(f"Stack {name} is no longer in the cluster.", severity="warning")
            return
        table.move_cursor(row=table.get_row_index(name))
        screen._select(("stack", name, None))

    def _show_stack(self, name: str) -> None:
        screen: Any = self
        self.stack_filter = name
        screen.renderer.render()

    def action_deploy_stack(self) -> None:
        """Plan, then apply, a deploy from compose files; an opened stack is prefilled."""
        if self.read_only:
            self.swarm_app.refuse_read_only("stack")
            return
        selected = self.selection[1] if self.selection and self.selection[0] == "stack" else ""
        self.swarm_app.push_screen(DeployScreen(stack=self.stack_filter or selected))

    @work(group="actions")
    async def action_remove_stack(self) -> None:
        screen: Any = self
        app = self.swarm_app
        if self.read_only:
            app.refuse_read_only("stack")
            return
        if self.selection is None or self.selection[0] != "stack":
            screen.notify("Select a stack first (5 for stacks).", severity="warning")
            return
        name = self.selection[1]
        stack = find_stack(app.snapshot, name)
        if stack is None:
            screen.notify(f"Stack {name} is gone from the cluster.", severity="warning")
            return
        what = contents(stack)
        if not await app.push_screen_wait(
            TypedConfirmDialog(
                f"Remove stack {name}?",
                f"Removes {what}: the services first (their {stack.running} running tasks "
                "stop), then the secrets, configs and networks, as `docker stack rm` does. "
                "Volumes stay. This cannot be undone.",
                name,
            )
        ):
            return

        def retrying(message: str) -> None:
            app.call_from_thread(app.notify, message, severity="warning", timeout=8)

        def remove(writer: Any) -> None:
            remove_stack(writer.api, plan_removal(writer.api, name), retrying=retrying)

        if await app.run_write(
            "remove-stack", name, {"objects": what}, remove, f"Removed stack {name} ({what})."
        ):
            if self.stack_filter == name:
                self._show_stack("")
        # Events re-read the stack objects too; this does it when no event stream runs.
        app.request_poll(STACK_POLL_DELAY_S, PollHints(stack_objects_changed=True))
