"""Why is it pending, on the real lab: services the scheduler cannot place, and the detail area
naming, node by node, the filter that turns their task away.

Each service is created with `throwaway_service` (unique name, `--no-resolve-image`, 1 s stop
grace period, swarmlab/app:1) and removed afterwards; the drained node is made active again
in the fixture's finalizer whatever happens.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

import pytest

from swarmtui.docker.models import TaskInfo
from swarmtui.docker.scheduling import awaits_placement
from swarmtui.ui.app import SwarmTuiApp
from tests.support.lab import Lab, first_poll, inspect, select, wait_for
from tests.support.screen import detail_text, table

WHY = "Why pending, node by node:"


def stuck_task(app: SwarmTuiApp, service_id: str) -> TaskInfo | None:
    """A task of the service waiting for the scheduler with the daemon's reason."""
    return next(
        (
            task
            for task in app.snapshot.tasks_of_service(service_id)
            if awaits_placement(task) and task.error
        ),
        None,
    )


async def check_detail(
    lab_app: Callable[..., SwarmTuiApp], lab: Lab, service_id: str, expected: list[str]
) -> None:
    """Select the service, see the reasons in its detail, then press 4, pick its pending task
    and see the daemon's message followed by one line per node."""
    name = inspect(lab, "service", service_id)["Spec"]["Name"]
    app = lab_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        await wait_for(
            pilot,
            lambda: stuck_task(app, service_id) is not None,
            timeout=60,
            what=f"a pending task of {name}",
        )
        await select(pilot, app, "service", name)

        def shows_all() -> bool:
            shown = detail_text(app)
            return WHY in shown and all(line in shown for line in expected)

        await wait_for(pilot, shows_all, what=f"the service detail to say {expected}")
        await pilot.press("4")
        task = stuck_task(app, service_id)
        assert task is not None
        tasks = table(app, "tasks")
        await wait_for(pilot, lambda: task.id in tasks.rows, what="the pending task's row")
        tasks.move_cursor(row=tasks.get_row_index(task.id))
        await wait_for(
            pilot,
            lambda: f"Task ID: {task.id}" in detail_text(app) and shows_all(),
            what=f"the task detail to say {expected}",
        )
        shown = detail_text(app)
        assert shown.index("no suitable node") < shown.index(WHY), shown


@pytest.fixture
def node3_drained(lab: Lab) -> Iterator[None]:
    lab.docker("node", "update", "--availability", "drain", "node3")
    try:
        yield
    finally:
        lab.docker("node", "update", "--availability", "active", "node3", check=False)


async def test_an_unsatisfiable_label_constraint(
    lab: Lab, lab_app: Callable[..., SwarmTuiApp], throwaway_service: Callable[..., str]
) -> None:
    service = throwaway_service("--constraint", "node.labels.swarmtui-why==yes")
    reason = "constraint node.labels.swarmtui-why==yes: label swarmtui-why is not set"
    await check_detail(lab_app, lab, service, [f" ✗ node{n} {reason}" for n in (1, 2, 3)])


async def test_a_memory_reservation_larger_than_any_node(
    lab: Lab, lab_app: Callable[..., SwarmTuiApp], throwaway_service: Callable[..., str]
) -> None:
    service = throwaway_service("--reserve-memory", "1000G")
    await check_detail(
        lab_app, lab, service, [f" ✗ node{n} memory: needs 1000GiB reserved, " for n in (1, 2, 3)]
    )


async def test_the_only_allowed_node_drained(
    lab: Lab,
    lab_app: Callable[..., SwarmTuiApp],
    throwaway_service: Callable[..., str],
    node3_drained: None,
) -> None:
    service = throwaway_service("--constraint", "node.hostname==node3")
    await check_detail(
        lab_app,
        lab,
        service,
        [
            " ✗ node1 constraint node.hostname==node3: hostname is node1",
            " ✗ node2 constraint node.hostname==node3: hostname is node2",
            " ✗ node3 drained",
        ],
    )


async def test_max_replicas_per_node_with_more_replicas_than_nodes(
    lab: Lab, lab_app: Callable[..., SwarmTuiApp], throwaway_service: Callable[..., str]
) -> None:
    service = throwaway_service("--replicas-max-per-node", "1", "--replicas", "5")
    await check_detail(
        lab_app,
        lab,
        service,
        [f" ✗ node{n} already runs 1 (max 1 per node)" for n in (1, 2, 3)],
    )


async def test_a_host_mode_port_used_twice_on_the_one_allowed_node(
    lab: Lab, lab_app: Callable[..., SwarmTuiApp], throwaway_service: Callable[..., str]
) -> None:
    port = random.randint(20000, 29999)  # published on node2 only, by this service only
    service = throwaway_service(
        "--constraint",
        "node.hostname==node2",
        "--publish",
        f"mode=host,published={port},target=80",
        "--replicas",
        "2",
    )
    name = inspect(lab, "service", service)["Spec"]["Name"]
    await check_detail(
        lab_app,
        lab,
        service,
        [
            " ✗ node1 constraint node.hostname==node2: hostname is node1",
            f" ✗ node2 host port {port}/tcp taken by {name}.",
            " ✗ node3 constraint node.hostname==node2: hostname is node3",
        ],
    )
