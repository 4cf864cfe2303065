"""A running task's CPU and memory, as `docker stats` works them out, from its node's daemon.

`GET /containers/{id}/stats?stream=false&one-shot=true` answers at once with one sample and no
`precpu_stats`; the CPU share needs two, so the previous sample of each container is kept and
the delta taken as the docker CLI does (cli/command/container/stats_helpers.go,
calculateCPUPercentUnix): the container's CPU time over the host's, times the CPUs online.
Memory used is the usage less the inactive page cache, which the kernel reclaims before it
would kill: `inactive_file` (cgroup v2) or `total_inactive_file` (v1), again as the CLI.

What a node's daemon returns is outside text: numbers are read as numbers or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .models import TaskInfo

NEAR_LIMIT = 0.9
"""Memory used at or past this share of the limit is drawn in red."""
OOM_EXIT = 137
"""128 + SIGKILL: what a container killed by the kernel's out-of-memory killer exits with
(and any other SIGKILL too, so the container's own State.OOMKilled decides)."""
STATS_BYTES_MAX = 256 * 1024
"""A stats answer is a few KiB; a node sending more is cut off, not read."""


@dataclass(frozen=True, slots=True)
class StatsSample:
    """One reading of a container's counters."""

    cpu_total: int
    """Nanoseconds of CPU the container has used."""
    system_cpu: int
    """Nanoseconds of CPU the host has counted (all CPUs)."""
    online_cpus: int
    memory_used: int
    memory_limit: int


@dataclass(frozen=True, slots=True)
class TaskFigures:
    """What a task's row and detail show: its CPU share (None until a second sample), its
    memory, or why its node gives none."""

    cpu_percent: float | None = None
    memory_used: int = 0
    memory_limit: int = 0
    problem: str = ""
    """One sentence: the node cannot be reached (its figures are unknown)."""
    oom_killed: bool = False
    """The task's container says the out-of-memory killer ended it."""

    @property
    def memory_share(self) -> float | None:
        if self.memory_limit <= 0 or self.problem:
            return None
        return self.memory_used / self.memory_limit

    @property
    def near_limit(self) -> bool:
        share = self.memory_share
        return share is not None and share >= NEAR_LIMIT

    @property
    def known(self) -> bool:
        return not self.problem and self.memory_limit > 0


def _int(value: Any) -> int:
    # bool is an int to Python, but never a counter.
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def parse_stats(body: Mapping[str, Any]) -> StatsSample | None:
    """A sample from one stats answer; None for a container that is not running (the daemon
    answers with zeros) or an answer that is not stats."""
    cpu = body.get("cpu_stats")
    memory = body.get("memory_stats")
    if not isinstance(cpu, Mapping) or not isinstance(memory, Mapping):
        return None
    usage = cpu.get("cpu_usage")
    usage = usage if isinstance(usage, Mapping) else {}
    online = _int(cpu.get("online_cpus"))
    if not online:
        per_cpu = usage.get("percpu_usage")
        online = len(per_cpu) if isinstance(per_cpu, list) else 0
    limit = _int(memory.get("limit"))
    if not limit:
        return None
    return StatsSample(
        cpu_total=_int(usage.get("total_usage")),
        system_cpu=_int(cpu.get("system_cpu_usage")),
        online_cpus=online or 1,
        memory_used=memory_used(memory),
        memory_limit=limit,
    )


def memory_used(memory: Mapping[str, Any]) -> int:
    """Usage less the inactive file cache, as the CLI's calculateMemUsageUnixNoCache."""
    usage = _int(memory.get("usage"))
    stats = memory.get("stats")
    stats = stats if isinstance(stats, Mapping) else {}
    for key in ("total_inactive_file", "inactive_file"):  # cgroup v1, then v2
        if key in stats:
            inactive = _int(stats.get(key))
            if inactive < usage:
                return usage - inactive
    return usage


def cpu_percent(previous: StatsSample | None, current: StatsSample) -> float | None:
    """The container's share of one CPU (100 % a whole CPU) between two samples; None
    without a previous one, or when the counters went back (a restarted container)."""
    if previous is None:
        return None
    cpu_delta = current.cpu_total - previous.cpu_total
    system_delta = current.system_cpu - previous.system_cpu
    if system_delta <= 0 or cpu_delta < 0:
        return None
    return cpu_delta / system_delta * current.online_cpus * 100.0


def figures_of(previous: StatsSample | None, current: StatsSample) -> TaskFigures:
    return TaskFigures(cpu_percent(previous, current), current.memory_used, current.memory_limit)


def may_be_oom(task: TaskInfo) -> bool:
    """A failed task whose exit code is the OOM killer's: its container says whether it was."""
    return task.exit_code == OOM_EXIT and bool(task.container_id)


def measured(task: TaskInfo) -> bool:
    """A task whose container runs now, so its node can give its figures."""
    return task.state == "running" and bool(task.container_id) and bool(task.node_id)


@dataclass(frozen=True, slots=True)
class Sums:
    """The figures of a service's tasks added up, over those known."""

    cpu_percent: float
    memory_used: int
    memory_limit: int
    known: int
    of: int


def sums(tasks: Iterable[TaskInfo], figures: Mapping[str, TaskFigures]) -> Sums | None:
    """None when no running task's figures are known."""
    cpu, used, limit, known, of = 0.0, 0, 0, 0, 0
    for task in tasks:
        if not measured(task):
            continue
        of += 1
        shown = figures.get(task.id)
        if shown is None or not shown.known:
            continue
        known += 1
        cpu += shown.cpu_percent or 0.0
        used += shown.memory_used
        limit += shown.memory_limit
    return Sums(cpu, used, limit, known, of) if known else None


@dataclass(frozen=True, slots=True)
class NodeReading:
    """When a node's daemon last answered (time.monotonic), or why it did not."""

    read_at: float | None
    problem: str = ""
    tried_at: float = 0.0
    failures: int = 0
    """Failed reads in a row: the next waits twice as long as the last (node_access.retry_after)."""


TOP_ORDERS = ("cpu", "memory")


def top_tasks(
    tasks: Iterable[TaskInfo], figures: Mapping[str, TaskFigures], by: str = "cpu"
) -> list[tuple[TaskInfo, TaskFigures]]:
    """The running tasks whose figures are known, the busiest first (`by` cpu or memory)."""
    known = [
        (task, figures[task.id])
        for task in tasks
        if measured(task) and task.id in figures and figures[task.id].known
    ]

    def key(pair: tuple[TaskInfo, TaskFigures]) -> tuple[float, float, str]:
        task, shown = pair
        cpu, memory = shown.cpu_percent or 0.0, float(shown.memory_used)
        first, second = (cpu, memory) if by == "cpu" else (memory, cpu)
        return (-first, -second, task.name)

    return sorted(known, key=key)
