"""The dashboard over the replayed lab recording, its clock frozen at the moment of recording."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from swarmtui.core.config import Settings
from swarmtui.docker.connection import Endpoint
from swarmtui.docker.endpoints import Connection
from swarmtui.docker.models import Snapshot
from swarmtui.docker.parse import parse_time
from swarmtui.docker.poller import Poller
from swarmtui.docker.protocol import SwarmApi
from swarmtui.docker.reader import SwarmReader
from swarmtui.docker.replay import ReplayApi
from swarmtui.render.last_words import READING
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.panes.detail import DetailPane
from swarmtui.ui.panes.keyed_table import KeyedTable

from .paths import DATA
from .waiting import polled, wait_for

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


def replay_app(
    folder: Path = RECORDING, read_nodes: bool = False, **settings: object
) -> SwarmTuiApp:
    """The dashboard over a lab recording, its clock frozen at the moment of recording;
    `read_nodes` as `swarmtui` runs (node figures and vitals read, where a test fakes them)."""
    frozen = recorded_at(folder)

    def factory() -> SwarmApi:
        return ReplayApi(folder)

    return SwarmTuiApp(
        Settings(**settings),
        factory,
        clock=lambda: frozen,  # type: ignore[arg-type]
        follow_events=False,
        read_nodes=read_nodes,
    )


def replay_on_context(
    context: str, folder: Path = RECORDING, settings: Settings | None = None
) -> SwarmTuiApp:
    """The dashboard over a recording as if started on docker context `context`: its
    connection can move (the context picker works), and the context's settings apply."""
    frozen = recorded_at(folder)
    endpoint = Endpoint(ReplayApi(folder).endpoint.base_url, f"context {context}", None, context)
    connection = Connection(endpoint, make=lambda _: ReplayApi(folder))
    return SwarmTuiApp(
        settings or Settings(),
        connection,
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


async def settle(pilot, app: SwarmTuiApp | None = None) -> None:  # noqa: ANN001
    """Let the first poll land and what it drew run (`app`, if given, is the pilot's)."""
    await polled(pilot)


def laid_out(app: SwarmTuiApp) -> bool:
    """The main screen's tables have sized their columns (DataTable does that on idle) and
    the detail area is as tall as its text, its scrollbar knowing it."""
    if any(table._require_update_dimensions for table in app.main.query(KeyedTable)):
        return False
    pane = app.main.query_one(DetailPane)
    if not pane.display:
        return True  # hidden (a narrow screen gives its place to a rollout)
    text = pane.query_one("#detail")
    lines = len(pane.shown.plain.splitlines()) if pane.shown is not None else 0
    return text.size.height >= lines and pane.virtual_size.height >= text.outer_size.height


async def first_snapshot(pilot) -> None:  # noqa: ANN001
    """`settle` in the shape snap_compare's run_before wants; then the failed task's last
    lines, read on a worker, are in the detail area too, and laid out."""
    await settle(pilot)
    app = pilot.app
    main = app.main
    detail = main.query_one(DetailPane)

    def drawn() -> bool:
        selected = main.selection is not None or main.snapshot is None or not main.snapshot.services
        # `reading` is also false before the read starts: the detail text says when it is done.
        words_in = detail.shown is not None and READING not in detail.shown.plain
        return selected and words_in and not app.last_words.reading

    await wait_for(pilot, drawn, what="the first snapshot drawn with the last words read")
    # The detail area grew by those lines: its layout (and scrollbar) catches up a few frames
    # later on a loaded machine.
    await pilot.wait_for_scheduled_animations()
    await wait_for(pilot, lambda: laid_out(app), what="the main screen laid out")
