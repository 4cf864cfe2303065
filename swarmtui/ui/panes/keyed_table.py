"""A DataTable that is synced to a list of keyed rows, keeping cursor and scroll."""

from __future__ import annotations

from collections.abc import Sequence

from textual._two_way_dict import TwoWayDict
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import CellKey, ColumnKey, RowKey

from ...render.cells import Cell, Column, Row
from ...render.text import line
from .table_cells import cell_width, fitted_width, keeps_width, safe_cells, same_cell, same_cells
from .table_renders import forget_rows, moved_rows

# Removing rows one by one is O(n) each in DataTable; past this share, rebuild instead.
CLEAR_WHEN_STALE_SHARE = 0.5


class KeyedTable(DataTable[Cell]):
    """Rows are identified by stable keys (object ids); `sync` applies only what changed."""

    DEFAULT_CSS = """
    KeyedTable { height: 1fr; }
    """

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, id=id)
        # Scrolled sideways (a 10-node placement grid at 80 columns), each row keeps its name.
        self.fixed_columns = 1
        self._columns_spec: tuple[Column, ...] = tuple(columns)
        self._cells: dict[str, tuple[Cell, ...]] = {}
        self._given: dict[str, tuple[Cell, ...]] = {}
        """The rows as the renderer gave them last time, before safe_cells."""
        self._order: list[str] = []
        self._renders_of = self._update_count
        """The update count the render caches were last filled at."""
        self._renders_at = (Coordinate(0, 0), Coordinate(0, 0))
        """The cursor's and the mouse's places the line and row renders were made for."""

    def on_mount(self) -> None:
        self._add_columns(self._columns_spec)

    def _add_columns(self, columns: Sequence[Column]) -> None:
        for column in columns:
            # A string label is markup to DataTable; node hostnames are column labels.
            self.add_column(line(column.label), key=column.key, width=column.width)

    @property
    def selected_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        except Exception:  # noqa: BLE001 - the cursor can point past a table that just shrank
            return None
        return row_key.value

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Replace the columns (the placement grid gains and loses nodes); rows rebuild."""
        columns = tuple(columns)
        if columns == self._columns_spec:
            return
        selected = self.selected_key
        self._columns_spec = columns
        self.clear(columns=True)
        self._cells.clear()
        self._given = {}
        self._order = []
        self._add_columns(columns)
        self._restore_cursor(selected)

    def sync(self, rows: Sequence[Row]) -> None:
        """Make the table show `rows`, in order, touching only rows and cells that changed."""
        selected = self.selected_key
        given = self._given
        self._given = {key: cells for key, cells in rows}
        # A row given as the very same tuple as last time (a memoised row) changed nothing.
        rows = [
            (key, self._cells[key] if given.get(key) is cells and key in self._cells
             else safe_cells(cells))
            for key, cells in rows
        ]  # fmt: skip
        wanted = {key: cells for key, cells in rows}
        order = [key for key, _ in rows]
        stale = [key for key in self._cells if key not in wanted]
        count_before = self._update_count
        touched: set[tuple[str, ColumnKey]] = set()
        with self.app.batch_update():
            if stale and len(stale) > CLEAR_WHEN_STALE_SHARE * max(len(self._cells), 1):
                self.clear()
                self._cells.clear()
            else:
                for key in stale:
                    self.remove_row(key)
                    del self._cells[key]
            if stale:
                self._shrink_columns(rows)
            columns = self.ordered_columns
            for key, cells in rows:
                current = self._cells.get(key)
                if current is None:
                    self.add_row(*cells, key=key)
                elif current is not cells and not same_cells(current, cells):
                    for column, old, new in zip(columns, current, cells, strict=False):
                        if same_cell(old, new):
                            continue
                        if keeps_width(column, old, new):
                            self._data[RowKey(key)][column.key] = new
                            touched.add((key, column.key))
                        else:
                            self.update_cell(key, column.key, new, update_width=True)
                self._cells[key] = cells
            if order != self._order:
                self._reorder(order, everything=self._update_count != count_before)
                self._order = order
            if touched and self._update_count == count_before:
                self._rerender(touched)
            self._restore_cursor(selected)

    def _rerender(self, cells: set[tuple[str, ColumnKey]]) -> None:
        """Render the cells `cells` (row, column) again, and their rows from the cells: they
        changed in place."""
        keys = {RowKey(key) for key, _ in cells}
        indexes = {self._row_locations.get(key) for key in keys}
        found = {index for index in indexes if index is not None}
        forget_rows(self, keys, found, {(RowKey(key), column) for key, column in cells})
        for index in found:
            self.refresh_row(index)

    def _shrink_columns(self, rows: Sequence[Row]) -> None:
        """Columns as wide as what they hold now. DataTable widens a column for a new row but
        never narrows it when rows go: the tasks of a service with long names left the next
        service's columns wide, and the image column (cut by the renderer to what the others
        leave, keeping its tag) was cut again at the pane's edge, from the right."""
        for index, column in enumerate(self.ordered_columns):
            if not column.auto_width:
                continue
            fitted = fitted_width(column, index, (cells for _, cells in rows))
            if fitted < column.content_width:
                column.content_width = fitted
                self._require_update_dimensions = True

    # DataTable measures every new or updated cell through Rich (console options: three
    # terminal-size system calls a cell), and re-measures a whole column whenever one cell in
    # it narrows: selecting a 300-task service measured 5,500 cells (120 ms), a storm's updates
    # to the 1000-row tables measured their columns again per cell. Every cell here is one
    # line of Text (safe_cell), as wide as its plain text: these two are DataTable's own, for
    # rows that have no labels and one line each, with that width.
    def _update_dimensions(self, new_rows: Sequence[RowKey]) -> None:  # type: ignore[override]
        columns = self.ordered_columns
        for row_key in new_rows:
            cells = self._cells.get(row_key.value or "")
            if cells is None or row_key not in self._row_locations:
                continue  # removed before the idle handler came round
            for column, cell in zip(columns, cells, strict=False):
                column.content_width = max(column.content_width, cell_width(cell))
        total_width = sum(column.get_render_width(self) for column in self.columns.values())
        header_height = self.header_height if self.show_header else 0
        self.virtual_size = Size(total_width, self._total_row_height + header_height)

    def _update_column_widths(self, updated_cells: set[CellKey]) -> None:
        indexes = {
            column.key: index for index, column in enumerate(self.ordered_columns)
        }  # fmt: skip
        narrowed: set[int] = set()
        for row_key, column_key in updated_cells:
            index = indexes.get(column_key)
            cells = self._cells.get(row_key.value or "")
            if index is None or cells is None or index >= len(cells):
                continue
            column = self.ordered_columns[index]
            width = cell_width(cells[index])
            if width >= column.content_width:
                column.content_width = width
            else:
                narrowed.add(index)
        for index in narrowed:  # once a column, however many of its cells narrowed
            column = self.ordered_columns[index]
            column.content_width = fitted_width(column, index, self._cells.values())
        self._require_update_dimensions = True

    # Textual calls the _on_idle of every class in the MRO, so this is an addition to
    # DataTable's, not a replacement; its stub types it as the one override.
    def _on_idle(self) -> None:  # type: ignore[override]
        # Runs just before DataTable's own idle handler, which re-measures the columns for new
        # rows without invalidating the lines it cached at the old widths: a row drawn in
        # between (a selection change replaces every row) stayed cut short until the next
        # change. A new update count makes those cached lines miss.
        if self._require_update_dimensions or self._updated_cells:
            self._update_count += 1
            self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._drop_dead_renders()
        return super().render_lines(crop)

    def _drop_dead_renders(self) -> None:
        """Empty the render caches once what they hold can never be drawn again. DataTable
        keys every rendered cell, row and line by its update count, which any change moves
        (a cell updated, a row removed, the order changed) without emptying them: the dead
        entries stayed until their LRU pushed them out, 10,000 cells and 1,000 rows and lines
        a table: about 45 MB across the panes after 20 minutes of churn at 1000 services
        (scripts/bench_memory.py). Between changes the cells are kept: a cursor move, a
        scroll hits them."""
        cursors = (self.cursor_coordinate, self.hover_coordinate)
        if cursors != self._renders_at:
            # Each line and row is cached with the cursor's and the mouse's place, so these are
            # dead once either moves (the cells, cached by whether a cursor is on them, live on).
            self._renders_at = cursors
            self._row_render_cache.clear()
            self._line_cache.clear()
        if self._update_count == self._renders_of:
            return
        self._renders_of = self._update_count
        self._cell_render_cache.clear()
        self._row_render_cache.clear()
        self._row_renderable_cache.clear()
        self._line_cache.clear()

    def _reorder(self, order: list[str], everything: bool) -> None:
        # DataTable.sort can only order by cell values; we order by the renderer's key list,
        # which is what sort itself does internally with the row locations.
        before = {key: self._row_locations.get(key) for key in self._row_locations}
        after = {RowKey(key): index for index, key in enumerate(order)}
        self._row_locations = TwoWayDict(after)
        moved = None if everything else moved_rows(before, after)
        if moved is None:
            self._update_count += 1
        else:
            # The same rows, some elsewhere: only those are rendered again. The two caches
            # of the row order are DataTable's, keyed by the update count left as it was.
            forget_rows(self, *moved)
            self._offset_cache.clear()
            self._ordered_row_cache.clear()
        self.refresh()

    def _restore_cursor(self, selected: str | None) -> None:
        if selected is None or selected not in self._cells:
            return
        index = self.get_row_index(selected)
        if index != self.cursor_row:
            self.move_cursor(row=index, animate=False, scroll=False)
