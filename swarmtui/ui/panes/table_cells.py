"""The cells of a KeyedTable: made literal, compared, and measured as DataTable would."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets.data_table import Column as DataTableColumn

from ...render.cells import Cell
from ...render.text import line


def safe_cell(cell: Cell) -> Text:
    """A `str` cell as literal text: DataTable would read a plain string as markup, so a
    renderer that forgot `render.text.line` cannot let a `[/x]` from the cluster crash it.
    Made as DataTable makes its own text of a string: one line, no trailing newline."""
    if isinstance(cell, Text):
        return cell
    text = line(cell)
    text.end = ""
    text.no_wrap = True
    return text


def safe_cells(cells: Sequence[Cell]) -> tuple[Text, ...]:
    return tuple(safe_cell(cell) for cell in cells)


def same_cell(old: Cell, new: Cell) -> bool:
    """Rich's Text equality ignores the base style, and a colour change must repaint."""
    if old is new:
        return True
    if isinstance(old, Text) and isinstance(new, Text):
        return old == new and old.style == new.style and old.justify == new.justify
    return old == new


def same_cells(old: tuple[Cell, ...], new: tuple[Cell, ...]) -> bool:
    return len(old) == len(new) and all(same_cell(a, b) for a, b in zip(old, new, strict=True))


def cell_width(cell: Cell) -> int:
    plain = cell.plain if isinstance(cell, Text) else str(cell)
    # An ASCII string is as wide as it is long; most cells are (5000 rows: 25,000 cells).
    return len(plain) if plain.isascii() else cell_len(plain)


def fitted_width(column: DataTableColumn, index: int, rows: Iterable[tuple[Cell, ...]]) -> int:
    """The width column `index` needs for `rows` (and its label)."""
    widest = max((cell_width(cells[index]) for cells in rows if index < len(cells)), default=0)
    return max(widest, cell_len(column.label.plain))


def keeps_width(column: DataTableColumn, old: Cell, new: Cell) -> bool:
    """Whether `new` in place of `old` leaves the column as wide as it is: then the table's
    layout holds and only that row is rendered again."""
    if not column.auto_width:
        return True
    before, after = cell_width(old), cell_width(new)
    # Wider than the column widens it; the widest cell narrowing may narrow it.
    return before == after or (after <= column.content_width and before < column.content_width)
