"""The logs screen's save (`s`): the filtered lines as plain text, secret-looking values masked,
in a new file readable by you only, in the state directory unless another path is typed.

The prompt is prefilled with the default path. Kept as it is, a name already taken becomes
`name-1.log`, `name-2.log`, …; a path typed over it that already exists is refused in the prompt
(nothing is overwritten), and so is one that appears between the prompt and the write.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from textual.screen import Screen

from ..core.files import default_path, saved_dir, write_private
from ..render.logs import LogEntry, default_file_name, saved_text
from ..render.text import safe_str
from .dialogs import PromptDialog


def save_logs(
    screen: Screen[None], name: str, now: datetime, entries: Callable[[], list[LogEntry]]
) -> None:
    default = default_path(default_file_name(name, now))

    def chosen(value: str) -> Path:
        value = value.strip()
        return Path(value).expanduser() if value else default

    def check(value: str) -> Path:
        path = chosen(value)
        if path != default and (path.exists() or path.is_symlink()):
            raise ValueError(f"{path} already exists: type another name (nothing is overwritten).")
        return path

    def apply(value: str | None) -> None:
        if value is None:
            return
        path = chosen(value)
        screen.run_worker(
            _write(screen, path, entries(), renumber=path == default),
            group="logs-save",
            exit_on_error=False,
        )

    screen.app.push_screen(
        PromptDialog(
            "Save the logs",
            f"File for the filtered lines (plain text, secrets masked, readable by you only; "
            f"by default in {saved_dir()}, never over an existing file):",
            str(default),
            check,
        ),
        apply,
    )


def _save(path: Path, lines: list[LogEntry], renumber: bool) -> Path:
    return write_private([(path, saved_text(lines))], renumber=renumber)[0]


async def _write(screen: Screen[None], path: Path, lines: list[LogEntry], renumber: bool) -> None:
    try:
        # Off the event loop: masking and writing 10,000 long lines takes a while.
        written = await asyncio.to_thread(_save, path, lines, renumber)
    except Exception as error:  # noqa: BLE001 - whatever stops it, the operator is told
        said = str(error) if isinstance(error, OSError) else repr(error)
        screen.notify(
            safe_str(f"Could not save the logs to {path}: {said}", 400),
            severity="error",
            timeout=10,
            markup=False,
        )
        return
    screen.notify(
        safe_str(f"Saved {len(lines):,} lines to {written}", 400), timeout=6, markup=False
    )
