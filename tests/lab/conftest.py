"""The real lab swarm: started for the session if it is not up already.

These tests are never skipped: when the lab cannot start, they fail and say why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import pytest

from swarmtui.app import SwarmTuiApp
from swarmtui.config import Settings
from swarmtui.docker.api import DockerApi, SwarmApi
from swarmtui.docker.connection import Endpoint
from tests.support.lab import Lab, inspect


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/lab/" in str(item.fspath):
            item.add_marker(pytest.mark.lab)


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


@pytest.fixture
def throwaway_service(lab: Lab) -> Iterator[Callable[..., str]]:
    """Creates services for destructive tests; removes whatever is left of them after."""
    names: list[str] = []

    def create(*options: str) -> str:
        name = f"writes-{uuid.uuid4().hex[:8]}"
        names.append(name)
        lab.docker(
            "service",
            "create",
            "-d",
            "--no-resolve-image",
            "--name",
            name,
            "--stop-grace-period",
            "1s",
            *options,
            "swarmlab/app:1",
        )
        return inspect(lab, "service", name)["ID"]

    yield create
    for name in names:
        lab.docker("service", "rm", name, check=False)
