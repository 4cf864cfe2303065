"""The one runner of registered actions: refuses writes in read-only mode, then runs the
action's body in an app-level worker, so a dialog closing never cancels it half-way."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from textual.app import App

from ...render.selection import Kind
from ...render.text import visible
from ..commands import Command
from .context import ActionContext


class ActionRunner:
    def __init__(self, app: App[Any], context: Callable[[], ActionContext]) -> None:
        self.app = app
        self.context = context

    def start(self, command: Command) -> None:
        context = self.context()
        if command.run is None:
            return
        if command.writes and context.read_only:
            # Hidden keys can still be invoked another way (palette, code): refuse in one place.
            target = str(command.target or command.id.split(".")[0])
            self._spawn(context.writes.refuse_read_only(target), command)
            return
        self._spawn(command.run(context), command)

    def _spawn(self, body: Coroutine[Any, Any, None], command: Command) -> None:
        self.app.run_worker(
            self._guarded(body, command), group="actions", name=command.id, exit_on_error=False
        )

    async def _guarded(self, body: Coroutine[Any, Any, None], command: Command) -> None:
        try:
            await body
        except Exception as error:  # noqa: BLE001 - a bug in one action must not end the app
            self.app.notify(
                visible(f"{command.title} stopped: {type(error).__name__}: {error}"),
                severity="error",
                timeout=15,
                markup=False,
            )


def offered(
    command: Command | None, selected: Kind | None, read_only: bool, in_tasks: bool = False
) -> bool:
    """Whether a command's key works now: writes are hidden in read-only mode, service, node
    and stack actions while another kind is selected, and task actions outside the tasks
    pane (where their key falls through to the next command bound to it)."""
    if command is not None and command.tasks_pane and not in_tasks:
        return False
    if command is None or not command.writes:
        return True
    if read_only:
        return False
    if command.id in ("service.remove", "node.remove"):
        return True  # `del` is bound to both; each explains itself
    return command.target is None or command.target == selected
