"""The rollout panel: which rollout it shows, and the panel's text."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from ..docker.models import Snapshot
from ..docker.rollout import Rollout, rollout_of
from .format import duration_ns, short_image
from .palette import Palette
from .selection import Kind, Selection
from .text import line, visible

# A finished rollout stays on the panel this long, so its outcome is seen, then steps aside.
FINISHED_ROLLOUT_SHOWN_S = 300


def _long_finished(rollout: Rollout, now: datetime) -> bool:
    status = rollout.service.update_status
    completed = status.completed_at if status else None
    return (
        rollout.finished
        and completed is not None
        and (now - completed).total_seconds() > FINISHED_ROLLOUT_SHOWN_S
    )


def shown_rollout(snapshot: Snapshot, selection: Selection | None, now: datetime) -> Rollout | None:
    """The selected service's update or rollback, while it runs or pauses, and for a
    while after it ends so its outcome is seen."""
    if selection is None or selection.kind != Kind.SERVICE:
        return None
    service = snapshot.service_by_id.get(selection.key)
    if service is None:
        return None
    rollout = rollout_of(
        service,
        snapshot.tasks_of_service(service.id),
        snapshot.up_to_date.get(service.id),
        now,
        snapshot.paces.get(service.id),
    )
    if rollout is None or _long_finished(rollout, now):
        return None
    return rollout


def state_words(rollout: Rollout) -> str:
    """The rollout's state as the panel names it: the daemon's, unless it stalled, and a
    completed rollback said to be the failed update it is."""
    if rollout.stalled:
        return "stalled"
    state = rollout.state.replace("_", " ")
    return f"{state}: the update failed" if rollout.rolled_back else state


def rollout_title(rollout: Rollout) -> Text:
    kind = "Rollback" if rollout.is_rollback else "Update"
    state = state_words(rollout)
    return line(f"{kind} of {rollout.service.name}: {state} · {rollout.updated}/{rollout.total}")


def stall_sentence(rollout: Rollout) -> str:
    """'No slot has moved for 1m05s (more than monitor 2s + delay 1s + 60s margin).'"""
    pace, config = rollout.pace, rollout.config
    if pace is None:
        return ""
    margin = pace.limit_s - (config.monitor_ns + config.delay_ns) / 1e9
    return (
        f"No slot has moved for {_seconds(pace.still_s)} (more than monitor "
        f"{duration_ns(config.monitor_ns)} + delay {duration_ns(config.delay_ns)} + "
        f"{_seconds(margin)} margin)."
    )


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    value = int(value)
    return f"{value // 60}m{value % 60:02d}s" if value >= 60 else f"{value}s"


def rollout_detail(rollout: Rollout, snapshot: Snapshot, palette: Palette) -> Text:
    """The live rollout panel: progress, every slot old → new, config, state, time left."""
    text = Text()
    failed = rollout.paused or rollout.stalled or rollout.rolled_back
    colour = palette.error if failed else palette.success if rollout.finished else palette.accent
    text.append(visible(state_words(rollout)), style=f"bold {colour}")
    text.append(f"  {rollout.updated}/{rollout.total} updated")
    text.append(f"  elapsed {_seconds(rollout.elapsed_s)}")
    if rollout.eta_s is not None:
        text.append(f", about {_seconds(rollout.eta_s)} left")
    text.append("\n")
    if rollout.stalled:
        text.append(visible(stall_sentence(rollout)) + "\n", style=colour)
    if rollout.rolled_back:
        text.append(visible(f"Rolled back: {rollout.reason}") + "\n", style=colour)
    elif rollout.message:
        text.append(visible(rollout.message), style=colour)
        text.append("\n")
    if rollout.paused:
        text.append("Paused: press ", style=palette.error)
        text.append("b", style="bold")
        text.append(" to roll back or ", style=palette.error)
        text.append("r", style="bold")
        text.append(" to retry the update.\n", style=palette.error)
    config = rollout.config
    settings = (
        f"parallelism {config.parallelism}, delay {duration_ns(config.delay_ns)}, "
        f"on failure {config.failure_action}, monitor {duration_ns(config.monitor_ns)}, "
        f"{config.order}"
    )
    text.append(visible(settings) + "\n", style=palette.muted)
    for slot in rollout.slots:
        mark, style = ("✔", palette.success) if slot.updated else ("…", palette.warning)
        if slot.error:
            mark, style = "✗", palette.error
        node = snapshot.node_name(slot.node_id) or "-"
        label = slot.slot if slot.slot.isdigit() else node
        text.append(visible(f"{mark} {label:>3} "), style=style)
        old = short_image(slot.old_image) if slot.old_image else "new"
        text.append(visible(f"{old} → {short_image(slot.new_image)}  {slot.state} on {node}"))
        if slot.error:
            text.append(visible(f"  {slot.error}"), style=palette.error)
        text.append("\n")
    return text
