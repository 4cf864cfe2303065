"""The logs screen against the lab: a service with one task on each of three nodes, followed
live through the manager; lines from every node, tagged, in time order; filters and save."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from swarmtui.ui.screens.logs import LogsScreen
from tests.support.lab import Lab, first_poll, select, wait_for
from tests.support.screen import prompt

TICK = "while :; do echo tick from $(hostname); sleep 0.3; done"


@pytest.fixture
def ticking(lab: Lab) -> Iterator[str]:
    """Three replicas, at most one per node, each writing a line every 0.3 s."""
    name = f"logs-{uuid.uuid4().hex[:8]}"
    lab.docker(
        "service",
        "create",
        "-d",
        "--no-resolve-image",
        "--name",
        name,
        "--replicas",
        "3",
        "--replicas-max-per-node",
        "1",
        "--stop-grace-period",
        "1s",
        "swarmlab/app:1",
        "sh",
        "-c",
        TICK,
    )
    try:
        lab.settle(name)
        yield name
    finally:
        lab.docker("service", "rm", name, check=False)


async def test_a_services_logs_from_every_node_tagged_in_order_filtered_and_saved(
    lab: Lab,
    lab_app,  # noqa: ANN001
    ticking: str,
    tmp_path: Path,
) -> None:
    app = lab_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        await wait_for(
            pilot,
            lambda: any(s.name == ticking for s in app.snapshot.services),
            what="the new service",
        )
        await select(pilot, app, "service", ticking)
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, LogsScreen), what="the logs")
        screen = app.screen
        assert isinstance(screen, LogsScreen)
        await wait_for(
            pilot,
            lambda: (
                {e.node for e in screen.view.entries} == {"node1", "node2", "node3"}
                and len(screen.view.entries) >= 30
            ),
            what="lines from the three nodes",
        )
        assert not screen.problem
        entries = list(screen.view.entries)
        tag = re.compile(rf"^{ticking}\.[123]@node[123]$")
        assert all(tag.match(entry.tag) for entry in entries), {e.tag for e in entries}
        assert all(entry.line.text.startswith("tick from ") for entry in entries)
        # One container per task: a task's lines all name the same container hostname.
        hostnames: dict[str, set[str]] = {}
        for entry in entries:
            hostnames.setdefault(entry.task, set()).add(entry.line.text)
        assert len(hostnames) == 3 and all(len(names) == 1 for names in hostnames.values())
        # Followed live, every node's lines come out in the order they were written.
        live = [entry.line.time_ns for entry in entries[-20:]]
        assert live == sorted(live)

        await prompt(pilot, "O", "node2")
        assert screen.view.entries and {e.node for e in screen.view.entries} == {"node2"}
        await prompt(pilot, "f", "!tick")
        assert screen.view.entries == []
        await prompt(pilot, "f", "/^tick from [0-9a-f]+$/")
        assert screen.view.entries and {e.node for e in screen.view.entries} == {"node2"}

        target = tmp_path / "ticks.log"
        await prompt(pilot, "s", str(target))
        saved = target.read_text().splitlines()
        assert saved and all(
            re.match(rf"^{ticking}\.[123]@node2 \S+Z tick from ", s) for s in saved
        )

        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main, what="the main screen")
