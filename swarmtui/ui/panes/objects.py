"""[6] Networks, [7] secrets and [8] configs: read-only lists with what uses each one.

Their rows do not change the main selection (they have no tasks); `y` inspects the
highlighted one, and the detail area keeps the service or node selected before.
"""

from __future__ import annotations

from typing import ClassVar

from ...docker.models import Snapshot
from ...render.objects import (
    CONFIG_COLUMNS,
    NETWORK_COLUMNS,
    SECRET_COLUMNS,
    object_rows,
    objects_title,
)
from ...render.view import ClusterView
from .table_pane import TablePane


class ObjectsPane(TablePane):
    KIND: ClassVar[str]

    def names(self, snapshot: Snapshot) -> dict[str, str]:
        return {item.name: item.id for item in snapshot.objects if item.kind == self.KIND}

    def depends_on(self, view: ClusterView) -> tuple[object, ...]:
        return (view.snapshot.services, view.snapshot.objects, view.palette, view.filters)

    def draw(self, view: ClusterView) -> None:
        rows = object_rows(self.KIND, view.snapshot, view.palette, view.now, view.filters)
        self.table.sync(rows)
        self.set_title(f"[{self.KEY}] {objects_title(self.KIND, len(rows), view.snapshot)}")


class NetworksPane(ObjectsPane):
    PANE = "networks"
    KIND = INSPECTS = "network"
    COLUMNS = NETWORK_COLUMNS
    TITLE = "Networks"
    KEY, HELP = "6", "Show the networks: driver, scope, subnet and attached services"
    WORDS = ("net", "network")


class SecretsPane(ObjectsPane):
    PANE = "secrets"
    KIND = INSPECTS = "secret"
    COLUMNS = SECRET_COLUMNS
    TITLE = "Secrets"
    KEY, HELP = "7", "Show the secrets: created, updated and which services use them"
    WORDS = ("secret",)


class ConfigsPane(ObjectsPane):
    PANE = "configs"
    KIND = INSPECTS = "config"
    COLUMNS = CONFIG_COLUMNS
    TITLE = "Configs"
    KEY, HELP = "8", "Show the configs: created, updated and which services use them"
    WORDS = ("config", "cm")
