"""The real lab swarm: started for the session if it is not up already.

These tests are never skipped: when the lab cannot start, they fail and say why.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from swarmtui.app import SwarmTuiApp
from swarmtui.config import Settings
from swarmtui.docker.api import DockerApi, SwarmApi
from swarmtui.docker.connection import Endpoint

ROOT = Path(__file__).resolve().parents[2]
SWARMLAB = ROOT / "lab" / "swarmlab"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/lab/" in str(item.fspath):
            item.add_marker(pytest.mark.lab)


@dataclass
class Lab:
    name: str = "lab"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(SWARMLAB), *args, "--name", self.name], text=True,
                              capture_output=True, check=check, timeout=300)

    def host(self, node: str = "node1") -> str:
        return self.run("host", node).stdout.strip()

    def docker(self, *args: str, node: str = "node1", check: bool = True) -> str:
        result = subprocess.run(["docker", "-H", self.host(node), *args], text=True,
                                capture_output=True, timeout=120)
        if check and result.returncode != 0:
            raise AssertionError(f"docker {' '.join(args)} failed: {result.stderr}")
        return result.stdout

    def api(self, node: str = "node1") -> DockerApi:
        return DockerApi(Endpoint(self.host(node), "lab"))

    def answers(self) -> bool:
        try:
            return self.docker("info", "--format", "{{.Swarm.ControlAvailable}}",
                               check=False).strip() == "true"
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
    import os

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


async def wait_for(pilot, condition: Callable[[], bool], timeout: float = 30.0,  # noqa: ANN001
                   what: str = "condition") -> None:
    """Let the app run until `condition` holds; a correctness bound, not a speed test."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        await pilot.pause(0.1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
