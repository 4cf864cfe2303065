"""The dashboard over the replayed lab recording, its clock frozen at the moment of recording."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from swarmtui.core.config import Settings
from swarmtui.docker.models import Snapshot
from swarmtui.docker.parse import parse_time
from swarmtui.docker.poller import Poller
from swarmtui.docker.protocol import SwarmApi
from swarmtui.docker.reader import SwarmReader
from swarmtui.docker.replay import ReplayApi
from swarmtui.render.last_words import READING
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.panes.detail import DetailPane

from .paths import DATA

RECORDING = DATA / "lab"

ROLLOUT_RECORDING = DATA / "rollout"
"""The lab with web part way through a rolling update (scripts/record_lab.py --rollout)."""

WORKER_TOKEN = (
    "SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx"
)
MANAGER_TOKEN = (
    "SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-7p8s1bvm0o4x6c1zx6dfw3wvh"
)
"""Made-up join tokens: a recording keeps none (tests give a copy of it these)."""


def recorded_at(folder: Path = RECORDING) -> datetime:
    stamp = parse_time(ReplayApi(folder).recorded_at)
    assert stamp is not None
    return stamp


def replay_app(folder: Path = RECORDING, **settings: object) -> SwarmTuiApp:
    """The dashboard over a lab recording, its clock frozen at the moment of recording."""
    frozen = recorded_at(folder)

    def factory() -> SwarmApi:
        return ReplayApi(folder)

    return SwarmTuiApp(
        Settings(**settings),
        factory,
        clock=lambda: frozen,  # type: ignore[arg-type]
        follow_events=False,
    )


def lab_snapshot(recording: ReplayApi) -> Snapshot:
    """One poll of the recording, at the moment it was recorded."""
    return Poller(SwarmReader(recording), clock=recorded_at).poll()


def by_name(snapshot: Snapshot, name: str):  # noqa: ANN201 - test helper
    """The service called `name`, else the node of that hostname."""
    return next(
        o
        for o in (*snapshot.services, *snapshot.nodes)
        if getattr(o, "name", None) == name or getattr(o, "hostname", None) == name
    )


async def settle(pilot, app: SwarmTuiApp | None = None, tries: int = 50) -> None:  # noqa: ANN001
    """Let the first poll land (up to `tries` pauses of 50 ms), then one more pause."""
    app = app or pilot.app
    for _ in range(tries):
        await pilot.pause(0.05)
        if app.polling.polls_done:
            break
    await pilot.pause()


async def first_snapshot(pilot) -> None:  # noqa: ANN001
    """`settle` with a longer bound, in the shape snap_compare's run_before wants; then the
    failed task's last lines, read on a worker, are in the detail area too."""
    await settle(pilot, tries=100)
    main = pilot.app.main
    detail = main.query_one(DetailPane)
    for _ in range(200):
        drawn = main.selection is not None or main.snapshot is None or not main.snapshot.services
        # `reading` is also false before the read starts: the detail text says when it is done.
        words_in = detail.shown is not None and READING not in detail.shown.plain
        if drawn and words_in and not pilot.app.last_words.reading:
            break
        await pilot.pause(0.05)
    # The detail area grew by those lines: let its layout (and scrollbar) catch up, which a
    # loaded machine can take a few frames to do.
    for _ in range(3):
        await pilot.pause(0.1)
        await pilot.wait_for_scheduled_animations()
