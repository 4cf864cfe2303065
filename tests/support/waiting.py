"""Waiting for what a test needs next, never for a fixed time.

A fixed pause is too short on a loaded CI machine and too long everywhere else: a test waits
for the condition its next lines assert or use instead. Each wait's timeout only bounds a hang
(it is no timing assertion), so it is generous and a timeout fails naming what never came.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen

from swarmtui.ui.app import SwarmTuiApp

S = TypeVar("S", bound=Screen[Any])


async def wait_for(
    pilot: Pilot[Any],
    condition: Callable[[], object],
    *,
    timeout: float = 10.0,
    what: str = "",
    every: float | None = None,
) -> None:
    """Let the app run until `condition()` holds; fail naming `what` after `timeout` s.

    Every round is a `pilot.pause()`: it lets the messages already posted run (those the last
    key sent too, before the first look) and sleeps at least 20 ms, time enough for thread
    workers to move on. `every` spaces the looks out, for a condition that is slow to ask
    (the lab's, which run the docker CLI) and would otherwise leave the app little time."""
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause(every)
        if condition():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what or 'a condition'}; it never came")


def swarm_app(pilot: Pilot[Any]) -> SwarmTuiApp:
    app = pilot.app
    assert isinstance(app, SwarmTuiApp)
    return app


async def on_top(pilot: Pilot[Any], kind: type[S], *, timeout: float = 10.0) -> S:
    """Wait for a screen of type `kind` to be on top (`app.screen`) and mounted (its widgets
    there to query), and return it."""
    await wait_for(
        pilot,
        lambda: isinstance(pilot.app.screen, kind) and pilot.app.screen.is_mounted,
        timeout=timeout,
        what=f"a {kind.__name__} on top",
    )
    return pilot.app.screen  # type: ignore[return-value]


async def back_on_main(pilot: Pilot[Any]) -> None:
    """Wait for the dashboard's main screen to be on top again, and then for what it was
    handed as the screen above it went (a dialog's answer, say) to run."""
    app = swarm_app(pilot)
    await wait_for(pilot, lambda: app.screen is app.main, what="the main screen on top")
    await pilot.pause()


async def polled(pilot: Pilot[Any], after: int = 0, *, timeout: float = 10.0) -> None:
    """Wait for a poll to land after the first `after` (0: the first poll), then let what
    the snapshot drew run."""
    app = swarm_app(pilot)
    await wait_for(
        pilot,
        lambda: app.polling.polls_done > after,
        timeout=timeout,
        what=f"poll {after + 1} to land",
    )
    await pilot.pause()


def group_idle(app: Any, group: str) -> bool:
    """No worker of `group` is running (finished workers leave the manager, or say so)."""
    return all(worker.is_finished for worker in app.workers if worker.group == group)


async def workers_done(pilot: Pilot[Any], group: str, *, timeout: float = 10.0) -> None:
    """Wait for the workers of `group` that are running to finish, and then for what they
    posted to run. Only for workers started already: an idle group is done at once."""
    await wait_for(
        pilot,
        lambda: group_idle(pilot.app, group),
        timeout=timeout,
        what=f"the {group!r} workers to finish",
    )
    await pilot.pause()


def notifications(app: Any) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def notified(pilot: Pilot[Any], text: str, *, timeout: float = 10.0) -> str:
    """Wait for a notification containing `text`, and return its message."""

    def found() -> str | None:
        return next((m for m in notifications(pilot.app) if text in m), None)

    await wait_for(pilot, lambda: found() is not None, timeout=timeout, what=f"a note of {text!r}")
    return found() or ""


async def palette_searched(pilot: Pilot[Any]) -> CommandList:
    """Wait for the command palette to have searched for what was typed into it and to show
    its matches, the best one highlighted; return its list."""

    def searched() -> bool:
        palette = pilot.app.screen
        if not isinstance(palette, CommandPalette):
            return False
        if not all(w.is_finished for w in pilot.app.workers if w.node is palette):
            return False  # its providers still search: a better match may come first
        options = palette.query_one(CommandList)
        return options.option_count > 0 and options.highlighted is not None

    await wait_for(pilot, searched, what="the palette's matches")
    return pilot.app.screen.query_one(CommandList)
