"""A deploy plan as plain lines of text, for the terminal (`swarmtui stack deploy`) and for
the plan screen: what will be created, updated (field by field), left alone and removed."""

from __future__ import annotations

import json
from typing import Any

from .deploy import Plan

_HEADINGS = (
    ("create", "Create"),
    ("update", "Update"),
    ("remove", "Remove"),
    ("unchanged", "Unchanged"),
)
_LONGEST_VALUE = 60


def shown(value: Any) -> str:
    """A spec value in one short line: JSON for structures, cut when it is long."""
    if value is None:
        return "(none)"
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    return text if len(text) <= _LONGEST_VALUE else text[: _LONGEST_VALUE - 1] + "…"


def plan_lines(plan: Plan) -> list[str]:
    lines = [f"Stack {plan.spec.name}:"]
    for action, heading in _HEADINGS:
        changes = plan.of(action)
        if not changes:
            continue
        lines.append(f"  {heading}:")
        for change in changes:
            lines.append(f"    {change.kind} {change.name}")
            lines += [
                f"      {path}: {shown(old)} → {shown(new)}"
                for path, old, new in change.differences
            ]
    if not plan.has_changes:
        lines.append("  Nothing to change.")
    lines += [f"  warning: {warning}" for warning in plan.spec.warnings]
    return lines
