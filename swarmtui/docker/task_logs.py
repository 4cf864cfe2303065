"""The last lines a task wrote (`GET /tasks/{id}/logs`, read through a manager), as frozen
models; log_frames.py reads the daemon's answer into them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

LOG_BYTES_MAX = 64 * 1024
"""Read no more of a log than this: the last 20 lines of a sane program are far less."""
LOG_TAIL = 20


@dataclass(frozen=True, slots=True)
class LogLine:
    text: str
    stream: str = ""
    """stdout or stderr; empty when the task has a TTY (one stream)."""
    time: datetime | None = None


@dataclass(frozen=True, slots=True)
class TaskLog:
    """A failed task's last lines, or why they could not be read."""

    lines: tuple[LogLine, ...] = ()
    error: str = ""
    """The daemon's refusal (a log driver it cannot read back, say); empty when read."""
    cut: bool = False
    """The answer was longer than LOG_BYTES_MAX (or slower than the timeout) and was cut."""
