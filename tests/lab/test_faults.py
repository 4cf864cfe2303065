"""Faults on the real lab: the manager's dockerd killed (SIGKILL) as a write is sent or part
way through a deploy, a worker stopped in the middle of a rolling update, an audit log that
cannot be written.

Each time: no crash, no hang, the write's outcome in the audit log and on screen, nothing
half-done left unreported, and the dashboard live again once the daemon is back.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest

from swarmtui.core.audit import read_entries, read_outcomes
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs import ConfirmDialog, PromptDialog
from swarmtui.ui.dialogs.deploy import DeployScreen
from swarmtui.ui.screens.main import MainScreen
from tests.support.lab import (
    Lab,
    fill_and_plan,
    first_poll,
    inspect,
    open_dialog,
    plan_shown,
    remove_stack,
    replicas,
    select,
    stack_services,
    type_into_dialog,
    wait_for,
)
from tests.support.paths import COMPOSE

RECOVERY_S = 120.0


def header(app: SwarmTuiApp) -> str:
    return str(app.main.header.render())


def said(app: SwarmTuiApp) -> list[str]:
    return [f"{n.title} {n.message}" for n in app._notifications]


@pytest.fixture
def manager_back(lab: Lab) -> Iterator[None]:
    """Whatever a test does to node1's dockerd, it is running again afterwards."""
    try:
        yield
    finally:
        lab.run("start-node", "node1", check=False)
        lab.settle("web", timeout=RECOVERY_S)


def outcome_of(audit_log: Path, action: str) -> dict[str, object] | None:
    found = [e for e in read_outcomes(audit_log) if e["action"] == action]
    return found[-1] if found else None


def intent_before(audit_log: Path, outcome: dict[str, object]) -> bool:
    entries = read_entries(audit_log)
    started = [e for e in entries if e["outcome"] == "started" and e["write"] == outcome["write"]]
    return bool(started) and entries.index(started[0]) < entries.index(outcome)


async def test_the_manager_killed_as_a_scale_is_sent(
    lab: Lab, lab_app, audit_log: Path, manager_back: None
) -> None:  # noqa: ANN001
    before = replicas(lab, "web")
    app = lab_app()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await first_poll(pilot, app)
        await select(pilot, app, "service", "web")
        await open_dialog(pilot, app, "s", PromptDialog)
        lab.run("stop-node", "node1", "--kill")
        await type_into_dialog(pilot, str(before + 2))
        await wait_for(
            pilot, lambda: outcome_of(audit_log, "scale") is not None, what="the scale's outcome"
        )
        outcome = outcome_of(audit_log, "scale")
        assert outcome is not None and outcome["outcome"] == "failed"
        assert "Cannot reach the Docker daemon" in str(outcome["detail"])
        assert intent_before(audit_log, outcome)
        await wait_for(pilot, lambda: any("scale web failed" in s for s in said(app)))
        await wait_for(pilot, lambda: "disconnected" in header(app), what="the header to say so")
        assert app.return_code is None
        lab.run("start-node", "node1")
        await wait_for(
            pilot, lambda: "● live" in header(app), timeout=RECOVERY_S, what="the dashboard live"
        )
    assert replicas(lab, "web") == before  # nothing was half-done


async def test_the_manager_killed_as_a_drain_is_sent(
    lab: Lab, lab_app, audit_log: Path, manager_back: None
) -> None:  # noqa: ANN001
    app = lab_app()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await first_poll(pilot, app)
        await select(pilot, app, "node", "node2")
        await open_dialog(pilot, app, "d", ConfirmDialog)
        lab.run("stop-node", "node1", "--kill")
        await pilot.press("y")
        await wait_for(
            pilot,
            lambda: outcome_of(audit_log, "node-drain") is not None,
            what="the drain's outcome",
        )
        outcome = outcome_of(audit_log, "node-drain")
        assert outcome is not None and outcome["outcome"] == "failed"
        assert intent_before(audit_log, outcome)
        await wait_for(pilot, lambda: any("node-drain node2 failed" in s for s in said(app)))
        lab.run("start-node", "node1")
        await wait_for(
            pilot, lambda: "● live" in header(app), timeout=RECOVERY_S, what="the dashboard live"
        )
    assert inspect(lab, "node", "node2")["Spec"]["Availability"] == "active"


async def test_the_manager_killed_as_a_deploy_is_sent(
    lab: Lab, lab_app, audit_log: Path, manager_back: None
) -> None:  # noqa: ANN001
    stack = f"fault{uuid.uuid4().hex[:6]}"
    app = lab_app()
    try:
        async with app.run_test(size=(140, 44), notifications=True) as pilot:
            await first_poll(pilot, app)
            await fill_and_plan(pilot, app, str(COMPOSE / "apis.yml"), stack)
            assert f"service {stack}_api1" in plan_shown(app)
            lab.run("stop-node", "node1", "--kill")
            await pilot.press("ctrl+y")
            await wait_for(
                pilot,
                lambda: outcome_of(audit_log, "deploy-stack") is not None,
                what="the deploy's outcome",
            )
            outcome = outcome_of(audit_log, "deploy-stack")
            assert outcome is not None and outcome["outcome"] == "failed"
            assert intent_before(audit_log, outcome)
            # What was done before it failed is said: here, nothing.
            await wait_for(pilot, lambda: isinstance(app.screen, DeployScreen))
            error = str(app.screen.query_one("#dialog-error").render())
            assert "Nothing had been changed before it" in error, error
            assert app.return_code is None
            lab.run("start-node", "node1")
            await wait_for(pilot, lambda: "● live" in header(app), timeout=RECOVERY_S)
            # Applying again continues from what runs now.
            await fill_and_plan(pilot, app, str(COMPOSE / "apis.yml"), stack)
            await pilot.press("ctrl+y")
            await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), timeout=RECOVERY_S)
        assert set(stack_services(lab, stack)) == {f"{stack}_api1", f"{stack}_api2"}
    finally:
        lab.run("start-node", "node1", check=False)
        remove_stack(lab, stack)


def many_services(folder: Path, count: int = 12) -> Path:
    """A stack of `count` small services on two networks: its deploy takes long enough to be
    cut part way."""
    services = "".join(
        f"  s{n:02d}:\n    image: swarmlab/app:1\n    networks: [front, back]\n"
        f"    deploy: {{replicas: 1}}\n"
        for n in range(count)
    )
    path = folder / "many.yml"
    path.write_text(
        f'version: "3.8"\nservices:\n{services}networks:\n  front: {{}}\n  back: {{}}\n'
    )
    return path


def kill_on_first_service(lab: Lab, stack: str) -> threading.Thread:
    """SIGKILL node1's dockerd as soon as the deploy has created a service of `stack`: the
    networks are done by then, the other services are not."""
    socket = lab.host("node1").removeprefix("unix://")
    pid = int((Path(socket).parent / "docker.pid").read_text())
    client = docker.DockerClient(base_url=f"unix://{socket}", timeout=5)
    label = f"com.docker.stack.namespace={stack}"

    def watch() -> None:
        deadline = time.monotonic() + 60
        try:
            while time.monotonic() < deadline:
                if client.api.services(filters={"label": label}):
                    os.kill(pid, signal.SIGKILL)
                    return
                time.sleep(0.005)
        finally:
            client.close()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


async def test_the_manager_killed_part_way_through_a_deploy(
    lab: Lab, lab_app, audit_log: Path, manager_back: None, tmp_path: Path
) -> None:  # noqa: ANN001
    stack = f"half{uuid.uuid4().hex[:6]}"
    compose = many_services(tmp_path)
    app = lab_app()
    try:
        async with app.run_test(size=(140, 44), notifications=True) as pilot:
            await first_poll(pilot, app)
            await fill_and_plan(pilot, app, str(compose), stack)
            assert f"service {stack}_s11" in plan_shown(app)
            watcher = kill_on_first_service(lab, stack)
            await pilot.press("ctrl+y")
            await wait_for(
                pilot,
                lambda: outcome_of(audit_log, "deploy-stack") is not None,
                timeout=RECOVERY_S,
                what="the deploy's outcome",
            )
            watcher.join(timeout=5)
            outcome = outcome_of(audit_log, "deploy-stack")
            assert outcome is not None and outcome["outcome"] == "failed"
            assert intent_before(audit_log, outcome)
            await wait_for(pilot, lambda: isinstance(app.screen, DeployScreen))
            error = str(app.screen.query_one("#dialog-error").render())
            # The networks were created before the first service: the report says so, and
            # that nothing after the failed step was attempted.
            assert "Already done, in order: " in error, error
            assert f"created network {stack}_front" in error, error
            assert "Nothing after it was attempted" in error, error
            listed = error.split("Already done, in order: ")[1]
            done = listed.split(".\n", maxsplit=1)[0].split("; ")
            assert app.return_code is None
            lab.run("start-node", "node1")
            await wait_for(pilot, lambda: "● live" in header(app), timeout=RECOVERY_S)
            # What the report lists as done is there; at most the one step in flight when
            # the daemon died is there besides.
            services = set(stack_services(lab, stack))
            said_created = {d.split()[-1] for d in done if d.startswith("created service")}
            assert said_created <= services
            assert len(services - said_created) <= 1
            assert len(services) < 12
            # Planning again continues from what runs now, and applying finishes the deploy.
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
            await fill_and_plan(pilot, app, str(compose), stack)
            await pilot.press("ctrl+y")
            await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), timeout=RECOVERY_S)
        assert set(stack_services(lab, stack)) == {f"{stack}_s{n:02d}" for n in range(12)}
    finally:
        lab.run("start-node", "node1", check=False)
        remove_stack(lab, stack)


@pytest.fixture
def rolling(lab: Lab) -> Iterator[str]:
    name = f"fault-{uuid.uuid4().hex[:6]}"
    lab.docker(
        "service", "create", "--detach", "--no-resolve-image", "--name", name,
        "--replicas", "4", "--update-parallelism", "1", "--update-delay", "2s",
        "--update-failure-action", "pause", "--stop-grace-period", "1s",
        "--constraint", "node.role==worker", "swarmlab/app:1",
    )  # fmt: skip
    try:
        lab.settle(name)
        yield name
    finally:
        lab.run("start-node", "node2", check=False)
        lab.docker("service", "rm", name, check=False)


async def test_a_worker_stopped_during_a_rolling_update(
    lab: Lab, lab_app, audit_log: Path, rolling: str
) -> None:  # noqa: ANN001
    app = lab_app()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await first_poll(pilot, app)
        await wait_for(pilot, lambda: any(s.name == rolling for s in app.snapshot.services))
        await select(pilot, app, "service", rolling)
        await open_dialog(pilot, app, "i", PromptDialog)
        await type_into_dialog(pilot, "swarmlab/app:2")
        await wait_for(pilot, lambda: app.main.has_class("-rollout"), what="the rollout panel")
        lab.run("stop-node", "node2")
        node2 = next(n.id for n in app.snapshot.nodes if n.hostname == "node2")
        await wait_for(
            pilot,
            lambda: app.snapshot.node_by_id[node2].state == "down",
            timeout=RECOVERY_S,
            what="node2 to show as down",
        )
        assert app.return_code is None and "● live" in header(app)
        lab.run("start-node", "node2")
        await wait_for(
            pilot,
            lambda: app.snapshot.node_by_id[node2].state == "ready",
            timeout=RECOVERY_S,
            what="node2 to be back",
        )
    outcome = outcome_of(audit_log, "update-image")
    assert outcome is not None and outcome["outcome"] == "ok"


async def test_an_unwritable_audit_log_does_not_stop_a_write(
    lab: Lab, lab_app, audit_log: Path
) -> None:  # noqa: ANN001
    audit_log.mkdir()  # a folder where the log should be: nothing can be appended
    before = replicas(lab, "web")
    app = lab_app()
    try:
        async with app.run_test(size=(160, 48), notifications=True) as pilot:
            await first_poll(pilot, app)
            await select(pilot, app, "service", "web")
            await open_dialog(pilot, app, "s", PromptDialog)
            await type_into_dialog(pilot, str(before + 1))
            await wait_for(
                pilot, lambda: replicas(lab, "web") == before + 1, what="the scale to happen"
            )
            await wait_for(pilot, lambda: any("could not be written" in s for s in said(app)))
            done = f"Scaled web to {before + 1}"
            await wait_for(pilot, lambda: any(done in s for s in said(app)))
            assert app.return_code is None
    finally:
        lab.docker("service", "scale", "--detach", f"web={before}")
        lab.settle("web")
