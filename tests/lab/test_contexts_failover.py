"""Moving the running dashboard, end to end on a lab of three managers (its own lab, beside
the suite's): docker contexts switched with the keyboard (`:ctx NAME`), the view, selection
and per-context read-only following; and failover when the manager in use stops, a lost
quorum named with how many managers answer, and the recovery after."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from swarmtui.core.config import Settings
from swarmtui.core.context_settings import ContextSettings
from swarmtui.docker.connection import Endpoint, resolve_endpoint
from swarmtui.docker.endpoints import Connection
from swarmtui.render.selection import Selection
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.screens.command_prompt import CommandPrompt
from swarmtui.ui.screens.contexts import ContextPicker
from tests.support.contexts import add_context
from tests.support.lab import Lab, first_poll, select, wait_for
from tests.support.waiting import notifications

NAME = f"{os.environ.get('SWARMTUI_LAB', 'lab')}-ctx"


@pytest.fixture(scope="module")
def managers() -> Iterator[Lab]:
    """Three managers, and two small services of our own (no default workload: quicker)."""
    lab = Lab(name=NAME)
    up = ("up", "--nodes", "3", "--managers", "3", "--spare", "0", "--workload", "none")
    result = lab.run(*up, check=False)
    try:
        assert result.returncode == 0, f"the lab did not start:\n{result.stderr[-3000:]}"
        for service, replicas in (("api", "1"), ("web", "2")):
            lab.docker(
                *("service", "create", "-d", "--no-resolve-image", "--stop-grace-period", "1s"),
                *("--name", service, "--replicas", replicas, "swarmlab/app:1"),
            )
        yield lab
    finally:
        lab.run("down", check=False)


def header(app: SwarmTuiApp, line: int) -> str:
    return app.main.header.lines[line].plain


def service_id(app: SwarmTuiApp, name: str) -> str:
    return next(s.id for s in app.snapshot.services if s.name == name)


async def prompt(pilot, app: SwarmTuiApp, text: str) -> None:  # noqa: ANN001
    await pilot.press("colon")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPrompt), what="the prompt")
    await pilot.press(*text, "enter")


async def test_contexts_switch_in_place(
    managers: Lab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = managers
    store = tmp_path / "docker"  # contexts, and no config.json: the CLI needs none either
    add_context(store, "alpha", lab.host("node1"))
    add_context(store, "prod", lab.host("node2"))
    monkeypatch.setenv("DOCKER_CONFIG", str(store))
    monkeypatch.delenv("DOCKER_CONTEXT", raising=False)
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    prod = ContextSettings(read_only=True, header_color="red")
    connection = Connection(resolve_endpoint(None, "alpha", os.environ))
    app = SwarmTuiApp(Settings(contexts={"prod": prod}), connection)
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        await select(pilot, app, "service", "web")  # not the first row: kept by name below
        web = service_id(app, "web")
        assert "alpha" in header(app, 0) and "read-only" not in header(app, 0)
        assert app.main.check_action("run", ("service.scale",))

        await prompt(pilot, app, "ctx prod")
        await wait_for(
            pilot,
            lambda: connection.endpoint.base_url == lab.host("node2") and app.snapshot,
            what="the dashboard on prod (node2)",
        )
        await wait_for(
            pilot, lambda: app.main.selection == Selection.service(web), what="web selected"
        )
        assert app.main.view == "services"
        assert "prod" in header(app, 0) and "read-only" in header(app, 0)
        assert lab.host("node2").removeprefix("unix://") in header(app, 1)
        # Read-only on prod: the scale key is hidden, and pressing it changes nothing.
        assert not app.main.check_action("run", ("service.scale",))
        assert app.writes.runner.read_only
        await pilot.press("s")
        await pilot.pause()
        assert app.screen is app.main

        # `docker context use` outside: the picker says so; the dashboard does not follow.
        (store / "config.json").write_text(json.dumps({"currentContext": "alpha"}))
        await prompt(pilot, app, "ctx")
        await wait_for(pilot, lambda: isinstance(app.screen, ContextPicker), what="the picker")
        picker = app.screen
        await wait_for(pilot, lambda: picker.note, what="the picker's note")
        assert picker.note == "current context is now alpha (changed outside swarmtui)"
        await pilot.press("escape")
        assert connection.endpoint.base_url == lab.host("node2")

        await prompt(pilot, app, "ctx alpha")
        await wait_for(
            pilot,
            lambda: connection.endpoint.base_url == lab.host("node1") and app.snapshot,
            what="the dashboard back on alpha",
        )
        assert "read-only" not in header(app, 0)
        assert app.main.check_action("run", ("service.scale",))
        assert not app.writes.runner.read_only


def on_node(app: SwarmTuiApp, lab: Lab) -> str:
    url = app.switcher.connection.endpoint.base_url
    return next(node for node in ("node1", "node2", "node3") if lab.host(node) == url)


def desired(app: SwarmTuiApp, name: str) -> int | None:
    service = (
        next((s for s in app.snapshot.services if s.name == name), None) if app.snapshot else None
    )
    return service.replicas if service else None


async def test_failover_quorum_and_recovery(managers: Lab) -> None:
    lab = managers
    hosts = {node: lab.host(node) for node in ("node1", "node2", "node3")}
    settings = Settings(interval=1.0, failover=(hosts["node2"], hosts["node3"]))
    app = SwarmTuiApp(settings, Connection(Endpoint(hosts["node1"], "--host")))
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        await select(pilot, app, "service", "web")
        web = service_id(app, "web")
        assert "leader node1" in header(app, 0)

        await asyncio.to_thread(lab.run, "stop-node", "node1")
        try:
            await wait_for(
                pilot,
                lambda: "node1 unreachable since" in header(app, 1),
                timeout=10,
                what="a move to another manager within 10 s",
            )
        except AssertionError as error:
            raise AssertionError(
                f"{error}: {header(app, 1)} {app.switcher.failover.probes}"
            ) from None
        now_on = on_node(app, lab)
        assert now_on in ("node2", "node3")
        await wait_for(
            pilot,
            lambda: f"via {now_on} — node1 unreachable since" in header(app, 1),
            timeout=60,
            what="the header naming the manager in use",
        )
        # The swarm elects another leader: said as it happens.
        await wait_for(
            pilot,
            lambda: any("The leader is now" in m for m in notifications(app)),
            timeout=60,
            what="the new leader",
        )
        # It goes on showing changes: a scale through the docker CLI on node2.
        await asyncio.to_thread(lab.docker, "service", "scale", "-d", "web=3", node="node2")
        await wait_for(pilot, lambda: desired(app, "web") == 3, timeout=30, what="web at 3")
        assert app.main.selection == Selection.service(web)

        other = "node3" if now_on == "node2" else "node2"
        await asyncio.to_thread(lab.run, "stop-node", other)
        await wait_for(
            pilot,
            lambda: (
                "lost its quorum" in header(app, 1)
                and "1 of 3 managers reachable" in header(app, 1)
            ),
            timeout=90,
            what="the quorum lost, said",
        )

        await asyncio.to_thread(lab.run, "start-node", other)
        await asyncio.to_thread(lab.run, "start-node", "node1")
        await wait_for(
            pilot,
            lambda: app.main.header.connection == "live" and "quorum" not in header(app, 1),
            timeout=60,
            what="the dashboard live again",
        )
        await wait_for(
            pilot, lambda: "node1 is back" in header(app, 1), timeout=30, what="node1 back, said"
        )
        assert on_node(app, lab) == now_on  # it stays where it is: no flapping
