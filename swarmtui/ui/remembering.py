"""Remembering a choice made on screen (the services pane's order) in the user's config.toml,
on a thread: a slow home directory must not freeze the dashboard."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.app import App

from ..core.remember import remember_setting
from ..render.text import visible

_LATEST: dict[tuple[Path, str], str] = {}
"""The value last chosen per file and key: a slow write never lands after a newer one."""
_WRITING = threading.Lock()


def remember_in_config(app: App[None], path: Path | None, key: str, value: str) -> None:
    """Write `key = "value"` into `path`; a file that cannot take it is left alone and the
    operator told why, once per choice. No path (a replay, tests): remembered for this run only."""
    if path is None:
        return

    _LATEST[(path, key)] = value

    def write() -> None:
        try:
            with _WRITING:
                remember_setting(path, key, _LATEST[(path, key)])
        except Exception as error:  # noqa: BLE001 - whatever stops it, the operator is told
            said = str(error) if isinstance(error, OSError | ValueError) else repr(error)
            reason = visible(f"Could not remember {key} in {path}: {said}.")
            app.call_from_thread(app.notify, reason, severity="warning", markup=False)

    app.run_worker(write, thread=True, exit_on_error=False, group="remember")
