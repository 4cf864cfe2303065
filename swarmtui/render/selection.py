"""What the operator has selected: a service (optionally one node's cell of it), a node or a
stack. The tasks pane, the detail area, the rollout panel and every action follow it."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from ..docker.models import Snapshot


class Kind(StrEnum):
    SERVICE = "service"
    NODE = "node"
    STACK = "stack"


class Selection(NamedTuple):
    kind: Kind
    key: str
    """The service or node id, or the stack's name."""
    node: str | None = None
    """For a placement cell: the node whose tasks of the service are shown."""

    @classmethod
    def service(cls, service_id: str, node: str | None = None) -> Selection:
        return cls(Kind.SERVICE, service_id, node)

    @classmethod
    def of_node(cls, node_id: str) -> Selection:
        return cls(Kind.NODE, node_id)

    @classmethod
    def stack(cls, name: str) -> Selection:
        return cls(Kind.STACK, name)


class Named(NamedTuple):
    """A selection by names, which survive a move to another endpoint where ids do not."""

    kind: Kind
    name: str
    node: str = ""


def by_names(selection: Selection | None, snapshot: Snapshot | None) -> Named | None:
    if selection is None or snapshot is None:
        return None
    kind, key, node = selection
    node_name = snapshot.node_name(node) if node else ""
    if kind == Kind.SERVICE:
        service = snapshot.service_by_id.get(key)
        return Named(kind, service.name, node_name) if service else None
    if kind == Kind.NODE:
        return Named(kind, snapshot.node_name(key))
    return Named(kind, key)


def from_names(named: Named, snapshot: Snapshot) -> Selection | None:
    """The same selection in `snapshot`, where names match; None where they do not."""
    nodes = {node.hostname: node.id for node in snapshot.nodes}
    if named.kind == Kind.NODE:
        return Selection.of_node(nodes[named.name]) if named.name in nodes else None
    if named.kind == Kind.STACK:
        return Selection.stack(named.name)
    service = next((s for s in snapshot.services if s.name == named.name), None)
    if service is None:
        return None
    return Selection.service(service.id, nodes.get(named.node) if named.node else None)
