"""The poll scheduler: one poll at a time on a worker thread, re-armed when it finishes,
backing off while the daemon is away, and nudged at once by events and writes."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.timer import Timer

from ..docker.errors import NoLeader, SwarmError, SwarmLocked
from ..docker.models import Snapshot
from ..docker.poller import Poller, PollHints
from .messages import PollFailed, SnapshotReady

MAX_BACKOFF_S = 15.0
EVENT_DEBOUNCE_S = 0.1
ROLLOUT_INTERVAL_S = 1.0

Watched = tuple[str | None, str | None]
"""(service id, node id) whose tasks are on screen."""


def merge_hints(first: PollHints, second: PollHints) -> PollHints:
    return PollHints(
        changed_services=first.changed_services | second.changed_services,
        nodes_changed=first.nodes_changed or second.nodes_changed,
        watched_service=second.watched_service or first.watched_service,
        watched_node=second.watched_node or first.watched_node,
        full=first.full or second.full,
        stack_objects_changed=first.stack_objects_changed or second.stack_objects_changed,
    )


class PollScheduler:
    def __init__(
        self,
        app: App[Any],
        poller: Poller,
        interval: float,
        watched: Callable[[], Watched],
    ) -> None:
        self.app = app
        self.poller = self._adopt(poller)
        self.interval = interval
        self.watched = watched
        self.paused = False
        self.failures = 0
        self.polls_done = 0
        self.snapshot: Snapshot | None = None
        self._in_flight = False
        self._timer: Timer | None = None
        self._pending = PollHints()
        self._requested = False
        self.generation = 0
        """Bumped when the poller is replaced (another endpoint): a poll of an older
        generation is dropped when it ends."""

    def _adopt(self, poller: Poller) -> Poller:
        """`poller`, told the app's stall margin (config.toml `stall_margin`)."""
        settings = getattr(self.app, "settings", None)
        if settings is not None:
            poller.paces.margin_s = settings.stall_margin
        return poller

    def restart(self, poller: Poller, interval: float) -> None:
        """Poll with `poller` from now on, from scratch; a poll still running on the old one
        ends in a message of an older generation, which is dropped."""
        self.stop()
        self.generation += 1
        self.poller, self.interval = self._adopt(poller), interval
        self.failures, self.snapshot = 0, None
        self._in_flight, self._requested, self._pending = False, False, PollHints()

    def request(self, delay: float, hints: PollHints | None = None) -> None:
        """Poll after `delay` seconds; while a poll runs, once it is done."""
        if hints is not None:
            self._pending = merge_hints(self._pending, hints)
        if self._in_flight:
            self._requested = True
            return
        if self._timer is not None:
            self._timer.stop()
        # Textual timers divide by their delay: zero means "as soon as possible".
        self._timer = self.app.set_timer(max(delay, 0.001), self._start)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _start(self) -> None:
        self._timer = None
        if self._in_flight or self.paused or not self.app.screen_stack:
            return
        service_id, node_id = self.watched()
        hints = merge_hints(
            self._pending, PollHints(watched_service=service_id, watched_node=node_id)
        )
        self._pending = PollHints()
        self._requested = False
        self._in_flight = True
        self.app.run_worker(
            lambda: self._poll(hints), thread=True, group="poll", exit_on_error=False, name="poll"
        )

    def _poll(self, hints: PollHints) -> None:
        started = time.monotonic()
        poller, generation = self.poller, self.generation

        def early(snapshot: Snapshot) -> None:
            elapsed = time.monotonic() - started
            self.app.post_message(SnapshotReady(snapshot, elapsed, generation, early=True))

        try:
            snapshot = poller.poll(hints, early)
        except SwarmError as error:
            poller.cluster = None
            no_leader = isinstance(error, NoLeader)
            failed = PollFailed(
                str(error),
                self.backoff(),
                False,
                generation,
                no_leader,
                locked=isinstance(error, SwarmLocked),
            )
            self.app.post_message(failed)
            return
        elapsed = time.monotonic() - started
        self.app.post_message(SnapshotReady(snapshot, elapsed, generation))

    def backoff(self) -> float:
        return min(max(self.interval, 1.0) * 2**self.failures, MAX_BACKOFF_S)

    def succeeded(self, snapshot: Snapshot) -> None:
        self._in_flight = False
        self.failures = 0
        self.polls_done += 1
        self.snapshot = snapshot

    def failed(self, retry_in: float) -> None:
        self._in_flight = False
        self.failures += 1
        self.request(retry_in, PollHints(full=True))

    def rearm(self) -> None:
        if self.paused:
            return
        interval = self.interval
        if self._watching_rollout():
            interval = min(interval, ROLLOUT_INTERVAL_S)
        self.request(EVENT_DEBOUNCE_S if self._requested else interval)

    def _watching_rollout(self) -> bool:
        """The service on screen is rolling out: follow it closely, as the CLI does."""
        service_id, _ = self.watched()
        service = self.snapshot.service_by_id.get(service_id or "") if self.snapshot else None
        return bool(service and service.update_status and service.update_status.in_progress)

    def cluster_changed(self, hints: PollHints) -> None:
        if self.failures:
            return  # the retry timer owns the schedule while the daemon is away
        self.request(EVENT_DEBOUNCE_S, hints)

    def events_connected(self) -> None:
        # Anything could have changed while the stream was down; a reconnect is also the
        # quickest sign that a daemon we lost is back.
        self.request(0, PollHints(full=self.failures > 0, nodes_changed=True))
