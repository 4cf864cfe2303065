"""The `:` prompt, as k9s has it: `:svc web`, `:node node2`, `:net`, `:events`, … parsed into
where to go, with completions for the suggester. Pure: the screen does the going, and the
views' words come from their panes (ui/registry.py gathers them)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from .text import visible

OTHER_WORDS: Mapping[str, str] = {
    "events": "events",
    "ev": "events",
    "logs": "logs",
    "log": "logs",
    "tasks": "tasks",
    "ctx": "contexts",
    "context": "contexts",
    "swarm": "swarm",
    "top": "top",
    "lint": "lint",
}
"""Words for what is not a cluster view: the events screen, a service's logs, the tasks pane,
the docker contexts, the swarm screen, the busiest tasks."""
OTHER_COMPLETIONS = ("events", "logs", "tasks", "ctx", "swarm", "top", "lint")


@dataclass(frozen=True)
class Words:
    aliases: Mapping[str, str]
    """Every word the prompt takes, and the view it means."""
    completions: Sequence[str]
    """The words offered as completions, in order."""

    def known(self) -> str:
        return ", ".join(f":{word}" for word in self.completions)


@dataclass(frozen=True)
class Jump:
    view: str
    """A cluster view (services, nodes, …), or events, logs, tasks."""
    name: str = ""
    """The object named after the view word, if any."""
    problem: str = ""
    """One sentence when the input means nothing."""


def parse(text: str, words: Words) -> Jump:
    word, _, rest = text.strip().lstrip(":").strip().partition(" ")
    view = words.aliases.get(word.lower())
    if view is None:
        return Jump("", problem=f"Unknown view {word!r}: try {words.known()}.")
    return Jump(view, rest.strip())


def complete(text: str, words: Words, names: Callable[[str], Iterable[str]]) -> str | None:
    """The whole input completed: a view word, then a name of that view's objects
    (`names(view)`)."""
    body = text.lstrip(":")
    word, space, rest = body.partition(" ")
    if not space:
        found = (
            next((w for w in words.completions if w.startswith(word.lower())), None)
            if word
            else None
        )
        return f"{text[: len(text) - len(body)]}{found}" if found else None
    view = words.aliases.get(word.lower())
    if view is None:
        return None
    # A suggestion is drawn as typed: a name holding terminal controls is never offered.
    offered = (n for n in sorted(names(view)) if visible(n, one_line=True) == n)
    name = next((n for n in offered if n.startswith(rest)), None)
    return f"{text[: len(text) - len(rest)]}{name}" if name else None
