"""config.toml's [nodes] table: how swarmtui reaches each node over SSH (docker/node_access.py)
for what only the node knows. A bad value is one sentence naming the key and the file."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..docker.node_access import (
    DEFAULT_TEMPLATE,
    NodeAccessSettings,
    NodeUnreachable,
    check_target,
)

_KEYS = ("enabled", "ssh", "user")


def parse_nodes(value: Any, source: Path | str) -> NodeAccessSettings:
    """[nodes] enabled = true, ssh = "ops@{hostname}.prod.internal", user = "ops", and per
    node [nodes.node7] ssh = "bastion-hop-7"."""
    where = f"[nodes] in {source}"
    if not isinstance(value, dict):
        raise ValueError(f"{where} must be a table.")
    per_node: dict[str, str] = {}
    for key, item in value.items():
        if key in _KEYS:
            continue
        if not isinstance(item, dict) or set(item) != {"ssh"} or not isinstance(item["ssh"], str):
            raise ValueError(
                f"{where} has {key!r}: [nodes] takes {', '.join(_KEYS)} and per-node tables "
                f'such as [nodes.{key}] ssh = "ops@{key}.example"'
            )
        try:
            per_node[key] = check_target(item["ssh"], f"[nodes.{key}] ssh in {source}")
        except NodeUnreachable as error:
            raise ValueError(f"{error}.") from error
    enabled = value.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ValueError(f"enabled in {where} must be true or false, not {enabled!r}.")
    template = value.get("ssh", DEFAULT_TEMPLATE)
    user = value.get("user", "")
    if not isinstance(template, str) or not isinstance(user, str):
        raise ValueError(f"ssh and user in {where} must be strings.")
    try:
        template.format(hostname="h", address="a", id="i", user="u")
    except (KeyError, IndexError, ValueError) as error:
        raise ValueError(
            f"ssh = {template!r} in {where} names {error}; it may use {{hostname}}, "
            "{address}, {id} and {user}."
        ) from error
    return NodeAccessSettings(enabled, template, user, MappingProxyType(per_node))
