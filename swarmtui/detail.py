"""The detail area: everything about one service, node or task, errors in full and wrapped."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from .docker.drain import DrainPreview
from .docker.health import Progress, replica_progress
from .docker.models import NodeInfo, ServiceInfo, Snapshot, TaskInfo
from .docker.rollout import Rollout
from .format import ago, cpus, duration_ns, short_image, size
from .rows import Palette, node_role

# swarmkit waits 5 s between restarts when the spec names no delay.
DEFAULT_RESTART_DELAY_NS = 5_000_000_000


def _line(text: Text, label: str, value: str, style: str = "") -> None:
    if not value:
        return
    text.append(f"{label} ", style="bold")
    text.append(value, style=style)
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
) -> Text:
    text = Text()
    text.append(service.name, style="bold")
    text.append(f"  {service.mode}  {_progress_words(replica_progress(service), service)}\n")
    if failure is not None:
        text.append("Failing now: ", style=f"bold {palette.error}")
        text.append(
            f"{failure.name} on {snapshot.node_name(failure.node_id) or '-'}, "
            f"{failure.state} {ago(failure.state_since, now)}\n"
        )
        text.append(failure.error or failure.message or "(no error text)", style=palette.error)
        text.append("\n")
    if stuck is not None:
        text.append("Cannot be placed: ", style=f"bold {palette.warning}")
        text.append(stuck.error, style=palette.warning)
        text.append("\n")
    status = service.update_status
    if status is not None:
        colour = palette.error if status.paused else palette.accent if status.in_progress else ""
        when = f" (started {ago(status.started_at, now)})" if status.started_at else ""
        _line(text, "Update:", f"{status.state.replace('_', ' ')}{when}", colour)
        _line(text, "  ", status.message, colour)
    _line(text, "Image:", short_image(service.image))
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
    _line(text, "Stack:", service.stack)
    _line(text, "ID:", service.id)
    return text


def node_detail(node: NodeInfo, snapshot: Snapshot, palette: Palette) -> Text:
    text = Text()
    text.append(node.hostname, style="bold")
    text.append(f"  {node_role(node)}  {node.availability}  ")
    text.append(node.state, style=palette.success if node.is_ready else palette.error)
    text.append("\n")
    if node.state_message and not node.is_ready:
        _line(text, "Status:", node.state_message, palette.error)
    _line(text, "Address:", node.addr)
    if node.manager_addr:
        _line(text, "Manager address:", f"{node.manager_addr} ({node.reachability})")
    _line(text, "Engine:", f"{node.engine_version}  {node.os}/{node.arch}")
    _line(text, "Resources:", f"{cpus(node.nano_cpus)} CPUs, {size(node.memory_bytes)}")
    _line(text, "Labels:", "  ".join(f"{k}={v}" for k, v in node.labels))
    running = sum(
        1 for t in snapshot.tasks_on_node(node.id) if t.is_active and t.state == "running"
    )
    _line(text, "Running tasks:", str(running))
    _line(text, "ID:", node.id)
    return text


def task_detail(task: TaskInfo, snapshot: Snapshot, palette: Palette, now: datetime) -> Text:
    text = Text()
    text.append(task.name, style="bold")
    text.append(f"  desired {task.desired_state}, ")
    style = palette.error if task.is_failure else "" if task.state == "running" else palette.warning
    text.append(f"{task.state} {ago(task.state_since, now)}", style=style)
    text.append("\n")
    if task.error:
        text.append("Error: ", style=f"bold {palette.error}")
        text.append(task.error, style=palette.error)
        text.append("\n")
    _line(text, "Message:", task.message)
    if task.exit_code is not None and (task.exit_code or task.is_failure):
        _line(text, "Exit code:", str(task.exit_code), palette.error if task.exit_code else "")
    _line(text, "Node:", snapshot.node_name(task.node_id) or "(not placed yet)")
    _line(text, "Image:", short_image(task.image))
    if task.state_since:
        _line(text, "Since:", task.state_since.strftime("%Y-%m-%d %H:%M:%S UTC"))
    _line(text, "Task ID:", task.id)
    _line(text, "Container:", task.container_id[:12])
    return text


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    value = int(value)
    return f"{value // 60}m{value % 60:02d}s" if value >= 60 else f"{value}s"


def rollout_detail(rollout: Rollout, snapshot: Snapshot, palette: Palette) -> Text:
    """The live rollout panel: progress, every slot old → new, config, state, time left."""
    text = Text()
    colour = (
        palette.error if rollout.paused else palette.success if rollout.finished else palette.accent
    )
    text.append(rollout.state.replace("_", " "), style=f"bold {colour}")
    text.append(f"  {rollout.updated}/{rollout.total} updated")
    text.append(f"  elapsed {_seconds(rollout.elapsed_s)}")
    if rollout.eta_s is not None:
        text.append(f", about {_seconds(rollout.eta_s)} left")
    text.append("\n")
    if rollout.message:
        text.append(rollout.message, style=colour)
        text.append("\n")
    if rollout.paused:
        text.append("Paused: press ", style=palette.error)
        text.append("b", style="bold")
        text.append(" to roll back or ", style=palette.error)
        text.append("r", style="bold")
        text.append(" to retry the update.\n", style=palette.error)
    config = rollout.config
    text.append(
        f"parallelism {config.parallelism}, delay {duration_ns(config.delay_ns)}, "
        f"on failure {config.failure_action}, monitor {duration_ns(config.monitor_ns)}, "
        f"{config.order}\n",
        style=palette.muted,
    )
    for slot in rollout.slots:
        mark, style = ("✔", palette.success) if slot.updated else ("…", palette.warning)
        if slot.error:
            mark, style = "✗", palette.error
        node = snapshot.node_name(slot.node_id) or "-"
        label = slot.slot if slot.slot.isdigit() else node
        text.append(f"{mark} {label:>3} ", style=style)
        old = short_image(slot.old_image) if slot.old_image else "new"
        text.append(f"{old} → {short_image(slot.new_image)}  {slot.state} on {node}")
        if slot.error:
            text.append(f"  {slot.error}", style=palette.error)
        text.append("\n")
    return text


_STRANDED_BECAUSE = {
    "no-node": "no other node is ready and active",
    "constraints": "no other ready, active node meets its constraints",
    "resources": "the nodes that may run it lack the reserved CPU or memory",
}


def drain_preview_text(preview: DrainPreview, palette: Palette, listed: int = 12) -> Text:
    """The drain confirmation: which tasks move, where they can go, which would be stuck."""
    text = Text()
    if not preview.moving and not preview.stopping:
        text.append(f"{preview.node.hostname} runs no tasks; new tasks stop going there.")
        return text
    text.append(f"Its {preview.task_count} task(s) move to other nodes:\n")
    for group in preview.moving[:listed]:
        names = ", ".join(task.name for task in group.tasks[:4])
        more = f" and {len(group.tasks) - 4} more" if len(group.tasks) > 4 else ""
        mark, style = (
            ("✗", f"bold {palette.error}") if group.stranded else ("→", f"bold {palette.success}")
        )
        text.append(f" {mark} ", style=style)
        text.append(f"{names}{more}", style="bold")
        if group.candidates:
            text.append(f" → {', '.join(group.candidates)}")
        if group.stranded:
            constraints = (
                f" ({', '.join(group.service.constraints)})"
                if group.problem == "constraints"
                else ""
            )
            text.append(
                f"\n     {group.stranded} would stay pending: "
                f"{_STRANDED_BECAUSE[group.problem]}{constraints}",
                style=palette.error,
            )
        text.append("\n")
    if len(preview.moving) > listed:
        text.append(f" … and {len(preview.moving) - listed} more services\n")
    if preview.stopping:
        services = sorted({task.service_name for task in preview.stopping})
        text.append(f"Global services stop their task here: {', '.join(services)}.\n")
    if preview.stranded:
        text.append(
            "Some tasks would have nowhere to go; drain anyway?", style=f"bold {palette.error}"
        )
    return text
