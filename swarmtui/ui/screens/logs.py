"""The logs screen (`g`): a service's, a task's or a stack's logs, following live, every task's
lines merged in time order and tagged `web.3@node2` in that task's colour.

Lines arrive on worker threads (ui/log_stream.py); a timer drains them every FLUSH_S into the
reorder window, the bounded buffer and the virtual list, so a service writing thousands of
lines a second costs one small batch per tick and never a message per line.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from textual.app import ComposeResult
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from ...docker.logs import LogLine, LogOptions, ReorderBuffer, parse_since, unreadable
from ...docker.models import Snapshot
from ...docker.protocol import SwarmApi
from ...render.logs import (
    BUFFER_LINES,
    LogBuffer,
    LogFilter,
    LogTarget,
    Tagger,
)
from ...render.text import line, literal
from ..commands import bindings
from ..dialogs import PromptDialog
from ..log_save import save_logs
from ..log_stream import LogStreams
from ..panes.key_hints import KeyHints
from ..panes.log_view import LogView
from ..screen_commands import LOGS_COMMANDS

FLUSH_S = 0.15


class LogsScreen(Screen[None]):
    OWN_COMMANDS = LOGS_COMMANDS
    BINDINGS = bindings(LOGS_COMMANDS)

    def __init__(
        self,
        api_factory: Callable[[], SwarmApi],
        target: LogTarget,
        snapshots: Callable[[], Snapshot | None],
        colours: tuple[str, ...] | None = None,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__()
        self.api_factory = api_factory
        self.target = target
        self.snapshots = snapshots
        """The app's latest snapshot, read at every flush: tags, the task filter and colours
        follow tasks started after the logs opened."""
        self.tagger = Tagger(snapshots())
        self.colours = colours
        self.clock = clock
        self.options = LogOptions()
        self.buffer = LogBuffer()
        self.reorder = ReorderBuffer()
        self.log_filter = LogFilter()
        self.search_text = ""
        self.paused = False
        self.problem = ""
        self.streams: LogStreams | None = None
        self._done = 0
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="logs-status", markup=False)
        yield Static(id="logs-problem", markup=False)
        yield LogView(id="logs-view")
        yield KeyHints()

    @property
    def view(self) -> LogView:
        return self.query_one(LogView)

    def on_mount(self) -> None:
        if self.colours:
            self.view.colours = self.colours
        self.view.focus()
        self._timer = self.set_interval(FLUSH_S, self.flush)
        self._restart()

    def on_unmount(self) -> None:
        self._stop()

    # Streams ------------------------------------------------------------------------------

    def _restart(self) -> None:
        self._stop()
        self.buffer = LogBuffer()
        self.reorder = ReorderBuffer()
        self.problem = ""
        self.view.show([])
        self._done = 0
        self.streams = LogStreams(self, self.api_factory, self.target, self.options)
        self.streams.start()
        self._status()

    def _stop(self) -> None:
        if self.streams is not None:
            self.streams.stop()
            self.streams = None

    def flush(self, everything: bool = False) -> None:
        """Move what arrived into the buffer and, unless paused, onto the screen."""
        streams = self.streams
        if streams is None:
            return
        if self.tagger.learn(self.snapshots()):
            self.buffer.retag(self.tagger)
            if not self.paused:
                self._redraw()
        now = time.monotonic()
        arrived = streams.drain()
        if arrived:
            self.reorder.push(arrived, now)
        due = self.reorder.due(now, everything)
        if due:
            self._add(due)
        while streams.errors:
            self.problem = unreadable(self.target.name, streams.errors.popleft())
            self.query_one("#logs-problem", Static).update(literal(self.problem))
        done = streams.ended + streams.failed
        if arrived or due or done != self._done:  # a stream that stops says so at once
            self._done = done
            self._status()

    def _add(self, lines: list[LogLine]) -> None:
        entries = [self.tagger.entry(entry) for entry in lines]
        self.buffer.add(entries)
        if not self.paused:
            match = self.log_filter.matcher()
            self.view.append([entry for entry in entries if match(entry)], BUFFER_LINES)

    def _redraw(self) -> None:
        self.view.show(self.buffer.filtered(self.log_filter))
        self._status()

    def _status(self) -> None:
        streams = self.streams
        state = "paused" if self.paused else "following"
        if streams is not None and streams.ended + streams.failed == len(self.target.streams):
            state = "stopped on an error" if streams.failed else "ended"
        parts = [
            f"Logs of {self.target.title}",
            state,
            f"{len(self.view.entries):,} shown of {len(self.buffer.lines):,} kept "
            f"({self.buffer.received:,} received, {BUFFER_LINES:,} at most)",
            f"tail {self.options.tail if self.options.tail is not None else 'all'}",
        ]
        if self.log_filter:
            parts.append(f"filter {self.log_filter.describe()}")
        if self.search_text:
            parts.append(f"search {self.search_text}")
        if self.view.wrap:
            parts.append("wrap")
        self.query_one("#logs-status", Static).update(line(" · ".join(parts), limit=400))

    # Keys ---------------------------------------------------------------------------------

    def action_close(self) -> None:
        self._stop()
        self.dismiss()

    def action_pause(self) -> None:
        self.paused = not self.paused
        if not self.paused:
            self._redraw()  # what came in while paused shows now
        self._status()

    def action_wrap(self) -> None:
        self.view.set_wrap(not self.view.wrap)
        self._status()

    def action_filter(self, field: str) -> None:
        what = {"text": "text (/regex/, !text hides)", "task": "task (web.3)", "node": "node"}

        def apply(value: str | None) -> None:
            if value is not None:
                self.log_filter = replace(self.log_filter, **{field: value.strip()})
                self._redraw()

        self.app.push_screen(
            PromptDialog(
                f"Filter the logs by {field}",
                f"Show only lines of this {what[field]}; empty shows all.",
                getattr(self.log_filter, field),
                lambda value: replace(self.log_filter, **{field: value.strip()}),
            ),
            apply,
        )

    def action_search(self) -> None:
        def apply(value: str | None) -> None:
            if value is None:
                return
            self.search_text = value
            self.view.set_search(re.compile(re.escape(value), re.IGNORECASE) if value else None)
            if value and not self.view.find(forward=False):
                self.notify("No line matches.", timeout=2)
            self._status()

        self.app.push_screen(
            PromptDialog("Search the logs", "Text to find (n next, N previous):", self.search_text),
            apply,
        )

    def action_find(self, forward: bool) -> None:
        if not self.view.find(forward):
            self.notify("No line matches." if self.search_text else "Search first (/).", timeout=2)

    def action_tail(self) -> None:
        def check(value: str) -> int | None:
            value = value.strip().lower()
            if value in ("", "all"):
                return None
            if not value.isdigit():
                raise ValueError("A whole number of lines per task, or all.")
            return int(value)

        def apply(value: str | None) -> None:
            if value is not None:
                self.options = replace(self.options, tail=check(value))
                self._restart()

        shown = "all" if self.options.tail is None else str(self.options.tail)
        self.app.push_screen(
            PromptDialog("Tail", "Lines per task to start from (or all):", shown, check), apply
        )

    def action_since(self) -> None:
        def apply(value: str | None) -> None:
            if value is not None:
                self.options = replace(self.options, since=parse_since(value))
                self._restart()

        self.app.push_screen(
            PromptDialog(
                "Since",
                "Only lines since (30s, 10m, 2h, 1d, 2026-11-25T07:00; empty: any):",
                "",
                parse_since,
            ),
            apply,
        )

    def action_save(self) -> None:
        save_logs(
            self,
            self.target.name,
            self.clock(),
            lambda: self.buffer.filtered(self.log_filter),
        )
