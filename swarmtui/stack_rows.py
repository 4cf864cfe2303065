"""Pure renderers for the stacks pane: its rows, and the detail and tasks of one stack.

Like rows.py, free of widgets so they are unit-tested against the lab recording.
"""

from __future__ import annotations

from rich.text import Text

from .docker.health import HEALTH_ORDER, Progress, service_health
from .docker.models import Snapshot, TaskInfo
from .docker.stacks import StackInfo, count_of
from .rows import BAR_WIDTH, Column, Palette, Row, progress_bar

STACK_COLUMNS = (
    Column("name", "STACK"),
    Column("services", "SERVICES"),
    Column("tasks", "TASKS", BAR_WIDTH + 8),
    Column("networks", "NETWORKS"),
    Column("secrets", "SECRETS"),
    Column("configs", "CONFIGS"),
)


def stack_health(stack: StackInfo, failing: dict[str, TaskInfo], stuck: dict[str, TaskInfo]) -> str:
    """The worst health among the stack's services; a stack with none left is draining."""
    if not stack.services:
        return "converging"
    healths = {service_health(service, failing, stuck) for service in stack.services}
    return min(healths, key=HEALTH_ORDER.index)


def stack_rows(
    stacks: tuple[StackInfo, ...],
    palette: Palette,
    failing: dict[str, TaskInfo],
    stuck: dict[str, TaskInfo],
    name_filter: str = "",
) -> list[Row]:
    needle = name_filter.lower()
    rows: list[Row] = []
    for stack in stacks:
        if needle not in stack.name.lower():
            continue
        health = stack_health(stack, failing, stuck)
        colour = palette.for_health(health)
        rows.append(
            (
                stack.name,
                (
                    Text(stack.name, style=colour if health != "ok" else ""),
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
        return Text(f"Stack {name} is gone.")
    text = Text()
    text.append(f"Stack {stack.name}", style="bold")
    text.append(
        f"  {count_of(len(stack.services), 'service')}, "
        f"{stack.running}/{stack.desired} tasks running\n"
    )
    for service in stack.services:
        text.append(f"  {service.short_name}", style=palette.accent)
        text.append(f"  {service.mode} {service.running}/{service.desired}  {service.image}\n")
    for kind in ("network", "secret", "config"):
        items = stack.of_kind(kind)
        names = ", ".join(item.name for item in items) or "none"
        text.append(f"{kind.capitalize()}s: ", style="bold")
        text.append(f"{names}\n")
    keys = "enter: its services only" + ("" if read_only else " · del: remove the stack")
    text.append(keys, style=palette.muted)
    return text
