"""The stacks pane: its rows, and the title, detail and tasks of one stack."""

from __future__ import annotations

from rich.text import Text

from ..docker.health import HEALTH_ORDER, Progress, service_health
from ..docker.models import Snapshot, TaskInfo
from ..docker.stacks import StackInfo, count_of, stacks_of
from .cells import BAR_WIDTH, Column, Row, progress_bar
from .filters import Filters
from .format import short_image
from .palette import Palette
from .text import line, literal, one_line, visible

STACK_COLUMNS = (
    Column("name", "STACK"),
    Column("services", "SERVICES"),
    Column("tasks", "TASKS", BAR_WIDTH + 8),
    Column("networks", "NETWORKS"),
    Column("secrets", "SECRETS"),
    Column("configs", "CONFIGS"),
)


def stack_health(
    stack: StackInfo,
    failing: dict[str, TaskInfo],
    stuck: dict[str, TaskInfo],
    stalled: frozenset[str] = frozenset(),
) -> str:
    """The worst health among the stack's services; a stack with none left is draining."""
    if not stack.services:
        return "converging"
    healths = {service_health(service, failing, stuck, stalled) for service in stack.services}
    return min(healths, key=HEALTH_ORDER.index)


def stack_rows(
    stacks: tuple[StackInfo, ...],
    palette: Palette,
    failing: dict[str, TaskInfo],
    stuck: dict[str, TaskInfo],
    filters: Filters | None = None,
    stalled: frozenset[str] = frozenset(),
) -> list[Row]:
    filters = filters or Filters()
    rows: list[Row] = []
    for stack in stacks:
        if not filters.names(stack.name):
            continue
        health = stack_health(stack, failing, stuck, stalled)
        colour = palette.for_health(health)
        rows.append(
            (
                stack.name,
                (
                    line(stack.name, style=colour if health != "ok" else ""),
                    str(len(stack.services)),
                    progress_bar(Progress(stack.running, stack.desired), colour, palette.muted),
                    str(len(stack.of_kind("network"))),
                    str(len(stack.of_kind("secret"))),
                    str(len(stack.of_kind("config"))),
                ),
            )
        )
    return rows


def stack_tasks(
    snapshot: Snapshot, stack: StackInfo | None, name: str
) -> tuple[str, list[TaskInfo]]:
    """The tasks pane's title and tasks while a stack is selected: its services' tasks."""
    if stack is None:
        return f"Tasks of stack {name} (gone)", []
    ids = {service.id for service in stack.services}
    tasks = [task for task in snapshot.tasks if task.service_id in ids]
    return f"Tasks of stack {name} ({stack.running}/{stack.desired})", tasks


def stack_detail(
    stack: StackInfo | None, name: str, palette: Palette, read_only: bool = False
) -> Text:
    if stack is None:
        return literal(f"Stack {name} is gone.")
    text = Text()
    text.append(one_line(f"Stack {stack.name}"), style="bold")
    text.append(
        f"  {count_of(len(stack.services), 'service')}, "
        f"{stack.running}/{stack.desired} tasks running\n"
    )
    for service in stack.services:
        text.append(one_line(f"  {service.short_name}"), style=palette.accent)
        image = short_image(service.image)
        text.append(one_line(f"  {service.mode} {service.running}/{service.desired}  {image}"))
        text.append("\n")
    for kind in ("network", "secret", "config"):
        items = stack.of_kind(kind)
        names = ", ".join(item.name for item in items) or "none"
        text.append(f"{kind.capitalize()}s: ", style="bold")
        text.append(visible(names) + "\n")
    keys = "enter: its services only" + ("" if read_only else " · del: remove the stack")
    text.append(keys, style=palette.muted)
    return text


def find_stack(snapshot: Snapshot | None, name: str) -> StackInfo | None:
    if snapshot is None:
        return None
    return next((stack for stack in stacks_of(snapshot) if stack.name == name), None)


def contents(stack: StackInfo) -> str:
    """'2 services, 1 secret, 1 network': what removing the stack removes."""
    parts = [count_of(len(stack.services), "service")]
    parts += [
        count_of(len(stack.of_kind(kind)), kind)
        for kind in ("secret", "config", "network")
        if stack.of_kind(kind)
    ]
    return ", ".join(parts)


def stacks_title(shown: int, total: int) -> str:
    return f"[5] Stacks ({shown}/{total})  enter: its services"
