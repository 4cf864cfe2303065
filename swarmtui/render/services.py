"""The services pane's columns and rows."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from rich.text import Text

from ..docker.health import replica_progress, service_health
from ..docker.models import ServiceInfo, Snapshot, TaskInfo
from .cells import BAR_WIDTH, Column, Row, RowMemo, fit_images, progress_bar
from .filters import Filters
from .format import short_image
from .palette import Palette
from .text import MAX_LINE, READING_TASKS, line

SERVICE_COLUMNS = (
    Column("name", "SERVICE"),
    Column("replicas", "REPLICAS", BAR_WIDTH + 8),
    Column("mode", "MODE"),
    Column("image", "IMAGE"),
    Column("ports", "PORTS"),
    Column("update", "UPDATE"),
)


def update_label(service: ServiceInfo) -> str:
    status = service.update_status
    return status.state.replace("_", " ") if status else ""


def image_cell(image: Text, mark: str, palette: Palette) -> Text:
    """The image, and beside it the mark of a newer digest behind its tag (render/image_news)."""
    if mark:
        image.append(f" {mark}", style=f"bold {palette.accent}")
    return image


def service_row(service: ServiceInfo, health: str, palette: Palette, mark: str = "") -> Row:
    colour = palette.for_health(health)
    # Rows that need a look stand out by name too, not only by their bar.
    bold = "bold " if health in ("failing", "paused", "stalled", "rolled_back") else ""
    name = line(service.name, style=f"{bold}{colour}" if health != "ok" else "")
    mode = service.mode if not service.is_global else "global"
    return (
        service.id,
        (
            name,
            progress_bar(replica_progress(service), colour, palette.muted),
            line(mode),
            image_cell(line(short_image(service.image, MAX_LINE)), mark, palette),
            line(", ".join(str(port) for port in service.ports)),
            line(update_label(service), style=colour if service.update_status else ""),
        ),
    )


def service_rows(
    snapshot: Snapshot,
    palette: Palette,
    failing: dict[str, TaskInfo],
    stuck: dict[str, TaskInfo],
    filters: Filters | None = None,
    memo: RowMemo | None = None,
    width: int | None = None,
    marks: Mapping[str, str] | None = None,
) -> list[Row]:
    """The listed services' rows, the image column cut to what `width` cells leave it;
    `marks` by service id, beside the image (a newer digest behind its tag)."""
    filters = filters or Filters()
    marks = marks or {}
    memo = RowMemo() if memo is None else memo
    rows = []
    stalled = snapshot.stalled
    for service in snapshot.services:
        if not filters.service(service):
            continue
        health = service_health(service, failing, stuck, stalled)
        mark = marks.get(service.id, "")
        rows.append(
            memo.row(
                service.id,
                (service, health, palette, mark),
                partial(service_row, service, health, palette, mark),
            )
        )
    memo.keep(key for key, _ in rows)
    images = {service.id: service.image for service in snapshot.services}
    return fit_images(rows, SERVICE_COLUMNS, width, images, marks=marks)


def services_title(
    rows: list[Row],
    total: int,
    failing: dict[str, TaskInfo],
    stack: str,
    order: str = "",
    tasks_read: bool = True,
) -> Text:
    """'[1] Services (shown/all) · n failing · by attention'; an opened stack counts only its
    own failures. The order comes last, where the pane's width cuts first. Before the task list
    arrives nothing is known to fail: it says so instead of a count."""
    count = sum(1 for key, _ in rows if key in failing) if stack else len(failing)
    note = f" · {count} failing" if count else ""
    if not tasks_read:
        note = f" · {READING_TASKS}"
    scope, back = (f" of stack {stack}", " · esc: all") if stack else ("", "")
    by = f" · by {order}" if order else ""
    return line(f"[1] Services{scope} ({len(rows)}/{total}){note}{back}{by}")
