"""The networks, secrets and configs views: their rows and what each is used by."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from ..docker.models import ObjectInfo, Snapshot
from ..docker.objects import of_kind, used_by
from .cells import Column, Row
from .filters import Filters
from .format import ago
from .palette import Palette
from .text import line

NETWORK_COLUMNS = (
    Column("name", "NETWORK"),
    Column("driver", "DRIVER"),
    Column("scope", "SCOPE"),
    Column("subnet", "SUBNET"),
    Column("services", "ATTACHED SERVICES"),
)
SECRET_COLUMNS = (
    Column("name", "SECRET"),
    Column("created", "CREATED"),
    Column("updated", "UPDATED"),
    Column("used", "USED BY"),
)
CONFIG_COLUMNS = (
    Column("name", "CONFIG"),
    Column("created", "CREATED"),
    Column("updated", "UPDATED"),
    Column("used", "USED BY"),
)

KIND_VIEWS = {"network": "networks", "secret": "secrets", "config": "configs"}


def users(item: ObjectInfo, snapshot: Snapshot, palette: Palette) -> Text:
    names = sorted(service.name for service in used_by(item, snapshot.services))
    if not names:
        return Text("unused", style=palette.muted)
    return line(", ".join(names))


def object_rows(
    kind: str, snapshot: Snapshot, palette: Palette, now: datetime, filters: Filters | None = None
) -> list[Row]:
    filters = filters or Filters()
    rows: list[Row] = []
    for item in of_kind(snapshot.objects, kind):
        if not filters.names(item.name):
            continue
        if kind == "network":
            cells: tuple[str | Text, ...] = (
                line(item.name),
                line(item.driver),
                line(item.scope),
                line(", ".join(item.subnets)),
                users(item, snapshot, palette),
            )
        else:
            cells = (
                line(item.name),
                ago(item.created_at, now),
                ago(item.updated_at, now),
                users(item, snapshot, palette),
            )
        rows.append((item.id, cells))
    return rows


def objects_title(kind: str, shown: int, snapshot: Snapshot) -> str:
    total = len(of_kind(snapshot.objects, kind))
    label = KIND_VIEWS[kind].capitalize()
    return f"{label} ({shown}/{total})" if shown != total else f"{label} ({total})"
