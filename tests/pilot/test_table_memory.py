"""A table kept open under churn holds renders of what it shows now, not of every change
before (counted, not timed): DataTable keyed its caches by an update count that every change
moves, and the dead entries stayed until 10,000 cells and 1,000 rows and lines a table."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from swarmtui.render.cells import Column, Row
from swarmtui.ui.panes.keyed_table import KeyedTable

COLUMNS = (Column("name", "NAME"), Column("replicas", "REPLICAS"), Column("image", "IMAGE"))
HEIGHT = 12


def rows(poll: int) -> list[Row]:
    """200 services, one of those on screen scaled on this poll (its cell changes)."""
    return [
        (f"svc{n}", (f"service-{n}", f"{poll if n == poll % 8 else 1}/1", "lab/app:1"))
        for n in range(200)
    ]


class OneTable(App[None]):
    def compose(self) -> ComposeResult:
        yield KeyedTable(COLUMNS, id="services")


def drawn(table: KeyedTable) -> list[str]:
    """Every line on screen, rendered as the compositor renders them."""
    return [strip.text for strip in table.render_lines(table.region.reset_offset)]


async def test_a_table_under_churn_keeps_renders_of_what_it_shows_only() -> None:
    app = OneTable()
    async with app.run_test(size=(60, HEIGHT)) as pilot:
        table = app.query_one(KeyedTable)
        table.sync(rows(0))
        await pilot.pause()
        for poll in range(1, 120):
            table.sync(rows(poll))
            lines = drawn(table)
        assert any(f"{poll}/1" in line for line in lines)  # the change reached the screen
        # What one screen's cells and lines take (a screen and a half at most: the header and
        # a row or two more), not one set per change.
        most = HEIGHT * 3 // 2
        assert 0 < len(table._line_cache) <= most
        assert len(table._row_render_cache) <= most
        assert len(table._cell_render_cache) <= most * len(COLUMNS)


async def test_column_widths_come_from_the_cells_text_not_from_measuring_each_cell(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DataTable measured every new or changed cell through Rich (three terminal-size system
    calls a cell) and measured a whole column again when one cell in it narrowed: 5,500 cells
    for a 300-task service's selection. The widths are the same, with no measuring."""
    from textual.widgets import _data_table

    measured = {"cells": 0}
    measure = _data_table.measure

    def counting(*args: object, **kwargs: object) -> int:
        measured["cells"] += 1
        return measure(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_data_table, "measure", counting)
    app = OneTable()
    async with app.run_test(size=(60, HEIGHT)) as pilot:
        table = app.query_one(KeyedTable)
        await pilot.pause()
        measured["cells"] = 0  # the column labels, once, as the table was made
        wide = [(f"svc{n}", (f"service-{n}", "1/1", "lab/app:1")) for n in range(200)]
        wide[150] = ("svc150", ("a-much-longer-service-name", "10/10", "lab/app:1"))
        table.sync(wide)
        await pilot.pause()
        widths = [column.content_width for column in table.ordered_columns]
        assert widths == [len("a-much-longer-service-name"), len("REPLICAS"), len("lab/app:1")]
        narrowed = list(wide)
        narrowed[150] = ("svc150", ("svc-150", "1/1", "lab/app:1"))  # changed, narrower
        table.sync(narrowed)
        await pilot.pause()
        assert table.ordered_columns[0].content_width == len("service-199")
        table.sync([*narrowed, ("new", ("a-new-and-even-longer-service-name", "1/1", "x"))])
        await pilot.pause()
        assert table.ordered_columns[0].content_width == len("a-new-and-even-longer-service-name")
    assert measured["cells"] == 0
