"""The dashboard's side of the one write runner: runs a write on a thread, says how it went,
and asks for a refresh of what it touched.

A write runs in a task of its own that nothing on screen owns: closing the dialog or screen
that asked for it stops only the waiting, never the write, its audit line or its report.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App

from ..core.writes import Write, WriteOutcome, WriteRunner
from ..docker.errors import SwarmError, WriteRefused
from ..docker.poller import PollHints
from ..render.text import safe_str, visible

T = TypeVar("T")
WRITE_REFRESH_DELAY_S = 0.1


class UiWrites:
    def __init__(
        self,
        app: App[Any],
        runner: WriteRunner,
        request_poll: Callable[[float, PollHints], None],
    ) -> None:
        self.app = app
        self.runner = runner
        self.request_poll = request_poll
        self._in_flight: set[asyncio.Task[Any]] = set()

    async def run(
        self,
        write: Write[T],
        done: str = "",
        *,
        service_id: str | None = None,
        nodes_changed: bool = False,
    ) -> WriteOutcome[T]:
        """Apply one change, then notify, audit (the runner does) and refresh."""
        task = asyncio.create_task(self._run(write, done, service_id, nodes_changed))
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)
        return await asyncio.shield(task)

    async def refuse_read_only(self, target: str) -> None:
        """A write action invoked in read-only mode: refused, audited and said, whatever
        way it was invoked."""
        await self.run(Write("write", target, {}, None))

    async def _run(
        self, write: Write[T], done: str, service_id: str | None, nodes_changed: bool
    ) -> WriteOutcome[T]:
        outcome = await asyncio.to_thread(self.runner.run, write)
        self._report(write, outcome, done)
        if outcome.ok:
            changed = frozenset({service_id}) if service_id else frozenset()
            self.request_poll(
                WRITE_REFRESH_DELAY_S,
                PollHints(changed_services=changed, nodes_changed=nodes_changed),
            )
        return outcome

    def _report(self, write: Write[Any], outcome: WriteOutcome[Any], done: str) -> None:
        if outcome.audit_problem:  # names the log's path, which may hold anything
            self.app.notify(
                visible(outcome.audit_problem),
                title="Audit log",
                severity="warning",
                timeout=15,
                markup=False,
            )
        if outcome.ok:
            if done:
                self.app.notify(visible(done), timeout=4, markup=False)
        elif outcome.status == "refused" or isinstance(outcome.error, WriteRefused):
            self.app.notify(visible(outcome.message), severity="error", timeout=8, markup=False)
        elif isinstance(outcome.error, SwarmError):
            self.app.notify(
                visible(f"The daemon refused: {outcome.message}"),
                title=safe_str(f"{write.action} {write.target} failed"),
                severity="error",
                timeout=15,
                markup=False,
            )
        else:
            self.app.notify(
                visible(f"{outcome.message} Nothing more was sent; see the audit log."),
                title=safe_str(f"{write.action} {write.target} failed"),
                severity="error",
                timeout=15,
                markup=False,
            )
