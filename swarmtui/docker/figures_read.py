"""Every running task's CPU and memory at once, for the incident report: each node's daemon
is read twice, SAMPLE_GAP_S apart (CPU is a delta), NODES_AT_ONCE nodes at a time, each node
through its own few clients (docker/node_daemon.py's NodeReader), closed after; a node that
cannot be reached is one sentence, and the others are read all the same. Blocking: for a
worker thread or the command line."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from .errors import SwarmError
from .models import NodeInfo, Snapshot, TaskInfo
from .node_access import NodeUnreachable
from .node_daemon import NodeDaemonApi, NodeReader
from .task_stats import TaskFigures, figures_of, measured

SAMPLE_GAP_S = 1.0
NODES_AT_ONCE = 3
MAX_TASKS_PER_NODE = 200
"""A report on a node packed with tasks stays quick: the rest are left unread (and said)."""


@dataclass(frozen=True)
class ClusterFigures:
    figures: dict[str, TaskFigures] = field(default_factory=dict)
    """By task id."""
    unreachable: dict[str, str] = field(default_factory=dict)
    """Node hostname to why its figures could not be read."""


def read_cluster_figures(
    snapshot: Snapshot,
    node_api: Callable[[NodeInfo], NodeDaemonApi],
    gap_s: float = SAMPLE_GAP_S,
) -> ClusterFigures:
    by_node: dict[str, list[TaskInfo]] = {}
    for task in snapshot.tasks:
        if measured(task):
            by_node.setdefault(task.node_id, []).append(task)
    nodes = [node for node in snapshot.nodes if node.id in by_node]
    result = ClusterFigures()
    if not nodes:
        return result

    def read(node: NodeInfo) -> tuple[NodeInfo, dict[str, TaskFigures], str]:
        tasks = {task.id: task.container_id for task in by_node[node.id][:MAX_TASKS_PER_NODE]}
        reader = NodeReader(lambda: node_api(node))
        try:
            first = reader.stats(tasks)
            time.sleep(gap_s)
            second = reader.stats(tasks)
        except (NodeUnreachable, SwarmError) as error:
            return node, {}, str(error)
        finally:
            reader.close()
        figures = {
            task_id: figures_of(first.get(task_id), sample)
            for task_id, sample in second.items()
            if sample is not None
        }
        return node, figures, ""

    with ThreadPoolExecutor(max_workers=min(NODES_AT_ONCE, len(nodes))) as pool:
        for node, figures, problem in pool.map(read, nodes):
            result.figures.update(figures)
            if problem:
                result.unreachable[node.hostname] = problem
    return result
