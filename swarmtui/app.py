"""The Textual app: owns the poll loop, the event follower and the current snapshot."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from textual import on
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from .core.audit import AuditLog, default_audit_path
from .core.config import Settings
from .core.locations import styles_dir
from .docker.api import SwarmApi
from .docker.errors import SwarmError, WriteRefused
from .docker.models import Snapshot
from .docker.poller import Poller, PollHints, utcnow
from .docker.reader import SwarmReader
from .docker.writes import SwarmWriter
from .events import EventFollower
from .messages import ClusterChanged, EventStreamConnected, PollFailed, SnapshotReady
from .palette import SwarmCommands
from .screens.help import HelpScreen
from .screens.join import JoinScreen
from .screens.main import MainScreen
from .screens.render import palette_from_theme

MAX_BACKOFF_S = 15.0
EVENT_DEBOUNCE_S = 0.1
ROLLOUT_INTERVAL_S = 1.0


class SwarmTuiApp(App[None]):
    TITLE = "swarmtui"
    CSS_PATH = [styles_dir() / "swarmtui.tcss"]
    COMMANDS = App.COMMANDS | {SwarmCommands}

    def __init__(
        self,
        settings: Settings,
        api_factory: Callable[[], SwarmApi],
        clock: Callable[[], datetime] = utcnow,
        follow_events: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.api_factory = api_factory
        self.clock = clock
        self.api = api_factory()
        self.poller = Poller(
            SwarmReader(self.api), full_tasks_every=settings.full_tasks_every, clock=clock
        )
        self.snapshot: Snapshot | None = None
        self.paused = False
        self.failures = 0
        self.polls_done = 0
        self._poll_in_flight = False
        self._poll_timer = None
        self._pending_hints = PollHints()
        self._poll_requested = False
        self.events = EventFollower(self, api_factory) if follow_events else None
        self.audit_path = default_audit_path()
        self._audit: AuditLog | None = None
        self._writer: SwarmWriter | None = None
        self._write_lock = asyncio.Lock()

    # Lifecycle ----------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self.api.endpoint.display, self.settings.read_only, self.clock)

    @property
    def main(self) -> MainScreen:
        return self.screen_stack[0]  # type: ignore[return-value]

    def on_mount(self) -> None:
        try:
            self.theme = self.settings.theme
        except Exception:  # noqa: BLE001 - an unknown theme name falls back to the default
            self.notify(f"Unknown theme {self.settings.theme!r}; using the default.")
        self.theme_changed_signal.subscribe(self, lambda _: self.apply_palette())
        self.request_poll(0)
        if self.events is not None:
            self.events.start()

    def apply_palette(self) -> None:
        self.main.renderer.set_palette(palette_from_theme(self.theme_variables))

    def on_unmount(self) -> None:
        if self._poll_timer is not None:
            self._poll_timer.stop()
        if self.events is not None:
            self.events.stop()

    @property
    def _shutting_down(self) -> bool:
        """The screens are gone while the app closes; a late timer or message has no one to show."""
        return not self.screen_stack

    # Polling: one poll at a time, re-armed when the previous one finishes ----------------

    def request_poll(self, delay: float, hints: PollHints | None = None) -> None:
        if hints is not None:
            self._pending_hints = merge_hints(self._pending_hints, hints)
        if self._poll_in_flight:
            self._poll_requested = True
            return
        if self._poll_timer is not None:
            self._poll_timer.stop()
        # Textual timers divide by their delay: zero means "as soon as possible".
        self._poll_timer = self.set_timer(max(delay, 0.001), self._start_poll)

    def _start_poll(self) -> None:
        self._poll_timer = None
        if self._poll_in_flight or self.paused or self._shutting_down:
            return
        service_id, node_id = self.main.watched
        hints = merge_hints(
            self._pending_hints, PollHints(watched_service=service_id, watched_node=node_id)
        )
        self._pending_hints = PollHints()
        self._poll_requested = False
        self._poll_in_flight = True
        self.run_worker(
            lambda: self._poll(hints), thread=True, group="poll", exit_on_error=False, name="poll"
        )

    def _poll(self, hints: PollHints) -> None:
        started = time.monotonic()
        try:
            snapshot = self.poller.poll(hints)
        except SwarmError as error:
            self.poller.cluster = None
            self.post_message(PollFailed(str(error), self._backoff()))
            return
        self.post_message(SnapshotReady(snapshot, time.monotonic() - started))

    def _backoff(self) -> float:
        return min(max(self.settings.interval, 1.0) * 2**self.failures, MAX_BACKOFF_S)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        # A bug in a poll must not kill the dashboard: report it and keep polling.
        if event.worker.name == "poll" and event.state == WorkerState.ERROR:
            error = event.worker.error
            self.post_message(PollFailed(f"Poll failed: {error!r}", self._backoff()))

    @on(SnapshotReady)
    def _snapshot_ready(self, message: SnapshotReady) -> None:
        self._poll_in_flight = False
        if self._shutting_down:
            return
        self.failures = 0
        self.polls_done += 1
        self.snapshot = message.snapshot
        self.main.header.connected(paused=self.paused)
        self.main.show_snapshot(message.snapshot, self.clock())
        self._rearm()

    @on(PollFailed)
    def _poll_failed(self, message: PollFailed) -> None:
        self._poll_in_flight = False
        if self._shutting_down:
            return
        self.failures += 1
        self.main.header.disconnected(
            message.error, self.clock() + timedelta(seconds=message.retry_in)
        )
        self.main.add_class("-stale")
        self.request_poll(message.retry_in, PollHints(full=True))

    def _rearm(self) -> None:
        self.main.remove_class("-stale")
        if self.paused:
            return
        interval = self.settings.interval
        if self._watching_rollout():
            interval = min(interval, ROLLOUT_INTERVAL_S)
        self.request_poll(EVENT_DEBOUNCE_S if self._poll_requested else interval)

    def _watching_rollout(self) -> bool:
        """The service on screen is rolling out: follow it closely, as the CLI does."""
        service_id, _ = self.main.watched
        service = self.snapshot.service_by_id.get(service_id or "") if self.snapshot else None
        return bool(service and service.update_status and service.update_status.in_progress)

    @on(ClusterChanged)
    def _cluster_changed(self, message: ClusterChanged) -> None:
        hints = PollHints(
            changed_services=message.service_ids,
            nodes_changed=message.nodes_changed,
            stack_objects_changed=message.stack_objects_changed,
        )
        if self.failures:
            return  # the retry timer owns the schedule while the daemon is away
        self.request_poll(EVENT_DEBOUNCE_S, hints)

    @on(EventStreamConnected)
    def _events_connected(self) -> None:
        # Anything could have changed while the stream was down; a reconnect is also the
        # quickest sign that a daemon we lost is back.
        self.request_poll(0, PollHints(full=self.failures > 0, nodes_changed=True))

    # Writes: one at a time, audited, refused in read-only mode ----------------------------

    @property
    def writer(self) -> SwarmWriter:
        if self._writer is None:
            self._writer = SwarmWriter(self.api_factory())  # its own client: not thread-safe
        return self._writer

    @property
    def audit(self) -> AuditLog:
        if self._audit is None:
            cluster = self.poller.cluster.swarm_id if self.poller.cluster else ""
            self._audit = AuditLog(self.audit_path, cluster, self.api.endpoint.display)
        return self._audit

    def refuse_read_only(self, target: str) -> None:
        message = "swarmtui runs read-only (--read-only): nothing was changed."
        self.audit.record("write", target, {}, "refused", message)
        self.notify(message, severity="error", timeout=8)

    async def run_write(
        self,
        action: str,
        target: str,
        params: dict[str, Any],
        call: Callable[[SwarmWriter], None] | None,
        done: str,
        *,
        refused: str = "",
        service_id: str | None = None,
        nodes_changed: bool = False,
    ) -> bool:
        """Apply one change on a worker thread; report, audit and refresh whatever happens."""
        if self.settings.read_only:
            refused = "swarmtui runs read-only (--read-only): nothing was changed."
        if refused or call is None:
            self.audit.record(action, target, params, "refused", refused)
            self.notify(refused, severity="error", timeout=8)
            return False
        async with self._write_lock:
            try:
                await asyncio.to_thread(call, self.writer)
            except WriteRefused as error:
                self.audit.record(action, target, params, "refused", str(error))
                self.notify(str(error), severity="error", timeout=8)
                return False
            except SwarmError as error:
                self.audit.record(action, target, params, "failed", str(error))
                self.notify(
                    f"The daemon refused: {error}",
                    title=f"{action} {target} failed",
                    severity="error",
                    timeout=15,
                )
                return False
        self.audit.record(action, target, params, "ok")
        self.notify(done, timeout=4)
        changed = frozenset({service_id}) if service_id else frozenset()
        self.request_poll(
            EVENT_DEBOUNCE_S, PollHints(changed_services=changed, nodes_changed=nodes_changed)
        )
        return True

    # Commands -----------------------------------------------------------------------------

    def refresh_now(self) -> None:
        self.request_poll(0, PollHints(full=True))
        self.notify("Refreshing everything now.", timeout=2)

    def toggle_pause(self) -> None:
        self.paused = not self.paused
        if self.paused:
            self.main.header.connection = "paused"
            self.notify("Live refresh paused; press P to resume.", timeout=3)
        else:
            self.main.header.connection = "live"
            self.notify("Live refresh resumed.", timeout=2)
            self.request_poll(0)

    def action_show_help(self) -> None:
        self.push_screen(HelpScreen(self.settings.read_only))

    def action_show_join_tokens(self) -> None:
        self.push_screen(JoinScreen(self.api_factory, self.settings.read_only))

    def jump_to(self, kind: str, object_id: str) -> None:
        self.main.jump_to(kind, object_id)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Refresh now", "Re-read the whole cluster", self.refresh_now)
        yield SystemCommand(
            "Pause or resume refresh", "Freeze the data on screen", self.toggle_pause
        )


def merge_hints(first: PollHints, second: PollHints) -> PollHints:
    return PollHints(
        changed_services=first.changed_services | second.changed_services,
        nodes_changed=first.nodes_changed or second.nodes_changed,
        watched_service=second.watched_service or first.watched_service,
        watched_node=second.watched_node or first.watched_node,
        full=first.full or second.full,
        stack_objects_changed=first.stack_objects_changed or second.stack_objects_changed,
    )
