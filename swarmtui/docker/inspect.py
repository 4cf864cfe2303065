"""What inspect shows for each kind of object: the daemon's own JSON, read on demand.

Blocking: call it from a thread worker with a client of its own.
"""

from __future__ import annotations

from .parse import STACK_NAMESPACE_LABEL
from .protocol import Json, SwarmReadApi

KINDS = ("service", "task", "node", "network", "secret", "config", "stack")


def inspect(api: SwarmReadApi, kind: str, key: str) -> Json:
    """One object's inspect; for a stack, its services', networks', secrets' and configs'
    together, as the daemon lists them by the stack's namespace label."""
    if kind == "service":
        return api.inspect_service(key)
    if kind == "node":
        return api.inspect_node(key)
    if kind == "task":
        return api.inspect_task(key)
    if kind in ("network", "secret", "config"):
        return api.inspect_object(f"{kind}s", key)
    if kind == "stack":
        label = {"label": [f"{STACK_NAMESPACE_LABEL}={key}"]}
        return {
            part.capitalize(): list(api.list_objects(part, label))
            for part in ("services", "networks", "secrets", "configs")
        }
    raise ValueError(f"nothing to inspect for {kind!r}")
