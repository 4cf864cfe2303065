"""What every table renderer speaks: columns as data, keyed rows of cells, a progress bar."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text

from ..docker.health import Progress
from .format import short_image
from .text import line

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


MIN_IMAGE_WIDTH = 4
"""The narrowest an image column is cut to (`…:12`): narrower, the table scrolls."""


def _cell_width(cell: Cell) -> int:
    return cell_len(cell.plain if isinstance(cell, Text) else cell)


def fit_images(
    rows: list[Row],
    columns: Sequence[Column],
    width: int | None,
    images: Mapping[str, str],
    padding: int = 1,
    marks: Mapping[str, str] | None = None,
) -> list[Row]:
    """`rows` with the image column cut (by short_image, keeping the tag) to what the columns
    before it leave of `width` cells, each column `padding` wide on either side as a
    DataTable draws it. A table wider than its pane is otherwise cut at the pane's edge,
    which cuts an image from the right: lab/web:1 and lab/web:2 would both read lab/web.
    Columns after the image are the edge's to cut, as before. A row's mark (`marks`, by
    key) ends its image cell as ` MARK` and is kept whole: the name is cut before it."""
    index = next((i for i, c in enumerate(columns) if c.key == "image"), None)
    if width is None or index is None or not rows:
        return rows
    widths = [
        column.width or max(cell_len(column.label), *(_cell_width(r[1][i]) for r in rows))
        for i, column in enumerate(columns)
    ]
    left = width - sum(widths[:index]) - 2 * padding * (index + 1)
    if widths[index] <= left:
        return rows
    budget = max(left, MIN_IMAGE_WIDTH)
    fitted: list[Row] = []
    for key, cells in rows:
        shown = cells[index]
        mark = (marks or {}).get(key, "")
        extra = cell_len(mark) + 1 if mark else 0
        cut = line(short_image(images[key], max(budget - extra, 1)))
        if isinstance(shown, Text):
            cut.style = shown.style
            if extra:
                cut.append_text(shown[len(shown) - extra :])
        fitted.append((key, (*cells[:index], cut, *cells[index + 1 :])))
    return fitted
