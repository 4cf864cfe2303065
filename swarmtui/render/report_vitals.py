"""The incident report's node vitals: each node's load, memory available and free space of its
docker data root as last read over SSH, or why it was not reached. The JSON twin has the
figures in bytes; the Markdown escapes every value (render/markdown.py)."""

from __future__ import annotations

from typing import Any

from ..docker.incident import IncidentFacts
from ..docker.node_vitals import NodeVitals
from ..docker.secrets import mask_text
from .format import size
from .markdown import inline
from .text import visible


def _clean(value: str) -> str:
    return mask_text(visible(value, one_line=True))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _node(name: str, vitals: NodeVitals | None) -> dict[str, Any]:
    if vitals is None:
        return {"node": _clean(name), "unread": True}
    if vitals.error:
        return {"node": _clean(name), "error": _clean(vitals.error)}
    return {
        "node": _clean(name),
        "read_at": vitals.read_at.strftime("%Y-%m-%d %H:%M:%S UTC") if vitals.read_at else "-",
        "load1": vitals.load1,
        "cpus": vitals.cpus,
        "load_per_cpu": _round(vitals.load_per_cpu),
        "mem_total_bytes": vitals.mem_total,
        "mem_available_bytes": vitals.mem_available,
        "mem_available_pct": _round(vitals.mem_available_pct),
        "docker_root": _clean(vitals.root),
        "disk_total_bytes": vitals.disk_total,
        "disk_free_bytes": vitals.disk_free,
        "disk_free_pct": _round(vitals.disk_free_pct),
    }


def vitals_data(facts: IncidentFacts) -> list[dict[str, Any]] | None:
    """One entry per node, in the node list's order; None when node access is off."""
    if facts.node_vitals is None:
        return None
    return [_node(node.hostname, facts.node_vitals.get(node.id)) for node in facts.snapshot.nodes]


def _pct(value: float | None) -> str:
    return "?" if value is None else f"{value:.0f} %"


def vitals_markdown(nodes: list[dict[str, Any]] | None) -> list[str]:
    lines = ["", "## Node vitals", ""]
    if nodes is None:
        return [*lines, "Node access is off (--no-node-access or [nodes] enabled = false)."]
    if not nodes:
        return [*lines, "No node listed."]
    lines += [
        "| node | load (1 minute) | load per CPU | memory available | docker data root free |",
        "|---|---|---|---|---|",
    ]
    for node in nodes:
        if node.get("unread"):
            cells = [node["node"], "not read yet", "", "", ""]
        elif "error" in node:
            cells = [node["node"], f"not reached: {node['error']}", "", "", ""]
        else:
            per = node["load_per_cpu"]
            cells = [
                node["node"],
                "?" if node["load1"] is None else f"{node['load1']:.2f}",
                "?" if per is None else f"{per:.2f}",
                f"{size(node['mem_available_bytes'])} ({_pct(node['mem_available_pct'])})",
                f"{size(node['disk_free_bytes'])} ({_pct(node['disk_free_pct'])}) on "
                f"{node['docker_root']}",
            ]
        lines.append("| " + " | ".join(inline(str(cell)) for cell in cells) + " |")
    return lines
