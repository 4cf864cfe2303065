"""Command palette entries: the registry's commands, plus a jump to any service, node or
stack. Searches the registry and the snapshot on screen; never calls Docker."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..docker.stacks import stacks_of
from ..render.selection import Kind
from .commands import Command
from .registry import visible_commands
from .screens.main import MainScreen

Entry = tuple[str, str, Callable[[], Any]]


class SwarmCommands(Provider):
    def _entries(self) -> Iterator[Entry]:
        settings = getattr(self.app, "settings", None)  # SwarmTuiApp's; it imports this module
        read_only = bool(settings and settings.read_only)
        keymap = settings.keymap if settings else {}
        for command in visible_commands(read_only):
            if command.palette:
                title = f"{command.title}  (key {command.display_key(keymap)})"
                yield title, command.help, partial(self._run, command)
        main = self.screen
        if not isinstance(main, MainScreen) or main.snapshot is None:
            return  # jumps are offered over the dashboard, from the snapshot it shows
        snapshot = main.snapshot
        for service in snapshot.services:
            yield (
                f"Go to service {service.name}",
                f"{service.mode}, {service.image}",
                partial(main.jump_to, Kind.SERVICE, service.id),
            )
        for node in snapshot.nodes:
            yield (
                f"Go to node {node.hostname}",
                f"{node.role}, {node.availability}",
                partial(main.jump_to, Kind.NODE, node.id),
            )
        for stack in stacks_of(snapshot):
            yield (
                f"Go to stack {stack.name}",
                f"{len(stack.services)} services",
                partial(main.jump_to_stack, stack.name),
            )

    async def _run(self, command: Command) -> None:
        action = command.screen_action
        target = self.app if action.startswith("app.") else self.screen
        await target.run_action(action.removeprefix("app."))

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries():
            if not title.startswith("Go to"):
                yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
