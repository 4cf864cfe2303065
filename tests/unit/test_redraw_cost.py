"""What a poll costs when little moved, counted rather than timed: rows are made again only
for the services that changed, and every memo holds today's objects, not history (so a
dashboard left open under churn does not grow)."""

from __future__ import annotations

from dataclasses import replace

from swarmtui.docker.health import placement
from swarmtui.docker.replay import ReplayApi
from swarmtui.render.cells import RowMemo
from swarmtui.render.palette import Palette
from swarmtui.render.placement import placement_columns, placement_rows
from swarmtui.render.services import service_rows
from swarmtui.render.view import TaskFacts
from tests.support.replay import RECORDING, lab_snapshot, recorded_at


def test_rows_are_made_again_only_for_the_service_that_moved() -> None:
    snapshot = lab_snapshot(ReplayApi(RECORDING))
    facts, palette = TaskFacts.of(snapshot.tasks, recorded_at()), Palette()
    services, grid = RowMemo(), RowMemo()
    columns = placement_columns(snapshot, True)

    def draw(current):  # noqa: ANN001, ANN202 - the two panes' renderers, as they draw
        service_rows(current, palette, facts.failing, facts.stuck, memo=services)
        cells = placement(current)
        placement_rows(current, cells, columns, palette, facts.failing, facts.stuck, memo=grid)

    draw(snapshot)
    count = len(snapshot.services)
    assert (services.made, grid.made) == (count, count)
    draw(replace(snapshot, taken_at=snapshot.taken_at))  # the next poll: nothing moved
    assert (services.made, grid.made) == (count, count)
    scaled = replace(snapshot.services[0], replicas=(snapshot.services[0].replicas or 0) + 1,
                     desired=snapshot.services[0].desired + 1)  # fmt: skip
    draw(replace(snapshot, services=(scaled, *snapshot.services[1:])))
    assert services.made == count + 1
    assert grid.made <= count + 1  # its name turns the colour of its new health


def test_row_memos_hold_only_the_services_listed_now() -> None:
    """Services come and go under churn: the memo follows the list, it does not pile up."""
    snapshot = lab_snapshot(ReplayApi(RECORDING))
    facts, palette, memo = TaskFacts.of(snapshot.tasks, recorded_at()), Palette(), RowMemo()
    for round_ in range(50):
        renamed = tuple(replace(service, id=f"{service.id}-{round_}")
                        for service in snapshot.services)  # fmt: skip
        service_rows(replace(snapshot, services=renamed), palette, facts.failing, facts.stuck,
                     memo=memo)  # fmt: skip
    assert len(memo) == len(snapshot.services)
