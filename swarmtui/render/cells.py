"""What every table renderer speaks: columns as data, keyed rows of cells, a progress bar."""

from __future__ import annotations

from collections.abc import Callable, Iterable
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


def _same(old: tuple[object, ...], new: tuple[object, ...]) -> bool:
    return len(old) == len(new) and all(a is b or a == b for a, b in zip(old, new, strict=True))


class RowMemo:
    """Rows made again only for the objects whose inputs changed: the poller keeps an
    unchanged service the very same object, so a poll that moved one service of a thousand
    makes one row. Holds the rows of the objects last listed, no more."""

    def __init__(self) -> None:
        self._rows: dict[str, tuple[tuple[object, ...], Row]] = {}
        self.made = 0
        """Rows made so far (a test counts them)."""

    def __len__(self) -> int:
        return len(self._rows)

    def row(self, key: str, inputs: tuple[object, ...], make: Callable[[], Row]) -> Row:
        cached = self._rows.get(key)
        if cached is not None and _same(cached[0], inputs):
            return cached[1]
        made = make()
        self._rows[key] = (inputs, made)
        self.made += 1
        return made

    def keep(self, keys: Iterable[str]) -> None:
        """Forget the rows of objects no longer listed (removed, or filtered out)."""
        wanted = set(keys)
        for key in [key for key in self._rows if key not in wanted]:
            del self._rows[key]
