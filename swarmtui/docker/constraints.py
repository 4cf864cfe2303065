"""Placement constraints read the way swarmkit reads them (`manager/constraint/constraint.go`).

`node.labels.zone==b`, `engine.labels.disk!=hdd`, `node.role==manager`, `node.hostname`,
`node.id`, `node.ip` (an address or a CIDR), `node.platform.os` and `node.platform.arch`, with
`==` or `!=`. Values compare case-insensitively, an absent label reads as empty and a key
swarmkit does not know never matches: a service constrained on it stays pending forever.
"""

from __future__ import annotations

import ipaddress

from .models import NodeInfo

# Checked in this order, as swarmkit does: `a==b!=c` is the key `a` equal to `b!=c`.
_OPERATORS = ("==", "!=")
_NODE_LABEL = "node.labels."
_ENGINE_LABEL = "engine.labels."


def split(constraint: str) -> tuple[str, str, str] | None:
    """(key, operator, value), or None for text without an operator (the daemon refuses it)."""
    for operator in _OPERATORS:
        key, found, value = constraint.partition(operator)
        if found:
            return key.strip(), operator, value.strip()
    return None


def unmet(constraint: str, node: NodeInfo) -> str | None:
    """None when `node` satisfies `constraint`, else what the node has instead, in a few
    words ('label never is not set', 'role is manager')."""
    parts = split(constraint)
    if parts is None:
        return None  # swarmkit drops a constraint list it cannot parse
    key, operator, expected = parts
    lowered = key.lower()
    if lowered == "node.ip":
        return _ip_unmet(operator, expected, node)
    actual, shown = _actual(key, lowered, node)
    if actual is None:
        return shown
    equal = actual.casefold() == expected.casefold()
    return None if equal == (operator == "==") else shown


def constraint_matches(constraint: str, node: NodeInfo) -> bool:
    """Whether `node` satisfies one placement constraint such as `node.labels.zone==b`."""
    return unmet(constraint, node) is None


def _actual(key: str, lowered: str, node: NodeInfo) -> tuple[str | None, str]:
    """The node's value for `key` (None: no key swarmkit knows) and how to say it."""
    for prefix, labels, what in (
        (_NODE_LABEL, node.labels, "label"),
        (_ENGINE_LABEL, node.engine_labels, "engine label"),
    ):
        if lowered.startswith(prefix) and len(key) > len(prefix):
            name = key[len(prefix) :]  # label names are case-sensitive, values are not
            value = dict(labels).get(name)
            shown = f"{what} {name} is not set" if value is None else f"{what} {name} is {value}"
            return value or "", shown
    fields = {
        "node.id": ("id", node.id),
        "node.hostname": ("hostname", node.hostname),
        "node.role": ("role", node.role),
        "node.platform.os": ("os", node.os),
        "node.platform.arch": ("arch", node.arch),
    }
    if lowered not in fields:
        return None, f"{key} is no key swarmkit knows"
    name, value = fields[lowered]
    return value, f"{name} is {value or 'unknown'}"


def _ip_unmet(operator: str, expected: str, node: NodeInfo) -> str | None:
    shown = f"address is {node.addr or 'unknown'}"
    try:
        network = ipaddress.ip_network(expected, strict=False)
    except ValueError:
        return shown  # neither an address nor a CIDR: swarmkit matches no node
    try:
        inside = ipaddress.ip_address(node.addr) in network
    except ValueError:
        inside = False  # no address: equal to nothing
    return None if inside == (operator == "==") else shown
