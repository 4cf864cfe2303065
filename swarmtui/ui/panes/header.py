"""The two header lines: what cluster this is, and how fresh and healthy our view of it is."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from rich.text import Text
from textual.geometry import Region
from textual.reactive import reactive
from textual.widget import Widget

from ...docker.health import tasks_running_desired
from ...docker.models import Snapshot
from ...render.attention import attention_summary
from ...render.format import age
from ...render.palette import Palette
from ...render.text import READING_TASKS, one_line

LATE_MARGIN_S = 5.0
"""Beyond two poll intervals, how much older the data may be before the header says its age:
a poll of 5000 services takes seconds of its own."""


class ClusterHeader(Widget):
    """Two lines: the cluster's facts, redrawn with each new snapshot; our connection's state,
    checked once a second for a late poll and the retry countdown. Only a line whose text
    changed is repainted, and never with a layout: the header's size is fixed.

    While polls arrive on time the state line says "live" and no age: an age ticking every
    second repainted the header all day long, the largest part of an idle dashboard's drawing,
    to say what "live" says. The age shows once the data is late, paused or disconnected."""

    DEFAULT_CSS = """
    ClusterHeader { height: 2; padding: 0 1; }
    """

    connection: reactive[str] = reactive("connecting")
    """One of connecting, live, paused, disconnected."""
    message: reactive[str] = reactive("")
    """The error behind a disconnected state, or another one-line note."""
    name_filter: reactive[str] = reactive("")
    events_lost: reactive[str] = reactive("")
    """Why the event stream is down (the dashboard then only polls); empty while it flows."""
    route: reactive[str] = reactive("")
    """Which manager we reach after a failover, and why ("via node2 — node1 unreachable
    since 03:12"); empty on the endpoint we started with."""

    def __init__(
        self, endpoint: str, clock: Callable[[], datetime], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.endpoint = endpoint
        self.clock = clock
        self.snapshot: Snapshot | None = None
        self.retry_at: datetime | None = None
        self.read_only = False
        self.context = ""
        """The docker context's name, shown first; empty for --host or DOCKER_HOST."""
        self.context_color = ""
        """Its header_color from config.toml, if it has one."""
        self.palette = Palette()
        self.attention: Mapping[str, int] = {}
        """Services per attention group that needs a look (render.attention)."""
        self.lines: list[Text] = [Text(), Text()]
        self.line_updates = 0
        """Lines repainted so far (a test counts them)."""
        self.interval = 2.0
        """Seconds between polls: data older than two of them (and a margin) is late."""

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)
        self.redraw()

    def show(self, snapshot: Snapshot, attention: Mapping[str, int] | None = None) -> None:
        # Redrawn even for the same snapshot: the palette may have changed (a theme); a line
        # whose text is unchanged is not repainted anyway.
        self.snapshot = snapshot
        self.attention = attention or {}
        self.redraw()

    def _tick(self) -> None:
        self._set_line(1, self._state())

    def connected(self, paused: bool, interval: float | None = None) -> None:
        if interval is not None:
            self.interval = interval
        self.message = ""
        self.connection = "paused" if paused else "live"

    def disconnected(self, error: str, retry_at: datetime) -> None:
        self.retry_at = retry_at
        self.message = error
        self.connection = "disconnected"
        self.redraw()

    def watch_connection(self) -> None:
        self.redraw()

    def watch_message(self) -> None:
        self.redraw()

    def watch_name_filter(self) -> None:
        self.redraw()

    def watch_events_lost(self) -> None:
        self.redraw()

    def watch_route(self) -> None:
        self.redraw()

    def moved(self, endpoint: str, context: str, color: str, read_only: bool) -> None:
        """Now on another endpoint: no data from it yet."""
        self.endpoint, self.context, self.context_color = endpoint, context, color
        self.read_only, self.snapshot, self.attention = read_only, None, {}
        self.message, self.connection = "", "connecting"
        self.redraw()

    def _facts(self) -> Text:
        text = Text()
        text.append("swarmtui", style="bold")
        if self.context:
            badge = f"bold reverse {self.context_color}" if self.context_color else "bold"
            text.append("  ")
            text.append(one_line(f" {self.context} "), style=badge)
        if self.read_only:
            text.append("  read-only", style=f"bold {self.palette.warning}")
        snapshot = self.snapshot
        if snapshot is None:
            return text
        leader = snapshot.leader
        ready = sum(1 for node in snapshot.nodes if node.is_ready)
        running, desired = tasks_running_desired(snapshot)
        nodes_style = self.palette.success if ready == len(snapshot.nodes) else self.palette.error
        tasks_style = self.palette.success if running >= desired else self.palette.warning
        text.append("  leader ")
        text.append(one_line(leader.hostname) if leader else "none", style="bold")
        text.append("  nodes ")
        text.append(f"{ready}/{len(snapshot.nodes)}", style=nodes_style)
        text.append(" ready  services ")
        text.append(str(len(snapshot.services)), style="bold")
        text.append("  tasks ")
        text.append(f"{running}/{desired}", style=tasks_style)
        if not snapshot.tasks_read:
            text.append(f"  {READING_TASKS}", style=self.palette.muted)
        elif self.attention:
            text.append("  ")
            text.append_text(attention_summary(self.attention, self.palette))
        return text

    def _state(self) -> Text:
        now = self.clock()
        text = Text()
        if self.connection == "disconnected":
            wait = max(0, round((self.retry_at - now).total_seconds())) if self.retry_at else 0
            text.append("● disconnected", style=f"bold {self.palette.error}")
            text.append(f", retrying in {wait} s" if wait else ", retrying now")
            if self.snapshot is not None:
                text.append(" · stale data", style=self.palette.warning)
        elif self.connection == "paused":
            text.append("❚❚ paused", style=f"bold {self.palette.warning}")
        elif self.connection == "live":
            text.append("● live", style=self.palette.success)
        else:
            text.append("○ connecting", style=self.palette.muted)
        if self.events_lost and self.connection != "disconnected":
            text.append("  events lost: polling only", style=self.palette.warning)
        if self.message:
            text.append(one_line(f"  {self.message}"), style=self.palette.error)
        text.append_text(self._age(now))
        if self.route:
            text.append(one_line(f"  {self.route}"), style=f"bold {self.palette.warning}")
        text.append(one_line(f"  {self.endpoint}"), style=self.palette.accent)
        if self.name_filter:
            text.append(one_line(f"  filter: {self.name_filter}"), style=self.palette.accent)
        return text

    def _age(self, now: datetime) -> Text:
        """The data's age, when it is worth saying: not while polls arrive on time."""
        snapshot = self.snapshot
        if snapshot is None:
            return Text()
        seconds = (now - snapshot.taken_at).total_seconds()
        late = seconds > 2 * self.interval + LATE_MARGIN_S
        if self.connection == "live" and not late:
            return Text()
        style = self.palette.warning if late and self.connection == "live" else self.palette.muted
        return Text(f"  updated {age(snapshot.taken_at, now)} ago", style=style)

    def redraw(self) -> None:
        self._set_line(0, self._facts())
        self._set_line(1, self._state())

    def _set_line(self, number: int, text: Text) -> None:
        text.no_wrap = True
        text.overflow = "ellipsis"
        text.end = ""
        old = self.lines[number]
        if old == text and old.spans == text.spans:
            return
        self.lines[number] = text
        self.line_updates += 1
        self.refresh(Region(0, number, max(self.content_size.width, 1), 1))

    def render(self) -> Text:
        return Text("\n", no_wrap=True, overflow="ellipsis", end="").join(self.lines)
