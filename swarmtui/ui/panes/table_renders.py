"""Forget the renders of some rows of a DataTable, not all of them.

DataTable keys each cached render (cell, row renderables, row, screen line) by one update count
that any change moves: a storm that changes the counts of three services rendered all forty
visible rows of each table again, on every poll, and the key pressed meanwhile waited for it.
A change that keeps every column's width and every row where it was only needs the changed
rows' renders gone: the table then re-renders those and takes the rest from its caches.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from textual.cache import LRUCache
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey


def forget_rows(
    table: DataTable[Any],
    row_keys: Collection[RowKey],
    indexes: Collection[int],
    cells: Collection[tuple[RowKey, ColumnKey]] | None = None,
) -> None:
    """Drop the renders of the rows `row_keys`, and of whatever rows sat at `indexes` (a row
    that moved carries its index in its cells' mouse metadata, and the screen line at an
    index shows whichever row is there now). Given `cells`, the rows stayed where they were
    and only those cells changed: the others' renders are kept (a task's age ticking in its
    state column rendered the whole row again, every poll)."""
    if not row_keys and not indexes:
        return
    header = table.header_height if table.show_header else 0
    # Every row of these tables is one line high: the row at index i is screen line i + header.
    lines = {index + header for index in indexes}
    if cells is None:
        _discard(table._cell_render_cache, lambda key: key[0] in row_keys)
    else:
        _discard(table._cell_render_cache, lambda key: (key[0], key[1]) in cells)
    _discard(table._row_render_cache, lambda key: key[0] in row_keys)
    _discard(table._row_renderable_cache, lambda key: key[1] in indexes)
    _discard(table._line_cache, lambda key: key[0] in lines)


def moved_rows(
    before: dict[RowKey, int | None], after: dict[RowKey, int]
) -> tuple[set[RowKey], set[int]] | None:
    """The rows whose index changed and the indexes concerned, or None if rows came or went
    (their order alone did not change, and everything is rendered again)."""
    if before.keys() != after.keys():
        return None
    moved = {key for key, index in after.items() if before[key] != index}
    left = {before[key] for key in moved}
    return moved, {after[key] for key in moved} | {index for index in left if index is not None}


def _discard(cache: LRUCache[Any, Any], doomed: Callable[[Any], bool]) -> None:
    keys = cache.keys()  # a view: collected first, as discarding changes it
    for key in [key for key in keys if doomed(key)]:
        cache.discard(key)
