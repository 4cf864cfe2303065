"""`R`: the incident report from the dashboard: the snapshot on screen and the last hour of the
events it has followed, plus the failed tasks' last lines, written as new files in the state
directory (core/files.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App

from ..core.report_files import default_report_path, write_report
from ..docker.errors import SwarmError
from ..docker.events import SwarmEvent
from ..docker.incident import gather
from ..docker.models import NodeInfo, Snapshot
from ..docker.node_daemon import NodeDaemonApi
from ..docker.protocol import SwarmApi
from ..render.report import report_data, report_markdown
from ..render.text import visible
from .vitals import NodeVitalsRefresher


def _write(
    api_factory: Callable[[], SwarmApi],
    snapshot: Snapshot | None,
    events: tuple[SwarmEvent, ...] | None,
    vitals: NodeVitalsRefresher | None,
    folder: Path | None,
    node_api: Callable[[NodeInfo], NodeDaemonApi] | None = None,
) -> tuple[Path, Path]:
    api = api_factory()  # a client of its own, on this worker thread
    try:
        shown = vitals.shown if vitals is not None else None
        facts = gather(api, snapshot, events, node_vitals=shown, node_api=node_api)
    finally:
        api.close()
    data = report_data(facts)
    path = default_report_path(facts.taken_at, folder)
    return write_report(report_markdown(data), data, path, renumber=True)


async def write_incident_report(
    app: App[Any],
    api_factory: Callable[[], SwarmApi],
    snapshot: Snapshot | None,
    events: tuple[SwarmEvent, ...] | None,
    vitals: NodeVitalsRefresher | None = None,
    folder: Path | None = None,
    node_api: Callable[[NodeInfo], NodeDaemonApi] | None = None,
) -> None:
    app.notify("Writing the incident report…", timeout=3)
    try:
        markdown, twin = await asyncio.to_thread(
            _write, api_factory, snapshot, events, vitals, folder, node_api
        )
    except Exception as error:  # noqa: BLE001 - whatever stops it, the operator is told
        said = str(error) if isinstance(error, SwarmError | OSError) else repr(error)
        app.notify(
            visible(f"The incident report could not be written: {said}"),
            severity="error",
            timeout=15,
            markup=False,
        )
        return
    app.copy_to_clipboard(str(markdown))
    app.notify(
        visible(f"Wrote {markdown} and {twin.name}; the path is copied to the clipboard."),
        title="Incident report",
        timeout=15,
        markup=False,
    )
