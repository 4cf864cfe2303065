"""Which objects a pane lists: the name filter (`/`) and an opened stack."""

from __future__ import annotations

from dataclasses import dataclass

from ..docker.models import ServiceInfo


@dataclass(frozen=True)
class Filters:
    name: str = ""
    """Only objects whose name contains this (any case) are listed."""
    stack: str = ""
    """Only this stack's services are listed (a stack opened with enter); empty: all."""

    def names(self, name: str) -> bool:
        return self.name.lower() in name.lower()

    def service(self, service: ServiceInfo) -> bool:
        return self.names(service.name) and (not self.stack or service.stack == self.stack)
