"""The events view and the detail area's recent events: what happened, and what changed."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from ..docker.events import DAEMON_BUFFER, EventHistory, SwarmEvent
from .cells import Column, Row
from .filters import Filters
from .palette import Palette
from .text import line, one_line

EVENT_COLUMNS = (
    Column("time", "TIME", 8),
    Column("kind", "KIND", 7),
    Column("action", "ACTION", 6),
    Column("name", "NAME"),
    Column("change", "WHAT CHANGED"),
)


def change_text(event: SwarmEvent) -> str:
    """`replicas 3 → 5, image app:1 → app:2`, from the event's `.old` / `.new` attributes."""
    parts = []
    for change in event.changes:
        if change.old and change.new:
            parts.append(f"{change.key} {change.old} → {change.new}")
        else:
            parts.append(f"{change.key} {change.new or change.old}")
    return ", ".join(parts)


def event_key(event: SwarmEvent, index: int) -> str:
    return f"{event.nano or int(event.at.timestamp() * 1e9)}-{index}"


def matches(event: SwarmEvent, text: str) -> bool:
    if not text:
        return True
    haystack = f"{event.kind} {event.action} {event.name} {event.object_id} {change_text(event)}"
    return Filters(name=text).names(haystack)


def event_rows(events: Iterable[SwarmEvent], text: str, palette: Palette) -> list[Row]:
    """Newest first; the key names the event (and its object: `kind:id` after the `|`)."""
    rows: list[Row] = []
    for index, event in reversed(list(enumerate(events))):
        if not matches(event, text):
            continue
        style = palette.error if event.action == "remove" else ""
        rows.append(
            (
                f"{event_key(event, index)}|{event.kind}:{event.object_id}",
                (
                    event.at.strftime("%H:%M:%S"),
                    event.kind,
                    Text(event.action, style=style),
                    line(event.name or event.object_id[:12]),
                    line(change_text(event)),
                ),
            )
        )
    return rows


def history_note(history: EventHistory) -> str:
    """Where the history starts, and that the daemon's replay is short."""
    events = history.events()
    if not events:
        return "No swarm events yet (the last hour is asked for when the stream opens)."
    start = events[0].at.strftime("%H:%M:%S")
    if history.cut:
        return (
            f"From {start}: the daemon keeps only its last {DAEMON_BUFFER} events, so the "
            "history is cut there; new events follow live."
        )
    return (
        f"From {start}, live from then on (the daemon replays at most its last "
        f"{DAEMON_BUFFER} events of every kind, so an hour may be cut short)."
    )


def recent_events(events: Iterable[SwarmEvent], named: bool = False) -> Text:
    """The detail area's section: the selected object's last few events, newest first;
    `named` (a stack's events, of several objects) says whose each one is."""
    text = Text()
    shown = list(events)
    if not shown:
        return text
    text.append("Recent events\n", style="bold")
    for event in reversed(shown):
        change = change_text(event)
        whose = f" {event.kind} {event.name or event.object_id[:12]}" if named else ""
        text.append(one_line(f"  {event.at:%H:%M:%S}{whose} {event.action}"))
        if change:
            text.append(one_line(f"  {change}"))
        text.append("\n")
    return text
