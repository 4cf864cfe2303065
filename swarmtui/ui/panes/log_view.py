"""A virtual list of log lines: only the rows on screen are rendered, so ten thousand lines
cost a list of references, and a flush of a thousand new lines costs no rendering at all
until they scroll into view. Wrapping folds a line at the widget's width (as `less` does), so
every line's height is known from its length without rendering it."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate

from rich.cells import cell_len
from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...render.logs import SHOWN_CHARS, TASK_COLOURS, LogEntry, entry_text
from ...render.text import visible

_PREFIX = 12 + 1 + 3  # the time, a space, the stderr mark; the tag's length is added per line


class LogView(ScrollView, can_focus=True):
    DEFAULT_CSS = "LogView { height: 1fr; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[LogEntry] = []
        self._widths: list[int] = []
        self._starts: list[int] = [0]
        """With wrap on: the first row of each line, and the row count at the end."""
        self._strips: LRUCache[int, Strip] = LRUCache(1024)
        self._base = 0
        """Lines dropped off the front since the last `show`: cache keys stay valid."""
        self.wrap = False
        self.search: re.Pattern[str] | None = None
        self.current: int | None = None
        """The line the search is on."""
        self.colours: tuple[str, ...] = TASK_COLOURS

    # Content ------------------------------------------------------------------------------

    def show(self, entries: list[LogEntry]) -> None:
        """Replace every line (a filter, a search or the wrap changed)."""
        self.entries = list(entries)
        self._widths = [_width(entry) for entry in self.entries]
        self._strips.clear()
        self._base = 0
        self.current = None if self.current is None else min(self.current, len(entries) - 1)
        self._relayout()
        self.scroll_end(animate=False, immediate=True, x_axis=False)

    def append(self, entries: list[LogEntry], keep: int) -> None:
        """Add lines at the end, dropping the oldest past `keep`; follows the end if there."""
        if not entries:
            return
        at_end = self.scroll_offset.y >= self.max_scroll_y - 1
        self.entries.extend(entries)
        self._widths.extend(_width(entry) for entry in entries)
        extra = len(self.entries) - keep
        if extra > 0:
            del self.entries[:extra], self._widths[:extra]
            self._base += extra
            if self.current is not None:
                self.current = self.current - extra if self.current >= extra else None
            self._relayout()
        elif self.wrap:
            rows = self._rows_per_line()
            for cells in self._widths[-len(entries) :]:
                self._starts.append(self._starts[-1] + rows(cells))
            self.virtual_size = Size(self.size.width, self._starts[-1])
        else:
            self.virtual_size = Size(
                max(self.virtual_size.width, *self._widths[-len(entries) :]), len(self.entries)
            )
        if at_end:
            self.scroll_end(animate=False, immediate=True, x_axis=False)
        self.refresh()

    def set_wrap(self, wrap: bool) -> None:
        self.wrap = wrap
        self._strips.clear()
        self._relayout()
        self.scroll_to(x=0, animate=False, immediate=True)
        self.refresh()

    def set_search(self, search: re.Pattern[str] | None) -> None:
        self.search, self.current = search, None
        self._strips.clear()
        self.refresh()

    def on_resize(self) -> None:
        if self.wrap:
            self._relayout()

    def _rows_per_line(self) -> Callable[[int], int]:
        width = max(1, self.scrollable_content_region.width or self.size.width or 80)
        return lambda cells: max(1, -(-cells // width))

    def _relayout(self) -> None:
        if self.wrap:
            rows = self._rows_per_line()
            self._starts = list(accumulate((rows(w) for w in self._widths), initial=0))
            self.virtual_size = Size(self.size.width, self._starts[-1])
        else:
            self.virtual_size = Size(max(self._widths, default=0), len(self.entries))
        self.refresh()

    # Search -------------------------------------------------------------------------------

    def find(self, forward: bool) -> bool:
        """Move to the next (or previous) line the search matches, round the end; False if
        none does."""
        if self.search is None or not self.entries:
            return False
        count = len(self.entries)
        start = self.current if self.current is not None else (-1 if forward else count)
        step = 1 if forward else -1
        for offset in range(1, count + 1):
            index = (start + step * offset) % count
            if self.search.search(self.entries[index].line.text):
                self.current = index
                self._strips.clear()
                row = self._starts[index] if self.wrap else index
                self.scroll_to(y=max(0, row - self.size.height // 2), animate=False, immediate=True)
                self.refresh()
                return True
        return False

    def lines_shown(self) -> list[Strip]:
        """The rows on screen now, as rendered (for tests and screenshots)."""
        return [self.render_line(y) for y in range(self.size.height)]

    # Rendering ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = scroll_y + y
        width = self.scrollable_content_region.width
        style = self.rich_style
        if self.wrap:
            index = bisect_right(self._starts, row) - 1
            if not 0 <= index < len(self.entries):
                return Strip.blank(width, style)
            part = row - self._starts[index]
            return self._strip(index, style).crop_extend(part * width, (part + 1) * width, style)
        if row >= len(self.entries):
            return Strip.blank(width, style)
        return self._strip(row, style).crop_extend(scroll_x, scroll_x + width, style)

    def _strip(self, index: int, style: Style) -> Strip:
        key = self._base + index
        strip = self._strips.get(key)
        if strip is None:
            text = entry_text(self.entries[index], self.colours, self.search)
            if index == self.current:
                text.stylize("underline")
            text.stylize_before(style)
            strip = Strip(list(text.render(self.app.console)), text.cell_len)
            self._strips[key] = strip
        return strip


def _width(entry: LogEntry) -> int:
    text = entry.line.text[:SHOWN_CHARS]
    # Most log lines are printable ASCII: one cell a character, no need to measure.
    cells = len(text) if text.isascii() and text.isprintable() else cell_len(visible(text))
    return _PREFIX + len(entry.task) + 1 + len(entry.node) + cells
