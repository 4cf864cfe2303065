"""What every table renderer speaks: columns as data, keyed rows of cells, a progress bar."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from ..docker.health import Progress

Cell = Text | str
Row = tuple[str, tuple[Cell, ...]]
"""A row keyed by a stable object id, so a pane can diff it against what it shows."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int | None = None


BAR_WIDTH = 8


def progress_bar(progress: Progress, colour: str, muted: str) -> Text:
    filled = round(progress.ratio * BAR_WIDTH)
    text = Text("━" * filled, style=colour)
    text.append("─" * (BAR_WIDTH - filled), style=muted)
    text.append(f" {progress.running}/{progress.desired}")
    return text
