"""A failed task's last words: the last lines of its log, beside its error and exit code.

Log text comes from the program, not from us: it is shown literally (controls visible), each
line cut to a screen's width, and secret-looking `NAME=VALUE` pairs and URL passwords masked.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text

from ..docker.models import TaskInfo
from ..docker.secrets import mask_text
from ..docker.task_logs import LOG_BYTES_MAX, TaskLog
from .palette import Palette
from .selection import Kind, Selection
from .text import line
from .view import ClusterView

READING = "reading its last lines…"
LINE_LIMIT = 300


def task_needing_words(
    view: ClusterView, selection: Selection | None, task_id: str | None
) -> str | None:
    """The failed task whose log the detail area would show: the focused task if it failed,
    else the selected service's newest current failure."""
    if task_id is not None:
        task = next((t for t in view.snapshot.tasks if t.id == task_id), None)
        if task is not None:
            return task.id if task.is_failure else None
    if selection is None or selection.kind != Kind.SERVICE:
        return None
    failure = view.facts.failing.get(selection.key)
    return failure.id if failure is not None else None


def last_words(task: TaskInfo, logs: Mapping[str, TaskLog], palette: Palette) -> Text:
    text = Text()
    text.append("Last lines", style="bold")
    text.append_text(line(f" of {task.name}:", limit=80))
    log = logs.get(task.id)
    if log is None:
        text.append(f" {READING}", style=palette.muted)
        return text.append("\n")
    if log.error:
        sentence = f" its log cannot be read through the manager ({log.error})."
        text.append_text(line(sentence, style=palette.warning, limit=400))
        return text.append("\n")
    if not log.lines:
        text.append(" its log is empty.", style=palette.muted)
        return text.append("\n")
    text.append("\n")
    for entry in log.lines:
        if entry.time is not None:
            text.append(entry.time.strftime("%H:%M:%S "), style=palette.muted)
        style = palette.error if entry.stream == "stderr" else ""
        text.append_text(line(mask_text(entry.text), style=style, limit=LINE_LIMIT))
        text.append("\n")
    if log.cut:
        text.append(f"(cut at {LOG_BYTES_MAX // 1024} KiB)\n", style=palette.muted)
    return text
