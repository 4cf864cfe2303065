"""Attention first: which services need a look, in what order the services pane lists them,
and the header's count of each group."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from rich.text import Text

from ..core.config import SERVICE_SORTS
from ..docker.health import ATTENTION_ORDER, attention, replica_progress
from ..docker.memo import IdentityMemo
from ..docker.models import ServiceInfo, Snapshot, TaskInfo
from .cells import Row
from .format import short_image
from .palette import Palette
from .services import update_label
from .view import TaskFacts

GROUP_WORDS = {
    "failing": "failing",
    "paused": "paused",
    "stalled": "stalled",
    "rolled_back": "rolled back",
    "pending": "unschedulable",
    "converging": "converging",
}
"""How the header names each group that needs attention (in ATTENTION_ORDER)."""


def attention_groups(snapshot: Snapshot, facts: TaskFacts) -> dict[str, str]:
    """Service id → its attention group (ATTENTION_ORDER); worked out again only when the
    services, the failing or stuck ones or the stalled rollouts changed, not on every poll
    (5000 services walked twice a poll, for the header and the services pane)."""
    return _groups(snapshot.services, facts.failing, facts.stuck, snapshot.stalled)


def _attention_groups(
    services: tuple[ServiceInfo, ...],
    failing: dict[str, TaskInfo],
    stuck: dict[str, TaskInfo],
    stalled: frozenset[str],
) -> dict[str, str]:
    return {service.id: attention(service, failing, stuck, stalled) for service in services}


_groups: IdentityMemo[dict[str, str]] = IdentityMemo(_attention_groups, by_value=1)


def _rank(group: str) -> int:
    return ATTENTION_ORDER.index(group)


def _replicas(service: ServiceInfo) -> tuple[float, int]:
    progress = replica_progress(service)
    return progress.ratio, -progress.desired  # the emptiest, then the largest, first


def _update(service: ServiceInfo) -> tuple[bool, str]:
    label = update_label(service)
    return not label, label  # services with an update state first


SortKey = tuple[Any, ...]
"""Each order compares tuples of its own shape."""


def sort_key(order: str, groups: Mapping[str, str]) -> Callable[[ServiceInfo], SortKey]:
    """The services pane's sort key for one of SERVICE_SORTS; names break every tie."""

    def by(service: ServiceInfo) -> SortKey:
        name = service.name.lower(), service.name
        if order == "attention":
            return (_rank(groups.get(service.id, "ok")), *name)
        if order == "replicas":
            return (*_replicas(service), *name)
        if order == "mode":
            return (service.mode, *name)
        if order == "image":
            return (short_image(service.image), *name)
        if order == "update":
            return (*_update(service), *name)
        return name

    return by


def sorted_rows(
    rows: list[Row], snapshot: Snapshot, order: str, groups: Mapping[str, str]
) -> list[Row]:
    """The services pane's rows (keyed by service id) in `order`."""
    key = sort_key(order, groups)
    services = snapshot.service_by_id
    return sorted(rows, key=lambda row: key(services[row[0]]))


def next_sort(order: str) -> str:
    """The order after `order` in SERVICE_SORTS, wrapping round to attention."""
    index = SERVICE_SORTS.index(order) if order in SERVICE_SORTS else -1
    return SERVICE_SORTS[(index + 1) % len(SERVICE_SORTS)]


def most_urgent(services: Iterable[ServiceInfo], groups: Mapping[str, str]) -> str | None:
    """The id of the service to look at first, or None when every one is healthy."""
    needing = [s for s in services if groups.get(s.id, "ok") != "ok"]
    if not needing:
        return None
    return min(needing, key=sort_key("attention", groups)).id


def next_needing(order: list[str], current: str | None, needing: set[str]) -> str | None:
    """The next id after `current` in `order` (row order) that needs attention, wrapping."""
    if not needing:
        return None
    start = order.index(current) + 1 if current in order else 0
    for key in order[start:] + order[:start]:
        if key in needing:
            return key
    return None


def attention_counts(groups: Mapping[str, str]) -> dict[str, int]:
    counted = Counter(groups.values())
    return {group: counted[group] for group in GROUP_WORDS if counted[group]}


def attention_summary(counts: Mapping[str, int], palette: Palette) -> Text:
    """'2 failing · 1 paused · 1 unschedulable · 3 converging', each in its group's colour."""
    text = Text()
    for group, count in counts.items():
        if text:
            text.append(" · ", style=palette.muted)
        text.append(f"{count} {GROUP_WORDS[group]}", style=f"bold {palette.for_health(group)}")
    return text
