"""A deploy plan as text a person reads, for the terminal (`swarmtui stack deploy`) and the
deploy screen, in the manner of `terraform plan`:

    Stack shop:
      + secret shop_db_password (from secrets/db_password.txt)
      ~ service shop_api
          deploy.resources.limits.memory: 32M → 64M
          environment.POSTGRES_PASSWORD: changed
      - service shop_old
        service shop_worker (unchanged)
    Plan: 1 to create, 1 to update, 1 to remove, 1 unchanged.

Each line carries its mark (+ create, ~ update, - remove), which the dashboard and a terminal
colour; the text itself is plain, so piped output and CI logs read the same. No secret shows:
see compose_paths.py. A plan with nothing to do ends "Nothing to change."
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..docker.secrets import mask_text
from .compose_paths import shown_differences
from .deploy import Change, Plan

_ORDER = ("remove", "create", "update", "unchanged")
_MARKS = {"create": "+", "update": "~", "remove": "-", "unchanged": " "}


@dataclass(frozen=True)
class PlanLine:
    text: str
    mark: str = ""  # "+", "~" or "-" for a line to colour; "" for the rest


def _where(path: str) -> str:
    """A path relative to the working directory when it lies beneath it."""
    relative = os.path.relpath(path) if os.path.isabs(path) else path
    return path if relative.startswith("..") else relative


def _heading(change: Change) -> str:
    text = f"  {_MARKS[change.action]} {change.kind} {change.name}"
    details = ["unchanged"] if change.action == "unchanged" else []
    if change.sources:
        details.append("from " + ", ".join(_where(source) for source in change.sources))
    return text + (f" ({'; '.join(details)})" if details else "")


def summary(plan: Plan) -> str:
    """'Plan: 2 to create, 1 to update, 3 unchanged.' or 'Nothing to change. 3 unchanged.'"""
    if not plan.has_changes:
        return f"Nothing to change. {len(plan.of('unchanged'))} unchanged."
    words = {"create": "to create", "update": "to update", "remove": "to remove"}
    parts = [
        f"{len(plan.of(action))} {words.get(action, action)}"
        for action in ("create", "update", "remove", "unchanged")
        if plan.of(action)
    ]
    return "Plan: " + ", ".join(parts) + "."


def plan_report(plan: Plan) -> list[PlanLine]:
    lines = [PlanLine(f"Stack {plan.spec.name}:")]
    for action in _ORDER:
        for change in plan.of(action):
            mark = _MARKS[action].strip()
            lines.append(PlanLine(_heading(change), mark))
            lines += [
                PlanLine(f"      {key}: {what}", mark)
                for key, what in shown_differences(change.kind, change.differences)
            ]
            if change.note:
                lines.append(PlanLine(f"      note: {change.note}"))
    # A warning may quote the daemon (a registry's answer while resolving an image).
    lines += [PlanLine(f"  warning: {mask_text(warning)}") for warning in plan.spec.warnings]
    lines.append(PlanLine(summary(plan)))
    return lines


def plan_lines(plan: Plan) -> list[str]:
    """The plan as plain text lines: headless output, logs, tests."""
    return [line.text for line in plan_report(plan)]
