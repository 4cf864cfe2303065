"""Stacks: what `docker stack ls` and `docker stack rm` see, read from namespace labels.

A stack is no object of its own: it is every service, network, secret and config carrying the
label com.docker.stack.namespace=NAME. Removal follows the CLI's order (services, secrets,
configs, networks; volumes stay). A network still attached to a task that is stopping cannot be
removed yet, so what is refused as still in use is retried a few times with backoff.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .errors import DaemonError, WriteRefused
from .health import replica_progress
from .models import ServiceInfo, Snapshot, StackObject
from .parse import STACK_NAMESPACE_LABEL
from .protocol import Json, SwarmApi, SwarmReadApi

STACK_OBJECT_KINDS = ("network", "secret", "config")
"""Kinds the poller reads besides services; secrets and configs before networks, as removed."""
REMOVAL_ORDER = ("service", "secret", "config", "network")
RETRY_DELAYS_S = (1.0, 2.0, 4.0, 8.0, 8.0)
"""About 23 s in all: long enough for tasks to pass their default 10 s stop grace period."""


class StackNotFound(WriteRefused):
    """No service, network, secret or config carries the stack's namespace label."""


class StackPartlyRemoved(DaemonError):
    """Some of the stack's objects were still refused after every retry."""

    def __init__(self, message: str, remaining: tuple[StackObject, ...]) -> None:
        super().__init__(message)
        self.remaining = remaining


def parse_stack_object(kind: str, raw: Json) -> StackObject:
    # Networks keep name and labels at the top level; the others keep them in their Spec.
    holder = raw if kind == "network" else (raw.get("Spec") or {})
    labels = holder.get("Labels") or {}
    object_id = raw.get("ID") or raw.get("Id", "")  # networks spell it "Id"
    return StackObject(
        kind, object_id, holder.get("Name", ""), labels.get(STACK_NAMESPACE_LABEL, "")
    )


@dataclass(frozen=True)
class StackInfo:
    name: str
    services: tuple[ServiceInfo, ...]
    objects: tuple[StackObject, ...]

    def of_kind(self, kind: str) -> tuple[StackObject, ...]:
        return tuple(item for item in self.objects if item.kind == kind)

    @property
    def running(self) -> int:
        return sum(replica_progress(service).running for service in self.services)

    @property
    def desired(self) -> int:
        return sum(replica_progress(service).desired for service in self.services)


def stacks_of(snapshot: Snapshot) -> tuple[StackInfo, ...]:
    """Every stack in the snapshot, by name; one whose services are gone but whose network
    is still draining is listed too, so it can be removed again."""
    names = {s.stack for s in snapshot.services if s.stack}
    names |= {item.stack for item in snapshot.stack_objects if item.stack}
    return tuple(
        StackInfo(
            name,
            tuple(s for s in snapshot.services if s.stack == name),
            tuple(item for item in snapshot.stack_objects if item.stack == name),
        )
        for name in sorted(names)
    )


def count_of(count: int, kind: str) -> str:
    return f"{count} {kind}" + ("" if count == 1 else "s")


def summary(objects: Iterable[StackObject]) -> str:
    """'2 services, 1 network' in removal order; kinds with nothing are left out."""
    objects = tuple(objects)
    counts = [(kind, sum(1 for item in objects if item.kind == kind)) for kind in REMOVAL_ORDER]
    return ", ".join(count_of(count, kind) for kind, count in counts if count) or "nothing"


@dataclass(frozen=True)
class StackRemoval:
    stack: str
    objects: tuple[StackObject, ...]
    """In the order they are removed."""


def plan_removal(api: SwarmReadApi, stack: str) -> StackRemoval:
    """Read what `docker stack rm STACK` would remove, from the daemon rather than a snapshot."""
    name = stack.strip()
    if not name:
        raise WriteRefused("No stack was given to remove.")
    label = f"{STACK_NAMESPACE_LABEL}={name}"
    found: list[StackObject] = []
    for kind in REMOVAL_ORDER:
        items = (
            parse_stack_object(kind, raw)
            for raw in api.list_objects(f"{kind}s", {"label": [label]})
        )
        found.extend(sorted(items, key=lambda item: item.name))
    if not found:
        raise StackNotFound(
            f"Nothing found in stack {name}: no service, network, secret or "
            f"config carries the label {label}."
        )
    return StackRemoval(name, tuple(found))


def _reason(error: DaemonError) -> str:
    text = str(error).split("desc = ", 1)[-1]  # swarmkit wraps its sentence in gRPC status text
    return text.rstrip(".")


def _still_in_use(reason: str) -> bool:
    """A network (or secret, config) refused only because tasks still use it: worth a retry.
    swarmkit says "is in use by task …"; the engine says "has active endpoints"."""
    return "in use" in reason or "active endpoints" in reason


def remove_stack(
    api: SwarmApi,
    removal: StackRemoval,
    removed: Callable[[StackObject], None] = lambda item: None,
    retrying: Callable[[str], None] = lambda message: None,
    delays: tuple[float, ...] = RETRY_DELAYS_S,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Remove every object of the plan in order, going on past refusals as the CLI does; then
    retry what is still in use, after each delay, until it is gone.

    Some daemons refuse a network while tasks still use it; others accept the removal but keep
    listing the network until the tasks have stopped. Both count as not removed yet. Raises
    StackPartlyRemoved naming what is left once the retries run out (at once for any other
    refusal); a lost connection (DaemonUnreachable) stops at once.
    """
    pending = removal.objects
    final: list[tuple[StackObject, str]] = []
    for attempt in range(len(delays) + 1):
        waiting: list[tuple[StackObject, str]] = []
        accepted: list[StackObject] = []
        for item in pending:
            try:
                api.remove_object(f"{item.kind}s", item.id)
            except DaemonError as error:
                reason = _reason(error)
                if "not found" not in reason.lower():  # gone already counts as removed
                    (waiting if _still_in_use(reason) else final).append((item, reason))
                    continue
            accepted.append(item)
        lingering = _still_listed(api, removal.stack, accepted)
        waiting += [(item, "still there while its tasks stop") for item in lingering]
        for item in accepted:
            if item not in lingering:
                removed(item)
        pending = tuple(item for item, _ in waiting)
        if not pending or attempt == len(delays):
            final += waiting
            break
        retrying(
            f"Not removed yet from stack {removal.stack}: {_names(pending)} "
            f"({waiting[0][1]}); trying again in {delays[attempt]:g} s."
        )
        sleep(delays[attempt])
    if final:
        left = tuple(item for item, _ in final)
        raise StackPartlyRemoved(
            f"Removed {len(removal.objects) - len(left)} of {len(removal.objects)} objects of "
            f"stack {removal.stack}; could not remove {_names(left)}: {final[0][1]}.",
            left,
        )


def _still_listed(api: SwarmReadApi, stack: str, accepted: list[StackObject]) -> list[StackObject]:
    """Which of the objects the daemon accepted to remove it still lists (networks, mostly)."""
    label = f"{STACK_NAMESPACE_LABEL}={stack}"
    listed: set[str] = set()
    for kind in sorted({item.kind for item in accepted if item.kind != "service"}):
        listed |= {
            parse_stack_object(kind, raw).id
            for raw in api.list_objects(f"{kind}s", {"label": [label]})
        }
    return [item for item in accepted if item.id in listed]


def _names(items: tuple[StackObject, ...]) -> str:
    return ", ".join(f"{item.kind} {item.name}" for item in items)
