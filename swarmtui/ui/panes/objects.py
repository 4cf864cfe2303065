"""[6] Networks, [7] secrets and [8] configs: read-only lists with what uses each one.

Their rows do not change the main selection (they have no tasks); `y` inspects the
highlighted one, and the detail area keeps the service or node selected before.
"""

from __future__ import annotations

from typing import ClassVar

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

    def __init__(self) -> None:
        super().__init__()
        self.add_class("object-pane")  # wide: they take the nodes' slot, one at a time

    def depends_on(self, view: ClusterView) -> tuple[object, ...]:
        return (view.snapshot.services, view.snapshot.objects, view.palette, view.filters)

    def draw(self, view: ClusterView) -> None:
        rows = object_rows(self.KIND, view.snapshot, view.palette, view.now, view.filters)
        self.table.sync(rows)
        self.set_title(objects_title(self.KIND, len(rows), view.snapshot))


class NetworksPane(ObjectsPane):
    PANE = "networks"
    KIND = "network"
    COLUMNS = NETWORK_COLUMNS
    TITLE = "Networks"


class SecretsPane(ObjectsPane):
    PANE = "secrets"
    KIND = "secret"
    COLUMNS = SECRET_COLUMNS
    TITLE = "Secrets"


class ConfigsPane(ObjectsPane):
    PANE = "configs"
    KIND = "config"
    COLUMNS = CONFIG_COLUMNS
    TITLE = "Configs"
