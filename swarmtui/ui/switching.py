"""Moving the running dashboard to another endpoint: a docker context the operator picks, or
another manager of the same swarm when the one in use stops answering (ui/failover.py).

A move stops the polls and the event follower, closes every client, points the connection at
the new endpoint, and starts again from scratch: the view stays, and the selection is found
again by name in the first snapshot from there. Resolving and probing the new endpoint happen
on a worker thread, with timeouts; only the move itself runs on the event loop.
"""

from __future__ import annotations

import os
from typing import Any

from ..docker.connection import Endpoint, context_endpoint, docker_host_endpoint
from ..docker.contexts import HOST_ENTRY, DockerContext, picker_entries
from ..docker.endpoints import Connection, probe
from ..docker.errors import SwarmError
from ..docker.models import Snapshot
from ..docker.poller import Poller
from ..docker.reader import SwarmReader
from ..render.selection import Named
from ..render.text import visible
from .events import EventFollower
from .failover import Failover
from .screens.contexts import ContextPicker

CONNECT_TIMEOUT_S = 5.0


def context_label(endpoint: Endpoint) -> str:
    """The name the header shows for where we are."""
    if endpoint.context:
        return endpoint.context
    return HOST_ENTRY if endpoint.source == "DOCKER_HOST" else ""


class Switcher:
    def __init__(self, app: Any) -> None:
        self.app = app
        """The SwarmTuiApp (which imports this module): its parts are what a move rebuilds."""
        factory = app.api_factory
        self.connection = factory if isinstance(factory, Connection) else None
        """None when the dashboard runs on a factory of its own (a replay, a test): it stays."""
        start = self.connection.endpoint if self.connection else None
        self.context = context_label(start) if start else ""
        self.contexts: tuple[DockerContext, ...] = ()
        """The docker contexts as last read, for the `:ctx` prompt's completions."""
        self.configured_at_start: str | None = None
        """config.json's currentContext when swarmtui started: a change is said, not followed."""
        self._reselect: Named | None = None
        self.failover = Failover(app, self.connection, self._fail_over)

    def start(self) -> None:
        """Read the contexts once, on a worker: the prompt completes their names."""
        self.app.run_worker(self._read_contexts, thread=True, exit_on_error=False, group="ctx")

    def _read_contexts(self) -> None:
        entries, configured = picker_entries(os.environ)
        self.contexts = entries
        if self.configured_at_start is None:
            self.configured_at_start = configured

    def names(self) -> list[str]:
        return [context.name for context in self.contexts]

    # Choosing a context -------------------------------------------------------------------

    def pick(self) -> None:
        """The context picker; choosing one switches to it."""
        if not self._can_switch():
            return
        picker = ContextPicker(
            self.context, self.configured_at_start, self.app.base_settings.of_context
        )
        self.app.push_screen(picker, self._picked)

    def _picked(self, name: str | None) -> None:
        if name:
            self.switch_to(name)

    def _can_switch(self) -> bool:
        if self.connection is None:
            self.app.notify("This dashboard reads a fixed source; it cannot switch contexts.")
        return self.connection is not None

    def switch_to(self, name: str) -> None:
        """Switch to docker context `name` (or DOCKER_HOST): resolved and probed on a worker;
        the dashboard stays where it is when that endpoint is no reachable manager."""
        if not name:
            self.pick()
        elif self._can_switch():
            self.app.notify(visible(f"Connecting to {name}…"), timeout=3, markup=False)
            self.app.run_worker(
                lambda: self._connect(name), thread=True, exit_on_error=False, group="switch"
            )

    def _connect(self, name: str) -> None:
        try:
            environ = os.environ
            endpoint = (
                docker_host_endpoint(environ)
                if name == HOST_ENTRY and environ.get("DOCKER_HOST")
                else context_endpoint(name, environ)
            )
        except SwarmError as error:
            self._say(f"Could not switch to {name}: {str(error).rstrip('.')}.")
            return
        found = probe(endpoint, CONNECT_TIMEOUT_S)
        if not found.answers:
            self._say(f"Could not switch to {name}: {found.error.rstrip('.')}.")
        elif not found.manager:
            self._say(f"Could not switch to {name}: {endpoint.display} is no swarm manager.")
        else:
            self.app.call_from_thread(self.move, endpoint, name)

    def _say(self, sentence: str) -> None:
        self.app.call_from_thread(
            self.app.notify, visible(sentence), severity="warning", timeout=8, markup=False
        )

    # The move -----------------------------------------------------------------------------

    def _fail_over(self, endpoint: Endpoint) -> None:
        self.move(endpoint, self.context, failover=True)

    def move(self, endpoint: Endpoint, label: str, failover: bool = False) -> None:
        """On the event loop: drop every client of the old endpoint and start on the new,
        under the settings of its docker context (endpoint.context)."""
        app = self.app
        assert self.connection is not None
        app.settings = app.settings.on_context(endpoint.context, base=app.base_settings)
        settings = app.settings
        own = app.base_settings.of_context(endpoint.context)
        named = app.main.moved(endpoint.display, label, own.header_color, settings.read_only)
        self._reselect = self._reselect if named is None else named
        app.polling.stop()
        if app.events is not None:
            app.events.stop()
        app.writes.runner.close()
        app.shared_reads.close()
        app.last_words.reset()
        app.vitals.reset()
        app.unreached.reset()
        if app.task_stats is not None:
            app.task_stats.reset()
        app.api.close()
        self.connection.move_to(endpoint)
        self.context = label
        app.api = self.connection.client()
        app.poller = Poller(
            SwarmReader(app.api), full_tasks_every=settings.full_tasks_every, clock=app.clock
        )
        app.polling.restart(app.poller, settings.interval)
        app.writes.runner.read_only = settings.read_only
        app.writes.runner.endpoint = endpoint.display
        app.event_history.clear()
        if app.events is not None:
            app.events = EventFollower(app, app.api_factory, app.event_history)
            app.events.start()
        self.failover.moved(failover)
        app.polling.request(0)
        if not failover:
            note = " (read-only)" if settings.read_only else ""
            app.notify(visible(f"Now on {label or endpoint.display}{note}."), markup=False)

    def snapshot_arrived(self, snapshot: Snapshot) -> None:
        """After the screen showed `snapshot`: the selection of before the move, by name."""
        if self._reselect is not None:
            named, self._reselect = self._reselect, None
            self.app.main.reselect(named)
        self.failover.snapshot_arrived(snapshot)
