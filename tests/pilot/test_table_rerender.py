"""A change to a few rows renders those rows again, not the whole screen (counted, not timed).

DataTable keyed every render by one update count that any change moved: a storm that changed
three services' counts rendered every visible row of every table again on each poll, and a key
pressed meanwhile waited behind it. What is drawn must stay exactly what a full render draws.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from swarmtui.render.cells import Column, Row
from swarmtui.ui.panes.keyed_table import KeyedTable

COLUMNS = (Column("name", "NAME"), Column("replicas", "REPLICAS"), Column("image", "IMAGE"))
HEIGHT = 12


def services(count: int = 50, **replicas: str) -> list[Row]:
    return [
        (f"svc{n}", (f"service-{n:02}", replicas.get(f"svc{n}", "1/1"), "lab/app:1"))
        for n in range(count)
    ]


class OneTable(App[None]):
    def compose(self) -> ComposeResult:
        yield KeyedTable(COLUMNS, id="services")


def drawn(table: KeyedTable) -> list[str]:
    return [strip.text for strip in table.render_lines(table.region.reset_offset)]


def rows_of_cells(table: KeyedTable) -> list[int]:
    """The row each drawn line's cells say they are (what a mouse click selects)."""
    found = []
    for strip in table.render_lines(table.region.reset_offset)[1:]:
        meta = next((seg.style.meta for seg in strip if seg.style and seg.style.meta), {})
        found.append(meta.get("row", -1))
    return found


@contextlib.asynccontextmanager
async def drawn_once() -> AsyncIterator[tuple[KeyedTable, Pilot[None]]]:
    """A table showing `services()`, drawn once: what a later change renders is its own."""
    app = OneTable()
    async with app.run_test(size=(60, HEIGHT)) as pilot:
        table = app.query_one(KeyedTable)
        table.sync(services())
        await pilot.pause()
        drawn(table)
        yield table, pilot


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The rows whose cells were rendered, by row key, in order."""
    seen: dict[str, list[str]] = {"rows": []}
    render_cell = KeyedTable._render_cell

    def counting(self: KeyedTable, row_index: int, column_index: int, *args, **kwargs):  # type: ignore[no-untyped-def]
        key = self._row_locations.get_key(row_index)
        if key is not None and column_index == 0:
            seen["rows"].append(key.value)
        return render_cell(self, row_index, column_index, *args, **kwargs)

    monkeypatch.setattr(KeyedTable, "_render_cell", counting)
    return seen


async def test_a_changed_count_renders_its_row_again_and_no_other(
    counted: dict[str, list[str]],
) -> None:
    async with drawn_once() as (table, _pilot):
        counted["rows"].clear()
        table.sync(services(svc3="0/1", svc7="Text"))
        lines = drawn(table)
        assert sorted(set(counted["rows"])) == ["svc3", "svc7"]
        assert "0/1" in lines[4] and "Text" in lines[8]
        assert lines == await _drawn_fresh(services(svc3="0/1", svc7="Text"))


async def test_a_cell_changed_in_place_is_the_only_cell_rendered_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A task's age ticking in its state column rendered all its row's cells, every poll."""
    rendered: list[tuple[str | None, int]] = []
    render_cell = KeyedTable._render_cell
    watched: list[KeyedTable] = []

    def counting(self: KeyedTable, row_index: int, column_index: int, *args, **kwargs):  # type: ignore[no-untyped-def]
        cached = len(self._cell_render_cache)
        lines = render_cell(self, row_index, column_index, *args, **kwargs)
        key = self._row_locations.get_key(row_index)
        if self in watched and len(self._cell_render_cache) > cached:
            rendered.append((key.value if key else "header", column_index))
        return lines

    async with drawn_once() as (table, _pilot):
        watched.append(table)
        monkeypatch.setattr(KeyedTable, "_render_cell", counting)
        table.sync(services(svc3="0/1"))
        lines = drawn(table)
        assert rendered == [("svc3", 1)]
        assert "0/1" in lines[4]
        assert lines == await _drawn_fresh(services(svc3="0/1"))


async def test_a_colour_change_alone_renders_its_row_again() -> None:
    async with drawn_once() as (table, _pilot):
        red = [
            (key, (cells[0], Text("1/1", style="red"), cells[2])) if key == "svc2" else (key, cells)
            for key, cells in services()
        ]
        table.sync(red)
        strip = table.render_lines(table.region.reset_offset)[3]
        assert any(seg.text == "1/1" and seg.style and seg.style.color for seg in strip)


async def test_rows_that_trade_places_are_the_only_ones_rendered_and_say_their_new_row(
    counted: dict[str, list[str]],
) -> None:
    async with drawn_once() as (table, _pilot):
        counted["rows"].clear()
        swapped = services()
        swapped[2], swapped[5] = swapped[5], swapped[2]
        table.sync(swapped)
        lines = drawn(table)
        assert sorted(set(counted["rows"])) == ["svc2", "svc5"]
        assert "service-05" in lines[3] and "service-02" in lines[6]
        assert rows_of_cells(table)[:8] == list(range(8))
        assert lines == await _drawn_fresh(swapped)


async def test_a_cell_that_widens_its_column_lays_out_every_row_again(
    counted: dict[str, list[str]],
) -> None:
    async with drawn_once() as (table, pilot):
        counted["rows"].clear()
        wider = services(svc4="1000/1000")
        table.sync(wider)
        await pilot.pause()
        lines = drawn(table)
        assert len(set(counted["rows"])) == HEIGHT - 1  # every visible row, at the new width
        assert lines == await _drawn_fresh(wider)


async def test_renders_made_for_another_cursor_place_are_let_go() -> None:
    app = OneTable()
    async with app.run_test(size=(60, HEIGHT)) as pilot:
        table = app.query_one(KeyedTable)
        table.focus()
        table.sync(services())
        await pilot.pause()
        for _ in range(8):
            await pilot.press("down")
            drawn(table)
        assert len(table._line_cache) <= HEIGHT


async def _drawn_fresh(rows: list[Row]) -> list[str]:
    """What a new table given `rows` at once draws: the reference for every change in place."""
    app = OneTable()
    async with app.run_test(size=(60, HEIGHT)) as pilot:
        table = app.query_one(KeyedTable)
        table.sync(rows)
        await pilot.pause()
        return drawn(table)
