"""What the operator has selected: a service (optionally one node's cell of it), a node or a
stack. The tasks pane, the detail area, the rollout panel and every action follow it."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


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
