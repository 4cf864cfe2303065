"""A lint of the live cluster: what is set up so that it will hurt later.

Pure functions over what `lint_read.py` reads (the services' specs, the nodes, the running
tasks, the CA certificate): one small function per rule, a table of rules, each finding naming
the object, why it matters in one sentence, and the change that fixes it. Where that change is
a service update, the finding carries it as a `SpecFix` the dashboard shows as a plan and
applies through the write runner.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .models import NodeInfo, ServiceInfo, TaskInfo
from .scheduling import NodeLoad, fit

SECOND = 1_000_000_000
SEVERITIES = ("error", "warning")
CA_EXPIRY_WARNING = timedelta(days=30)
_IMAGE_ID = re.compile(r"^sha256:[0-9a-f]{64}$")
# The daemon's defaults when a healthcheck leaves a field out (moby container/health).
HEALTH_INTERVAL_DEFAULT = 30 * SECOND
HEALTH_RETRIES_DEFAULT = 3


@dataclass(frozen=True, slots=True)
class HealthSpec:
    """A service's healthcheck (ContainerSpec.Healthcheck), durations in nanoseconds."""

    test: tuple[str, ...] = ()
    interval_ns: int = 0
    retries: int = 0
    start_period_ns: int = 0

    @property
    def disabled(self) -> bool:
        return self.test[:1] == ("NONE",)

    @property
    def settle_ns(self) -> int:
        """The longest a broken task can still look healthy: start period + interval × retries."""
        interval = self.interval_ns or HEALTH_INTERVAL_DEFAULT
        retries = self.retries or HEALTH_RETRIES_DEFAULT
        return self.start_period_ns + interval * retries


@dataclass(frozen=True, slots=True)
class SpecFix:
    """A change to a service's spec: each path (from the Spec's top) set to a value."""

    sets: tuple[tuple[tuple[str, ...], Any], ...]

    def apply(self, spec: dict[str, Any]) -> None:
        for path, value in self.sets:
            place = spec
            for key in path[:-1]:
                if place.get(key) is None:
                    place[key] = {}
                place = place[key]
                if not isinstance(place, dict):
                    raise ValueError(f"{'.'.join(path)} is not a mapping in this spec")
            place[path[-1]] = value

    def changes(self, spec: Mapping[str, Any]) -> tuple[tuple[str, Any, Any], ...]:
        """(dotted path, value now, value after) for each set."""
        found = []
        for path, value in self.sets:
            place: Any = spec
            for key in path:
                place = place.get(key) if isinstance(place, Mapping) else None
            found.append((".".join(path), place, value))
        return tuple(found)


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: str
    """'error' (it will hurt) or 'warning' (it may)."""
    kind: str
    """'service', 'node' or 'swarm'."""
    name: str
    object_id: str
    why: str
    fix: str
    update: SpecFix | None = None
    """The service update that fixes it, when one does."""


@dataclass(frozen=True)
class LintInput:
    services: tuple[ServiceInfo, ...]
    health: Mapping[str, HealthSpec | None]
    """Each service's healthcheck by id; None: the spec sets none (the image may)."""
    nodes: tuple[NodeInfo, ...]
    tasks: tuple[TaskInfo, ...]
    """Tasks desired to run."""
    ca_expires: datetime | None
    now: datetime


def seconds(ns: int) -> str:
    value = ns / SECOND
    return f"{value:g}s" if value < 120 else f"{value / 60:g}m"


# Service rules ------------------------------------------------------------------------------


def no_healthcheck(service: ServiceInfo, facts: LintInput) -> Iterable[Finding]:
    health = facts.health.get(service.id)
    if service.is_job or (health is not None and not health.disabled):
        return
    said = "turns the image's healthcheck off" if health else "sets no healthcheck"
    unless = "" if health else " (unless its image has one)"
    yield Finding(
        "no-healthcheck", "warning", "service", service.name, service.id,
        f"Its spec {said}, so a task counts as healthy once its process starts and a rolling "
        f"update cannot tell a broken version from a working one{unless}.",
        f"docker service update --health-cmd 'CHECK' --health-interval 10s {service.name}",
    )  # fmt: skip


def short_monitor(service: ServiceInfo, facts: LintInput) -> Iterable[Finding]:
    health = facts.health.get(service.id)
    if service.is_job or health is None or health.disabled:
        return
    needed = math.ceil(health.settle_ns / SECOND) * SECOND
    monitor = service.update_config.monitor_ns
    if monitor >= needed:
        return
    yield Finding(
        "short-update-monitor", "error", "service", service.name, service.id,
        f"The update monitor ({seconds(monitor)}) ends before the healthcheck can fail a task "
        f"(start period + interval × retries = {seconds(needed)}), so a broken rollout counts "
        "as a success.",
        f"docker service update --update-monitor {seconds(needed)} {service.name}",
        SpecFix(((("UpdateConfig", "Monitor"), needed),)),
    )  # fmt: skip


def restart_unbounded(service: ServiceInfo, facts: LintInput) -> Iterable[Finding]:
    policy = service.restart
    if policy.condition == "none" or (policy.delay_ns and policy.max_attempts):
        return
    sets: list[tuple[tuple[str, ...], Any]] = []
    flags = []
    if not policy.delay_ns:
        sets.append((("TaskTemplate", "RestartPolicy", "Delay"), 5 * SECOND))
        flags.append("--restart-delay 5s")
    if not policy.max_attempts:
        sets.append((("TaskTemplate", "RestartPolicy", "MaxAttempts"), 3))
        flags.append("--restart-max-attempts 3")
        if not policy.window_ns:
            sets.append((("TaskTemplate", "RestartPolicy", "Window"), 120 * SECOND))
            flags.append("--restart-window 2m")
    missing = " and ".join(
        f"no {what}" for what, unset in (("delay", not policy.delay_ns),
                                         ("maximum of attempts", not policy.max_attempts)) if unset
    )  # fmt: skip
    yield Finding(
        "restart-unbounded", "warning", "service", service.name, service.id,
        f"Its restart policy has {missing}: "
        "a task that crashes is restarted without end, hammering what it depends on.",
        f"docker service update {' '.join(flags)} {service.name}",
        SpecFix(tuple(sets)),
    )  # fmt: skip


def no_memory_bounds(service: ServiceInfo, facts: LintInput) -> Iterable[Finding]:
    limit, reserved = service.limits.memory_bytes, service.reservations.memory_bytes
    if limit and reserved:
        return
    resources = ("TaskTemplate", "Resources")
    update = None
    if reserved:
        missing, update = "limit", SpecFix((((*resources, "Limits", "MemoryBytes"), 2 * reserved),))
        flag = f"--limit-memory {2 * reserved // 2**20}M"
    elif limit:
        missing = "reservation"
        update = SpecFix((((*resources, "Reservations", "MemoryBytes"), limit // 2),))
        flag = f"--reserve-memory {limit // 2 // 2**20}M"
    else:
        missing, flag = "reservation or limit", "--reserve-memory 64M --limit-memory 256M"
    yield Finding(
        "no-memory-bounds", "warning", "service", service.name, service.id,
        f"No memory {missing}: the scheduler packs tasks blind and one leaking task can take "
        "its node's memory from everything else on it.",
        f"docker service update {flag} {service.name} (size it from what :top shows it use)",
        update,
    )  # fmt: skip


def image_unpinned(service: ServiceInfo, facts: LintInput) -> Iterable[Finding]:
    if service.image_digest or _IMAGE_ID.match(service.image):
        return
    name = service.image.rsplit("/", 1)[-1]
    latest = ":" not in name or name.endswith(":latest")
    pinned = f"{service.image.removesuffix(':latest')}:VERSION" if latest else service.image
    yield Finding(
        "image-latest" if latest else "image-unpinned",
        "error" if latest else "warning", "service", service.name, service.id,
        f"{service.image} is {'the moving :latest tag' if latest else 'a tag with no digest'}: "
        "a task started later (a restart, a new node) may run other code than its siblings.",
        f"docker service update --image {pinned}@sha256:DIGEST {service.name}",
    )  # fmt: skip


def eligible_nodes(service: ServiceInfo, nodes: Iterable[NodeInfo]) -> tuple[NodeInfo, ...]:
    """Ready, active nodes that meet the service's constraints, platforms and reservations."""
    return tuple(node for node in nodes if fit(service, node, NodeLoad()).eligible)


def over_placement(service: ServiceInfo, facts: LintInput) -> Iterable[Finding]:
    if service.mode != "replicated" or not service.max_replicas or service.replicas is None:
        return
    eligible = len(eligible_nodes(service, facts.nodes))
    room = service.max_replicas * eligible
    if service.replicas <= room:
        return
    if not eligible:
        return  # nowhere to place any: the scheduler's reason shows on its pending tasks
    needed = math.ceil(service.replicas / eligible)
    yield Finding(
        "over-placement", "error", "service", service.name, service.id,
        f"{service.replicas} replicas, but at most {service.max_replicas} per node on "
        f"{eligible} eligible node{'s' if eligible != 1 else ''} hold {room}: the rest stay "
        "pending for ever.",
        f"docker service update --replicas-max-per-node {needed} {service.name} (or scale it "
        f"to {room})",
        SpecFix(((("TaskTemplate", "Placement", "MaxReplicas"), needed),)),
    )  # fmt: skip


ServiceRule = Callable[[ServiceInfo, LintInput], Iterable[Finding]]
SERVICE_RULES: tuple[ServiceRule, ...] = (
    no_healthcheck,
    short_monitor,
    restart_unbounded,
    no_memory_bounds,
    image_unpinned,
    over_placement,
)
