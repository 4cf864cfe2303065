"""The detail area: everything about one service, node or task, errors in full and wrapped."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from rich.text import Text

from ..docker.events import SwarmEvent
from ..docker.health import Progress, replica_progress
from ..docker.models import NodeInfo, ServiceInfo, Snapshot, TaskInfo
from ..docker.rebalance import uneven
from ..docker.scheduling import awaits_placement, why_pending
from ..docker.secrets import mask_value
from ..docker.task_logs import TaskLog
from .events import recent_events
from .format import ago, cpus, duration_ns, short_image, size
from .image_news import image_news_line
from .last_words import last_words
from .nodes import node_role
from .palette import Palette
from .pending import pending_text
from .selection import Kind, Selection
from .stacks import find_stack, stack_detail
from .task_stats import figure_lines, sums_line
from .text import READING_TASKS, one_line, visible
from .view import ClusterView
from .vitals import Vitals, task_pointer, task_pointer_colour, vitals_detail

# swarmkit waits 5 s between restarts when the spec names no delay.
DEFAULT_RESTART_DELAY_NS = 5_000_000_000


def _line(text: Text, label: str, value: str, style: str = "") -> None:
    if not value:
        return
    text.append(f"{label} ", style="bold")
    text.append(visible(value), style=style)
    text.append("\n")


def _resources(limits_cpu: int, limits_mem: int) -> str:
    parts = []
    if limits_cpu:
        parts.append(f"cpu {cpus(limits_cpu)}")
    if limits_mem:
        parts.append(f"mem {size(limits_mem)}")
    return ", ".join(parts)


def _progress_words(progress: Progress, service: ServiceInfo) -> str:
    if service.mode == "replicated-job":
        return f"{progress.running}/{progress.desired} completed"
    return f"{progress.running}/{progress.desired} running"


def service_detail(
    service: ServiceInfo,
    failure: TaskInfo | None,
    stuck: TaskInfo | None,
    snapshot: Snapshot,
    palette: Palette,
    now: datetime,
    logs: Mapping[str, TaskLog] | None = None,
    vitals: Vitals | None = None,
    image_news: Text | None = None,
) -> Text:
    text = Text()
    text.append(one_line(service.name), style="bold")
    text.append(
        one_line(f"  {service.mode}  {_progress_words(replica_progress(service), service)}")
    )
    text.append("\n")
    if not snapshot.tasks_read:
        _line(
            text,
            "Tasks:",
            f"{READING_TASKS} (failures, placement and last words follow)",
            palette.muted,
        )
    if failure is not None:
        text.append("Failing now: ", style=f"bold {palette.error}")
        where = snapshot.node_name(failure.node_id) or "-"
        text.append(one_line(f"{failure.name} on {where}, {failure.state}"))
        text.append(f" {ago(failure.state_since, now)}\n")
        text.append(
            visible(failure.error or failure.message or "(no error text)"), style=palette.error
        )
        text.append("\n")
        if failure.exit_code:
            _line(text, "Exit code:", str(failure.exit_code), palette.error)
        pointer = task_pointer(failure, snapshot, vitals)
        _line(text, "Node's figure:", pointer, task_pointer_colour(failure, vitals, palette))
        if logs is not None:
            text.append_text(last_words(failure, logs, palette))
    if stuck is not None:
        text.append("Cannot be placed: ", style=f"bold {palette.warning}")
        text.append(visible(stuck.error), style=palette.warning)
        text.append("\n")
        text.append(pending_text(why_pending(snapshot, stuck), palette))
    status = service.update_status
    if status is not None:
        pace = snapshot.paces.get(service.id)
        stalled = pace is not None and pace.stalled and status.in_progress
        failed = status.paused or stalled or status.rolled_back
        colour = palette.error if failed else palette.accent if status.in_progress else ""
        when = f" (started {ago(status.started_at, now)})" if status.started_at else ""
        state = status.state.replace("_", " ") + (", stalled" if stalled else "")
        state += ": the update failed" if status.rolled_back else ""
        _line(text, "Update:", f"{state}{when}", colour)
        _line(
            text,
            "  ",
            (pace.reason if pace and status.rolled_back else "") or status.message,
            colour,
        )
    _line(text, "Image:", short_image(service.image))
    if image_news:
        text.append_text(image_news)
    if service.previous_image and service.previous_image != service.image:
        _line(text, "Previous:", short_image(service.previous_image))
    _line(text, "Ports:", ", ".join(str(port) for port in service.ports))
    _line(text, "Limits:", _resources(service.limits.nano_cpus, service.limits.memory_bytes))
    _line(
        text,
        "Reserved:",
        _resources(service.reservations.nano_cpus, service.reservations.memory_bytes),
    )
    restart = service.restart
    attempts = f", max {restart.max_attempts} attempts" if restart.max_attempts else ""
    _line(
        text,
        "Restart:",
        f"{restart.condition}, delay {duration_ns(restart.delay_ns or DEFAULT_RESTART_DELAY_NS)}"
        f"{attempts}",
    )
    config = service.update_config
    _line(
        text,
        "Update config:",
        f"parallelism {config.parallelism}, delay {duration_ns(config.delay_ns)}, "
        f"on failure {config.failure_action}, monitor {duration_ns(config.monitor_ns)}, "
        f"{config.order}",
    )
    _line(text, "Constraints:", ", ".join(service.constraints))
    shape = uneven(snapshot).get(service.id)
    if shape is not None:
        moved = ", ".join(task.name for task in shape.moves)
        _line(text, "Spread unevenly:", f"{shape.said()}; B moves {moved}", palette.warning)
    _line(text, "Stack:", service.stack)
    _line(text, "ID:", service.id)
    return text


def node_detail(
    node: NodeInfo, snapshot: Snapshot, palette: Palette, vitals: Vitals | None = None
) -> Text:
    text = Text()
    text.append(one_line(node.hostname), style="bold")
    text.append(one_line(f"  {node_role(node)}  {node.availability}  "))
    text.append(one_line(node.state), style=palette.success if node.is_ready else palette.error)
    text.append("\n")
    if node.state_message and not node.is_ready:
        _line(text, "Status:", node.state_message, palette.error)
    _line(text, "Address:", node.addr)
    if node.manager_addr:
        _line(text, "Manager address:", f"{node.manager_addr} ({node.reachability})")
    _line(text, "Engine:", f"{node.engine_version}  {node.os}/{node.arch}")
    _line(text, "Resources:", f"{cpus(node.nano_cpus)} CPUs, {size(node.memory_bytes)}")
    text.append_text(vitals_detail(node, vitals, palette))
    _line(text, "Labels:", "  ".join(f"{k}={mask_value(k, v)}" for k, v in node.labels))
    running = sum(
        1 for t in snapshot.tasks_on_node(node.id) if t.is_active and t.state == "running"
    )
    _line(text, "Running tasks:", str(running) if snapshot.tasks_read else READING_TASKS)
    _line(text, "ID:", node.id)
    return text


def task_detail(
    task: TaskInfo,
    snapshot: Snapshot,
    palette: Palette,
    now: datetime,
    logs: Mapping[str, TaskLog] | None = None,
    vitals: Vitals | None = None,
) -> Text:
    text = Text()
    text.append(one_line(task.name), style="bold")
    text.append(one_line(f"  desired {task.desired_state}, "))
    style = palette.error if task.is_failure else "" if task.state == "running" else palette.warning
    text.append(one_line(f"{task.state} {ago(task.state_since, now)}"), style=style)
    text.append("\n")
    if task.error:
        text.append("Error: ", style=f"bold {palette.error}")
        text.append(visible(task.error), style=palette.error)
        text.append("\n")
    if awaits_placement(task):
        text.append(pending_text(why_pending(snapshot, task), palette))
    _line(text, "Message:", task.message)
    if task.exit_code is not None and (task.exit_code or task.is_failure):
        _line(text, "Exit code:", str(task.exit_code), palette.error if task.exit_code else "")
    if task.is_failure and logs is not None:
        text.append_text(last_words(task, logs, palette))
    _line(text, "Node:", snapshot.node_name(task.node_id) or "(not placed yet)")
    pointer = task_pointer(task, snapshot, vitals)
    _line(text, "Node's figure:", pointer, task_pointer_colour(task, vitals, palette))
    _line(text, "Image:", short_image(task.image))
    if task.state_since:
        _line(text, "Since:", task.state_since.strftime("%Y-%m-%d %H:%M:%S UTC"))
    _line(text, "Task ID:", task.id)
    _line(text, "Container:", task.container_id[:12])
    return text


def detail_text(view: ClusterView, selection: Selection | None, task_id: str | None) -> Text:
    """The detail area: the task under the cursor when the tasks pane has focus, otherwise
    the selected service, node or stack."""
    snapshot, palette = view.snapshot, view.palette
    if task_id is not None:
        task = next((t for t in snapshot.tasks if t.id == task_id), None)
        if task is not None:
            text = task_detail(task, snapshot, palette, view.now, view.task_logs, view.node_vitals)
            if view.task_figures is not None:
                text.append_text(figure_lines(task, view.task_figures, palette))
            return text
    if selection is None:
        return Text("Select a service or node to see its tasks and details.")
    kind, key, _ = selection
    if kind == Kind.STACK:
        return stack_detail(find_stack(snapshot, key), key, palette, view.read_only)
    if kind == Kind.NODE:
        node = snapshot.node_by_id.get(key)
        return (
            node_detail(node, snapshot, palette, view.node_vitals) if node else Text("Node gone.")
        )
    service = snapshot.service_by_id.get(key)
    if service is None:
        return Text("Service removed.")
    text = service_detail(
        service,
        view.facts.failing.get(key),
        view.facts.stuck.get(key),
        snapshot,
        palette,
        view.now,
        view.task_logs,
        view.node_vitals,
        image_news_line(service, view.image_checks, view.now, palette),
    )
    if view.task_figures is not None:
        text.append_text(sums_line(snapshot.tasks_of_service(key), view.task_figures, palette))
    return text


def with_recent_events(text: Text, events: tuple[SwarmEvent, ...], named: bool = False) -> Text:
    """The detail text with the object's last few events under it (none: unchanged)."""
    if not events:
        return text
    return Text.assemble(text, "\n", recent_events(events, named))
