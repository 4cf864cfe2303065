"""The one registry of commands: key bindings, the user's keymap, the command palette and the
help screen all come from here, so a key can never be listed in one place and missing from
another. Actions that change the cluster declare their commands beside their code
(ui/actions/); this module lists them in footer order."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from textual.binding import Binding, BindingType

from ..render.selection import Kind

ActionRun = Callable[..., Coroutine[Any, Any, None]]
"""An action's body: `async def run(context, target)`; see ui/actions/runner.py."""


@dataclass(frozen=True)
class Command:
    id: str
    """Stable id: the keymap in config.toml binds keys to it (`"service.scale" = "S"`)."""
    keys: str
    """Comma-separated Textual key names; the first is the one shown."""
    title: str
    help: str
    group: str = "General"
    action: str = ""
    """An action on the main screen (`app.` for the app's); empty for a registered action,
    which runs through the action runner as `run('<id>')`."""
    footer: bool = False
    writes: bool = False
    """Changes the cluster: hidden and refused in read-only mode."""
    reveals: bool = False
    """Shows or copies a secret: hidden and refused in read-only mode too."""
    target: Kind | None = None
    """Offered only while a service, node or stack is selected; None: always."""
    palette: bool = True
    run: ActionRun | None = None
    tasks_pane: bool = False
    """Acts on the task under the cursor: offered only while the tasks pane has focus, so
    its key may mean something else elsewhere (`x` removes a node in the nodes pane)."""

    @property
    def screen_action(self) -> str:
        return self.action or f"run({self.id!r})"

    def keys_for(self, keymap: Mapping[str, str]) -> list[str]:
        return [key.strip() for key in keymap.get(self.id, self.keys).split(",")]

    def display_key(self, keymap: Mapping[str, str] | None = None) -> str:
        return key_label(self.keys_for(keymap or {})[0])

    def all_keys(self, keymap: Mapping[str, str] | None = None) -> str:
        return " / ".join(key_label(key) for key in self.keys_for(keymap or {}))

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.screen_action,
            self.title,
            show=self.footer,
            key_display=self.display_key(),
            id=self.id,
            tooltip=self.help,
        )


def key_label(key: str) -> str:
    return {
        "question_mark": "?",
        "slash": "/",
        "plus": "+",
        "minus": "-",
        "delete": "del",
        "escape": "esc",
        "colon": ":",
        "ctrl+r": "^r",
        "ctrl+p": "^p",
    }.get(key, key)


def by_id(commands: Iterable[Command]) -> dict[str, Command]:
    return {command.id: command for command in commands}


def visible(commands: Iterable[Command], read_only: bool) -> Iterable[Command]:
    return (
        command for command in commands if not (read_only and (command.writes or command.reveals))
    )


def bindings(commands: Iterable[Command]) -> list[BindingType]:
    return [command.binding() for command in commands]


def keymap_problems(scopes: Iterable[Iterable[Command]], keymap: Mapping[str, Any]) -> list[str]:
    """Sentences for keymap entries that name no command, and for two commands of one screen
    that the keymap leaves on the same key, so neither goes silently dead."""
    scopes = [tuple(scope) for scope in scopes]
    known = {command.id for scope in scopes for command in scope}
    problems = [
        f"keymap: {name!r} is not a command id (see ? for the list)."
        for name in keymap
        if name not in known
    ]
    for scope in scopes:
        holders: dict[str, Command] = {}
        for command in scope:
            for key in command.keys_for(keymap):
                other = holders.setdefault(key, command)
                if other is command or other.id == command.id:
                    continue
                if other.target and command.target and other.target != command.target:
                    continue  # one key, two kinds of selection: never both offered
                if other.tasks_pane != command.tasks_pane:
                    continue  # one in the tasks pane, the other everywhere else
                if other.id in keymap or command.id in keymap:
                    problems.append(
                        f"keymap: {key_label(key)} is bound to both {other.id} and {command.id}; "
                        f"only one of them will answer."
                    )
    return problems


HELP = Command(
    "help",
    "question_mark",
    "Help",
    "Show every key and command",
    "General",
    action="app.show_help",
    footer=True,
)
