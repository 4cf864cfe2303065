"""The real lab swarm: started for the session if it is not up already.

These tests are never skipped: when the lab cannot start, they fail and say why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from swarmtui.core.config import Settings
from swarmtui.docker.client import DockerApi
from swarmtui.docker.connection import Endpoint
from swarmtui.docker.protocol import SwarmApi
from swarmtui.ui.app import SwarmTuiApp
from tests.support.lab import Lab, inspect, remove_stack

LAB = Path(__file__).resolve().parent

RUN_FIRST = ["test_manager_roles.py"]
"""Lab modules that run before the others, in this order; the rest keep pytest's order.

The manager-role test makes the lab a two-manager swarm for a while, and two managers need
each other for every write. Re-promoting one node once wedged the lab's two-manager raft (every
write then timed out), and a second manager once failed to settle after a long run of other
tests, though on a fresh lab it settled every time. So it runs first, on a lab the other tests
have not worn yet; if the managers still never agree, its clean-up recovers the swarm so that
no later test inherits a wedged raft (see test_manager_roles.py's docstring).
"""


def _is_lab(item: pytest.Item) -> bool:
    return LAB in item.path.parents


RUN_LAST = ["test_lint_rebalance.py", "test_faults.py"]
"""Lab modules that run after all others, in this order: the rebalance drains node3 (every
service's tasks move, and web is redeployed), and the faults kill and restart daemons, and a
restarted manager reschedules tasks that later tests would otherwise have to wait out."""


def _rank(item: pytest.Item) -> int:
    name = item.path.name
    if name in RUN_FIRST:
        return RUN_FIRST.index(name)
    return len(RUN_FIRST) + 1 + RUN_LAST.index(name) if name in RUN_LAST else len(RUN_FIRST)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks every lab test `lab`, and reorders the lab tests (and only them, in the places
    they were collected at) so that the RUN_FIRST modules come first."""
    places = [index for index, item in enumerate(items) if _is_lab(item)]
    ordered = sorted((items[index] for index in places), key=_rank)  # stable: the rest keep order
    for index, item in zip(places, ordered, strict=True):
        item.add_marker(pytest.mark.lab)
        items[index] = item


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

    def make(read_nodes: bool = False, **settings: object) -> SwarmTuiApp:
        endpoint = Endpoint(lab.host(), "lab")

        def factory() -> SwarmApi:
            return DockerApi(endpoint)

        # read_nodes: as `swarmtui` runs, with each node's vitals and figures read over ssh
        # (off elsewhere: the lab's nodes run no sshd but where a module starts them).
        app = SwarmTuiApp(Settings(**settings), factory, read_nodes=read_nodes)  # type: ignore[arg-type]
        return app

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


@pytest.fixture
def stack(lab: Lab) -> Iterator[str]:
    """A fresh stack name; whatever was deployed under it is removed after the test, waiting
    for its services to go (the next test may publish the same ports)."""
    name = f"st{uuid.uuid4().hex[:6]}"
    yield name
    remove_stack(lab, name)
