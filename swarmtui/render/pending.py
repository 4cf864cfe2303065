"""Why a task is pending: one line per node naming the scheduler filter that turns it away.

Shown in the detail area under the daemon's own message, which only counts failures ("no
suitable node (scheduling constraints not satisfied on 3 nodes)"); this names the node and
what it has instead. The evaluation is `docker/scheduling.py`.
"""

from __future__ import annotations

from rich.text import Text

from ..docker.scheduling import Fit
from .format import size
from .palette import Palette
from .text import line

_AVAILABILITY = {"drain": "drained", "pause": "paused"}


def _amount(kind: str, value: int) -> str:
    if kind == "memory":
        return size(value) if value > 0 else "0B"
    if kind == "cpu":
        return f"{max(value, 0) / 1e9:g} CPU"
    return str(max(value, 0))


def fit_reason(fit: Fit) -> str:
    """What keeps the task off `fit.node`, in one line; 'eligible' when nothing does."""
    kind = fit.filter
    if kind == "state":
        return f"{fit.subject}: {fit.found}" if fit.found else fit.subject
    if kind == "availability":
        return _AVAILABILITY.get(fit.subject, fit.subject)
    if kind == "resources":
        unit = fit.subject
        return (
            f"{unit}: needs {_amount(unit, fit.needed)} reserved, "
            f"{_amount(unit, fit.free)} free of {_amount(unit, fit.total)}"
        )
    if kind == "constraint":
        return f"constraint {fit.subject}: {fit.found}"
    if kind == "platform":
        return f"platform: image runs on {fit.subject}, node is {fit.found}"
    if kind == "host-port":
        return f"host port {fit.subject} taken by {fit.found}"
    if kind == "max-replicas":
        return f"already runs {fit.needed} (max {fit.total} per node)"
    return "eligible"


def pending_text(fits: tuple[Fit, ...], palette: Palette) -> Text:
    """'Why pending, node by node:' then `✗ node1 constraint …` / `✓ node2 eligible` lines."""
    text = Text()
    if not fits:
        return text
    text.append("Why pending, node by node:\n", style="bold")
    for fit in fits:
        mark, style = ("✓", palette.success) if fit.eligible else ("✗", palette.warning)
        text.append(f" {mark} ", style=f"bold {style}")
        text.append(line(fit.node.hostname, style="bold"))
        text.append(" ")
        text.append(line(fit_reason(fit), style="" if fit.eligible else style))
        text.append("\n")
    if all(fit.eligible for fit in fits):
        text.append("Every node passes now: the scheduler should place it on its next pass.\n")
    return text
