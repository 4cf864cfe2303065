"""The nodes pane's columns and rows."""

from __future__ import annotations

from ..docker.models import NodeInfo, Snapshot
from ..docker.secrets import mask_value
from .cells import Column, Row
from .filters import Filters
from .format import cpus, size
from .palette import Palette
from .text import line
from .vitals import Vitals, vitals_cells

NODE_COLUMNS = (
    Column("hostname", "NODE"),
    Column("role", "ROLE"),
    Column("availability", "AVAIL"),
    Column("state", "STATE"),
    Column("tasks", "TASKS"),
    Column("load", "LOAD"),
    Column("mem_avail", "MEM AVAIL"),
    Column("disk_free", "DISK FREE"),
    Column("addr", "ADDRESS"),
    Column("cpu", "CPU"),
    Column("memory", "MEMORY"),
    Column("engine", "ENGINE"),
    Column("labels", "LABELS"),
)


def node_role(node: NodeInfo) -> str:
    if not node.is_manager:
        return "worker"
    if node.is_leader:
        return "leader"
    return f"manager ({node.reachability})" if node.reachability != "reachable" else "manager"


def node_rows(
    snapshot: Snapshot,
    palette: Palette,
    filters: Filters | None = None,
    vitals: Vitals | None = None,
) -> list[Row]:
    """One row per node; `vitals` None: node access is off (its columns say so)."""
    filters = filters or Filters()
    running = {
        node.id: sum(1 for task in snapshot.tasks_on_node(node.id)
                     if task.is_active and task.state == "running")
        for node in snapshot.nodes
    }  # fmt: skip
    rows: list[Row] = []
    for node in snapshot.nodes:
        if not filters.names(node.hostname):
            continue
        state_colour = palette.success if node.is_ready else palette.error
        avail_colour = "" if node.availability == "active" else palette.warning
        role_colour = palette.accent if node.is_leader else ""
        if node.is_manager and node.reachability == "unreachable":
            role_colour = palette.error
        rows.append(
            (
                node.id,
                (
                    line(node.hostname, style="bold" if node.is_leader else ""),
                    line(node_role(node), style=role_colour),
                    line(node.availability, style=avail_colour),
                    line(node.state, style=state_colour),
                    str(running.get(node.id, 0)) if snapshot.tasks_read else "…",
                    *vitals_cells(node.id, vitals, palette),
                    line(node.addr),
                    cpus(node.nano_cpus),
                    size(node.memory_bytes),
                    line(node.engine_version),
                    line(" ".join(f"{k}={mask_value(k, v)}" for k, v in node.labels)),
                ),
            )
        )
    return rows


def nodes_title(snapshot: Snapshot) -> str:
    ready = sum(1 for node in snapshot.nodes if node.is_ready)
    return f"[2] Nodes ({ready}/{len(snapshot.nodes)} ready)"
