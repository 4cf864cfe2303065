"""The real lab swarm (`lab/swarmlab`), and driving the dashboard against it.

The `lab` and `lab_app` fixtures (tests/lab/conftest.py) build on Lab; the rest are the steps
the lab tests share: waiting, reading objects back with the docker CLI, selecting a row,
answering a dialog, running the command line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from functools import partial

from textual.widgets import Label, Static

from swarmtui.docker.client import DockerApi
from swarmtui.docker.connection import Endpoint
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs.deploy import DeployScreen

from . import waiting
from .paths import ROOT, SWARMLAB
from .screen import table


@dataclass
class Lab:
    name: str = field(default_factory=lambda: os.environ.get("SWARMTUI_LAB", "lab"))
    """SWARMTUI_LAB picks another lab (`swarmlab up --name …`), so two runs need not share one."""

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(SWARMLAB), *args, "--name", self.name],
            text=True,
            capture_output=True,
            check=False,  # a failure is raised below with all swarmlab said, untruncated
            timeout=300,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"swarmlab {' '.join(args)} exited {result.returncode}:\n{result.stderr}"
            )
        return result

    def host(self, node: str = "node1") -> str:
        return self.run("host", node).stdout.strip()

    def docker(self, *args: str, node: str = "node1", check: bool = True) -> str:
        result = subprocess.run(
            ["docker", "-H", self.host(node), *args],
            text=True,
            capture_output=True,
            timeout=120,
            check=False,  # a failure is raised below, with what docker said
        )
        if check and result.returncode != 0:
            raise AssertionError(f"docker {' '.join(args)} failed: {result.stderr}")
        return result.stdout

    def api(self, node: str = "node1") -> DockerApi:
        return DockerApi(Endpoint(self.host(node), "lab"))

    def settle(self, service: str = "web", timeout: float = 90.0) -> None:
        """Wait until `service` is at rest: no update in progress and exactly its desired
        count of tasks desired and observed running. Earlier tests may have left it
        converging, and a test that compares the screen with the API needs it still."""
        deadline = time.monotonic() + timeout
        seen = ""
        while time.monotonic() < deadline:
            spec = json.loads(self.docker("service", "inspect", service))[0]
            state = (spec.get("UpdateStatus") or {}).get("State", "")
            desired = spec["Spec"]["Mode"].get("Replicated", {}).get("Replicas")
            states = self.docker(
                "service",
                "ps",
                service,
                "--filter",
                "desired-state=running",
                "--format",
                "{{.CurrentState}}",
            ).split("\n")
            running = [line for line in states if line.startswith("Running")]
            seen = f"update {state or 'none'}, {len(running)} of {desired} running"
            if (
                state not in ("updating", "rollback_started")
                and len(running) == len([line for line in states if line]) == desired
            ):
                return
            time.sleep(0.5)
        raise AssertionError(f"{service} did not settle in {timeout:.0f} s: {seen}")

    def answers(self) -> bool:
        try:
            return (
                self.docker("info", "--format", "{{.Swarm.ControlAvailable}}", check=False).strip()
                == "true"
            )
        except (subprocess.SubprocessError, AssertionError):
            return False


# Reading the lab back with the docker CLI ---------------------------------------------------


def inspect(lab: Lab, kind: str, name: str) -> dict:
    return json.loads(lab.docker(kind, "inspect", name))[0]


def replicas(lab: Lab, service: str) -> int:
    return inspect(lab, "service", service)["Spec"]["Mode"]["Replicated"]["Replicas"]


def role(lab: Lab, node: str) -> str:
    return inspect(lab, "node", node)["Spec"]["Role"]


def stack_services(lab: Lab, stack: str) -> dict[str, int]:
    """Name → spec version of the stack's services (those carrying its namespace label)."""
    names = lab.docker(
        "service",
        "ls",
        "--filter",
        f"label=com.docker.stack.namespace={stack}",
        "--format",
        "{{.Name}}",
    ).split()
    return {name: inspect(lab, "service", name)["Version"]["Index"] for name in names}


def remove_stack(lab: Lab, stack: str, timeout: float = 60.0) -> None:
    """`docker stack rm`, then wait (bounded) for the services to go, so the next test may
    publish the same ports."""
    lab.docker("stack", "rm", stack, check=False)
    deadline = time.monotonic() + timeout
    while stack_services(lab, stack) and time.monotonic() < deadline:
        time.sleep(0.5)


# Driving the dashboard -----------------------------------------------------------------------


wait_for = partial(waiting.wait_for, timeout=30.0, every=0.1)
"""`waiting.wait_for` with the lab's bounds: a real swarm takes seconds to converge, and each
look may run the docker CLI, so the looks are spaced out."""


async def first_poll(pilot, app: SwarmTuiApp) -> None:  # noqa: ANN001
    await wait_for(pilot, lambda: app.polling.polls_done > 0, what="the first snapshot")


async def select(pilot, app: SwarmTuiApp, kind: str, name: str) -> None:  # noqa: ANN001
    await pilot.press("1" if kind == "service" else "2")
    objects = app.snapshot.services if kind == "service" else app.snapshot.nodes
    found = next(
        o
        for o in objects
        if getattr(o, "name", None) == name or getattr(o, "hostname", None) == name
    )
    view = table(app, "services" if kind == "service" else "nodes")
    view.move_cursor(row=view.get_row_index(found.id))
    await wait_for(
        pilot, lambda: app.main.selection == (kind, found.id, None), what=f"{name} to be selected"
    )


async def open_dialog(pilot, app: SwarmTuiApp, key: str, kind: type) -> None:  # noqa: ANN001
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, kind), what=f"the dialog of {key}")


async def type_into_dialog(pilot, text: str) -> None:  # noqa: ANN001
    await pilot.press("end", "ctrl+u", *text, "enter")
    await pilot.pause()


def dialog_error(app: SwarmTuiApp) -> str:
    return str(app.screen.query_one("#dialog-error", Label).render())


# The command line ---------------------------------------------------------------------------


def run_cli(
    *args: str, timeout: float = 180, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m swarmtui ARGS` from the repository's root, as a person would run it; `env`
    adds to the environment."""
    return subprocess.run(
        [sys.executable, "-m", "swarmtui", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        check=False,
        env={**os.environ, **(env or {})},
    )


# The deploy screen ----------------------------------------------------------------------


def plan_shown(app: SwarmTuiApp) -> str:
    return str(app.screen.query_one("#deploy-plan", Static).render())


async def fill_and_plan(pilot, app: SwarmTuiApp, files: str, stack: str) -> None:  # noqa: ANN001
    await pilot.press("D")
    await wait_for(pilot, lambda: isinstance(app.screen, DeployScreen), what="the deploy screen")
    app.screen.query_one("#deploy-files").value = files
    app.screen.query_one("#deploy-stack").value = stack
    app.screen.query_one("#deploy-resolve").value = "never"
    app.screen.query_one("#deploy-stack").focus()
    await pilot.press("enter")
    await wait_for(
        pilot,
        lambda: (
            "Stack " in plan_shown(app)
            or bool(str(app.screen.query_one("#dialog-error", Label).render()))
        ),
        what="the plan",
    )
