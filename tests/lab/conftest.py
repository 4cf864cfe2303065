"""The real lab swarm: started for the session if it is not up already.

These tests are never skipped: when the lab cannot start, they fail and say why.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from swarmtui.ui.app import SwarmTuiApp
from swarmtui.core.config import Settings
from swarmtui.docker.client import DockerApi
from swarmtui.docker.protocol import SwarmApi
from swarmtui.docker.connection import Endpoint

ROOT = Path(__file__).resolve().parents[2]
SWARMLAB = ROOT / "lab" / "swarmlab"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/lab/" in str(item.fspath):
            item.add_marker(pytest.mark.lab)


@dataclass
class Lab:
    name: str = field(default_factory=lambda: os.environ.get("SWARMTUI_LAB", "lab"))
    """SWARMTUI_LAB picks another lab (`swarmlab up --name …`), so two runs need not share one."""

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(SWARMLAB), *args, "--name", self.name],
            text=True,
            capture_output=True,
            check=check,
            timeout=300,
        )

    def host(self, node: str = "node1") -> str:
        return self.run("host", node).stdout.strip()

    def docker(self, *args: str, node: str = "node1", check: bool = True) -> str:
        result = subprocess.run(
            ["docker", "-H", self.host(node), *args], text=True, capture_output=True, timeout=120
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


@pytest.fixture(scope="session")
def lab() -> Iterator[Lab]:
    lab = Lab()
    started = False
    if not lab.answers():
        result = lab.run("up", check=False)
        assert result.returncode == 0, f"the lab did not start:\n{result.stderr[-3000:]}"
        started = True
    yield lab
    if started and not _keep_lab():
        lab.run("down", check=False)


def _keep_lab() -> bool:
    return bool(os.environ.get("SWARMTUI_KEEP_LAB"))


@pytest.fixture
def lab_app(lab: Lab) -> Callable[..., SwarmTuiApp]:
    """The dashboard against the lab's manager, as `swarmtui --host …` would start it."""

    def make(**settings: object) -> SwarmTuiApp:
        endpoint = Endpoint(lab.host(), "lab")

        def factory() -> SwarmApi:
            return DockerApi(endpoint)

        return SwarmTuiApp(Settings(**settings), factory)  # type: ignore[arg-type]

    return make


async def wait_for(
    pilot,
    condition: Callable[[], bool],
    timeout: float = 30.0,  # noqa: ANN001
    what: str = "condition",
) -> None:
    """Let the app run until `condition` holds; a correctness bound, not a speed test."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        await pilot.pause(0.1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
