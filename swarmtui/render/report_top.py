"""The incident report's busiest tasks: the top ones by memory and by CPU where their nodes
could be reached, and the sentence of each node that could not. Everything quoted goes
through render/markdown.py; the JSON twin has the figures as numbers."""

from __future__ import annotations

from typing import Any

from ..docker.incident import IncidentFacts
from ..docker.secrets import mask_text
from ..docker.task_stats import top_tasks
from .format import size
from .markdown import inline
from .text import visible

TOP_SHOWN = 10


def _clean(value: str) -> str:
    return mask_text(visible(value, one_line=True))


def top_data(facts: IncidentFacts) -> dict[str, Any] | None:
    """None when node access was off (the report then says nothing of it)."""
    read = facts.figures
    if read is None:
        return None
    snapshot = facts.snapshot

    def listed(by: str) -> list[dict[str, Any]]:
        return [
            {
                "task": _clean(task.name),
                "node": _clean(snapshot.node_name(task.node_id) or "-"),
                "cpu_percent": None if shown.cpu_percent is None else round(shown.cpu_percent, 1),
                "memory_used": shown.memory_used,
                "memory_limit": shown.memory_limit,
                "near_limit": shown.near_limit,
            }
            for task, shown in top_tasks(snapshot.tasks, read.figures, by)[:TOP_SHOWN]
        ]

    return {
        "by_memory": listed("memory"),
        "by_cpu": listed("cpu"),
        "unreachable": {_clean(node): _clean(why) for node, why in read.unreachable.items()},
    }


def top_section(facts: IncidentFacts) -> dict[str, Any]:
    """The JSON twin's `busiest_tasks`, absent when node access was off."""
    data = top_data(facts)
    return {} if data is None else {"busiest_tasks": data}


def top_markdown(data: dict[str, Any] | None) -> list[str]:
    if data is None:
        return []
    lines = ["", "## Busiest tasks", ""]
    if not data["by_memory"] and not data["unreachable"]:
        lines.append("No running task's figures could be read.")
    for title, key in (("By memory", "by_memory"), ("By CPU", "by_cpu")):
        if not data[key]:
            continue
        lines += ["", f"### {title}", "", "| task | node | CPU | memory |", "|---|---|---|---|"]
        for row in data[key]:
            cpu = "-" if row["cpu_percent"] is None else f"{row['cpu_percent']:.1f}%"
            memory = f"{size(row['memory_used'])}/{size(row['memory_limit'])}"
            if row["near_limit"]:
                memory += " (near its limit)"
            cells = (row["task"], row["node"], cpu, memory)
            lines.append("| " + " | ".join(inline(cell) for cell in cells) + " |")
    if data["unreachable"]:
        lines += ["", "Nodes whose figures could not be read:", ""]
        lines += [f"- {inline(node)}: {inline(why)}" for node, why in data["unreachable"].items()]
    return lines
