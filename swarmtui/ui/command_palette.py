"""Command palette entries: the registry's commands, plus a jump to any service, node or
stack. Searches the registry and the snapshot on screen; never calls Docker.

Names come from the cluster, so an entry's title is shown as literal text (Textual's own
`Matcher.highlight` would read it as markup) and its help line, which the palette always reads
as markup, is escaped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from ..docker.stacks import stacks_of
from ..render.format import short_image
from ..render.selection import Kind
from ..render.text import safe_str
from .commands import Command, visible
from .registry import visible_commands
from .screens.main import MainScreen

Entry = tuple[str, str, Callable[[], Any]]


def escaped(value: str) -> str:
    """`value` as Textual markup that reads back as exactly `value` (checked in the tests)."""
    return value.replace("[", "\\[")


def highlighted(matcher: Matcher, title: str) -> Content:
    """`Matcher.highlight`, but the title is plain text, not markup."""
    content = Content(title)
    score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    if not score:
        return content
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class SwarmCommands(Provider):
    def _entries(self) -> Iterator[Entry]:
        settings = getattr(self.app, "settings", None)  # SwarmTuiApp's; it imports this module
        read_only = bool(settings and settings.read_only)
        keymap = settings.keymap if settings else {}
        own: tuple[Command, ...] = getattr(self.screen, "OWN_COMMANDS", ())
        offered = [*visible(own, read_only)]
        if own:  # over logs, inspect or events: their keys, and the app's own commands
            offered += [c for c in visible_commands(read_only) if c.action.startswith("app.")]
        else:
            offered += visible_commands(read_only)
        seen: set[str] = set()
        for command in offered:
            if command.palette and command.id not in seen:
                seen.add(command.id)
                title = f"{command.title}  (key {command.display_key(keymap)})"
                yield title, command.help, partial(self._run, command)
        main = self.screen
        if not isinstance(main, MainScreen) or main.snapshot is None:
            return  # jumps are offered over the dashboard, from the snapshot it shows
        snapshot = main.snapshot
        for service in snapshot.services:
            yield (
                safe_str(f"Go to service {service.name}"),
                safe_str(f"{service.mode}, {short_image(service.image)}"),
                partial(main.jump_to, Kind.SERVICE, service.id),
            )
        for node in snapshot.nodes:
            yield (
                safe_str(f"Go to node {node.hostname}"),
                safe_str(f"{node.role}, {node.availability}"),
                partial(main.jump_to, Kind.NODE, node.id),
            )
        for stack in stacks_of(snapshot):
            yield (
                safe_str(f"Go to stack {stack.name}"),
                f"{len(stack.services)} services",
                partial(main.jump_to_stack, stack.name),
            )

    async def _run(self, command: Command) -> None:
        main = self.screen
        if command.tasks_pane and isinstance(main, MainScreen) and main.focused_task is None:
            main.run_on_task(command.id)
            return
        action = command.screen_action
        target = self.app if action.startswith("app.") else self.screen
        await target.run_action(action.removeprefix("app."))

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries():
            if not title.startswith("Go to"):
                yield DiscoveryHit(Content(title), callback, text=title, help=escaped(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(matcher, title),
                    callback,
                    text=title,
                    help=escaped(help_text),
                )
