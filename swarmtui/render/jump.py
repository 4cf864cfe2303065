"""The `:` prompt, as k9s has it: `:svc web`, `:node node2`, `:net`, `:events`, … parsed into
where to go, with completions for the suggester. Pure: the screen does the going."""

from __future__ import annotations

from dataclasses import dataclass

from ..docker.models import Snapshot
from ..docker.stacks import stacks_of
from .text import visible

ALIASES = {
    "svc": "services",
    "service": "services",
    "services": "services",
    "node": "nodes",
    "nodes": "nodes",
    "no": "nodes",
    "net": "networks",
    "network": "networks",
    "networks": "networks",
    "secret": "secrets",
    "secrets": "secrets",
    "config": "configs",
    "configs": "configs",
    "cm": "configs",
    "stack": "stacks",
    "stacks": "stacks",
    "events": "events",
    "ev": "events",
    "logs": "logs",
    "log": "logs",
    "placement": "placement",
    "tasks": "tasks",
}
WORDS = ("svc", "node", "net", "secret", "config", "stack", "events", "logs", "placement", "tasks")


@dataclass(frozen=True)
class Jump:
    view: str
    """services, nodes, networks, secrets, configs, stacks, events, logs, placement, tasks."""
    name: str = ""
    """The object named after the view word, if any."""
    problem: str = ""
    """One sentence when the input means nothing."""


def names_for(view: str, snapshot: Snapshot | None) -> list[str]:
    if snapshot is None:
        return []
    if view in ("services", "logs"):
        return sorted(service.name for service in snapshot.services)
    if view == "nodes":
        return sorted(node.hostname for node in snapshot.nodes)
    if view == "stacks":
        return sorted(stack.name for stack in stacks_of(snapshot))
    kind = {"networks": "network", "secrets": "secret", "configs": "config"}.get(view)
    return sorted(item.name for item in snapshot.objects if item.kind == kind)


def parse(text: str) -> Jump:
    word, _, rest = text.strip().lstrip(":").strip().partition(" ")
    view = ALIASES.get(word.lower())
    if view is None:
        known = ", ".join(f":{w}" for w in WORDS)
        return Jump("", problem=f"Unknown view {word!r}: try {known}.")
    return Jump(view, rest.strip())


def complete(text: str, snapshot: Snapshot | None) -> str | None:
    """The whole input completed: a view word, then a name of that view's objects."""
    body = text.lstrip(":")
    word, space, rest = body.partition(" ")
    if not space:
        found = next((w for w in WORDS if w.startswith(word.lower())), None) if word else None
        return f"{text[: len(text) - len(body)]}{found}" if found else None
    view = ALIASES.get(word.lower())
    if view is None:
        return None
    # A suggestion is drawn as typed: a name holding terminal controls is never offered.
    offered = (n for n in names_for(view, snapshot) if visible(n, one_line=True) == n)
    name = next((n for n in offered if n.startswith(rest)), None)
    return f"{text[: len(text) - len(rest)]}{name}" if name else None
