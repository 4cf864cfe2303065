"""Command palette entries: the registry's commands, plus a jump to any service, node or
stack."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .commands import Command, visible_commands
from .docker.stacks import stacks_of


class SwarmCommands(Provider):
    """Searches the command registry and the cached snapshot; never calls Docker."""

    def _entries(self) -> Iterator[tuple[str, str, object]]:
        app = self.app
        read_only = getattr(app, "settings", None) and app.settings.read_only  # type: ignore[attr-defined]
        for command in visible_commands(bool(read_only)):
            if command.palette:
                yield (
                    f"{command.title}  (key {command.display_key})",
                    command.help,
                    partial(self._run, command),
                )
        snapshot = getattr(app, "snapshot", None)
        if snapshot is None:
            return
        for service in snapshot.services:
            yield (
                f"Go to service {service.name}",
                f"{service.mode}, {service.image}",
                partial(app.jump_to, "service", service.id),
            )  # type: ignore[attr-defined]
        for node in snapshot.nodes:
            yield (
                f"Go to node {node.hostname}",
                f"{node.role}, {node.availability}",
                partial(app.jump_to, "node", node.id),
            )  # type: ignore[attr-defined]
        for stack in stacks_of(snapshot):
            yield (
                f"Go to stack {stack.name}",
                f"{len(stack.services)} services",
                partial(app.main.jump_to_stack, stack.name),
            )  # type: ignore[attr-defined]

    async def _run(self, command: Command) -> None:
        action = command.action
        target = self.app if action.startswith("app.") else self.screen
        await target.run_action(action.removeprefix("app."))

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries():
            if not title.startswith("Go to"):
                yield DiscoveryHit(title, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)  # type: ignore[arg-type]
