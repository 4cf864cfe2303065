"""SwarmWriter against the real lab, every change read back with the docker CLI.

Each test leaves the lab as it found it: scale, image and availability are restored in
`finally`, and destructive tests work on throwaway services. Waits are bounded correctness
limits, never timing assertions.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from swarmtui.docker.client import DockerApi
from swarmtui.docker.errors import DaemonError, VersionConflict, WriteRefused
from swarmtui.docker.protocol import Json
from swarmtui.docker.writes import SwarmWriter
from tests.support.lab import Lab, inspect, replicas

WRITES = ("update_service", "remove_service", "update_node", "remove_node")


class SpyApi:
    """A DockerApi that notes every write it is asked to send. Given a `stale` service, it
    answers the first `stale_reads` service reads with it: as if another writer changed the
    service between the writer's read and its write."""

    def __init__(self, api: DockerApi, stale: Json | None = None, stale_reads: int = 0) -> None:
        self.api, self.stale, self.stale_reads = api, stale, stale_reads
        self.writes: list[str] = []

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.api, name)
        if name not in WRITES:
            return attribute

        def record(*args: Any, **kwargs: Any) -> Any:
            self.writes.append(name)
            return attribute(*args, **kwargs)

        return record

    def inspect_service(self, service_id: str) -> Json:
        if self.stale_reads:
            self.stale_reads -= 1
            return copy.deepcopy(self.stale)
        return self.api.inspect_service(service_id)


def version(lab: Lab, kind: str, name: str) -> int:
    return inspect(lab, kind, name)["Version"]["Index"]


def image_of(lab: Lab, service: str) -> str:
    return inspect(lab, "service", service)["Spec"]["TaskTemplate"]["ContainerSpec"]["Image"]


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def update_settled(lab: Lab, service: str, *done: str) -> bool:
    status = inspect(lab, "service", service).get("UpdateStatus") or {}
    state = status.get("State", "")
    assert not state.endswith("paused"), f"{service}'s update paused: {status.get('Message')}"
    return state in done


def wait_converged(lab: Lab, service: str, replicas: str) -> None:
    def shown() -> str:
        listed = lab.docker("service", "ls", "--format", "{{.Name}} {{.Replicas}}")
        return dict(line.split()[:2] for line in listed.splitlines())[service]

    wait_until(lambda: shown() == replicas, f"{service} to run {replicas}")


@pytest.fixture
def api(lab: Lab) -> Iterator[SpyApi]:
    real = lab.api()
    yield SpyApi(real)
    real.close()


@pytest.fixture
def writer(api: SpyApi) -> SwarmWriter:
    return SwarmWriter(api)  # type: ignore[arg-type]


def test_scale_web_down_and_back(lab: Lab, writer: SwarmWriter, api: SpyApi) -> None:
    web = inspect(lab, "service", "web")["ID"]
    requests = api.traffic.requests
    try:
        writer.scale(web, 3)
        assert replicas(lab, "web") == 3
        assert api.traffic.requests >= requests + 2  # the read and the write were counted
        writer.scale(web, 6)
        assert replicas(lab, "web") == 6
    finally:
        if replicas(lab, "web") != 6:
            lab.docker("service", "scale", "--detach", "web=6")
    wait_converged(lab, "web", "6/6")


def test_scaling_a_global_service_is_refused(lab: Lab, writer: SwarmWriter, api: SpyApi) -> None:
    before = version(lab, "service", "agent")
    with pytest.raises(
        WriteRefused,
        match=r"^Service agent is global: it runs one task on "
        r"every eligible node, .*\.$",
    ):
        writer.scale("agent", 2)
    assert version(lab, "service", "agent") == before and api.writes == []


def test_update_image_then_roll_back(lab: Lab, writer: SwarmWriter, throwaway_service) -> None:  # noqa: ANN001
    # Two replicas updated together with a 1 s monitor: the writer's update and rollback are
    # what is tested, not the updater's pace (web's six replicas one by one took 50 s).
    service = throwaway_service(
        "--replicas", "2", "--update-parallelism", "2", "--update-monitor", "1s",
        "--rollback-parallelism", "2", "--rollback-monitor", "1s",
    )  # fmt: skip
    name = inspect(lab, "service", service)["Spec"]["Name"]
    original = image_of(lab, name)
    assert original == "swarmlab/app:1"
    wait_converged(lab, name, "2/2")
    writer.update_image(service, "swarmlab/app:2")
    assert image_of(lab, name) == "swarmlab/app:2"
    wait_until(lambda: update_settled(lab, name, "completed"), "the update to finish")
    writer.rollback(service)
    assert image_of(lab, name) == original
    wait_until(lambda: update_settled(lab, name, "rollback_completed"), "the rollback to finish")
    wait_converged(lab, name, "2/2")


def test_force_update_changes_nothing_but_the_counter(
    lab: Lab, writer: SwarmWriter, throwaway_service
) -> None:  # noqa: ANN001
    service = throwaway_service(
        "--replicas",
        "1",
        "--label",
        "purpose=test",
        "--env",
        "A=1",
        "--limit-memory",
        "32M",
        "--update-parallelism",
        "2",
        "--constraint",
        "node.role==worker",
    )
    before = inspect(lab, "service", service)["Spec"]
    writer.force_update(service)
    after = inspect(lab, "service", service)["Spec"]
    counter = before["TaskTemplate"].pop("ForceUpdate", 0)
    assert after["TaskTemplate"].pop("ForceUpdate") == counter + 1
    assert after == before


def test_remove_service(lab: Lab, writer: SwarmWriter, throwaway_service) -> None:  # noqa: ANN001
    service = throwaway_service("--replicas", "0")
    writer.remove_service(service)
    listed = lab.docker("service", "ls", "--format", "{{.ID}}").split()
    assert not any(service.startswith(short) for short in listed)


def test_rollback_without_a_previous_version_is_refused(
    lab: Lab, writer: SwarmWriter, api: SpyApi, throwaway_service
) -> None:  # noqa: ANN001
    service = throwaway_service("--replicas", "0")
    before = version(lab, "service", service)
    with pytest.raises(
        WriteRefused,
        match=r"^Service writes-\w+ has no previous version "
        r"to roll back to\.$",
    ):
        writer.rollback(service)
    assert version(lab, "service", service) == before and api.writes == []


def test_node_availability_drain_pause_active(lab: Lab, writer: SwarmWriter) -> None:
    node3 = inspect(lab, "node", "node3")
    labels = node3["Spec"].get("Labels")
    try:
        for availability in ("drain", "pause", "active"):
            writer.set_availability(node3["ID"], availability)
            spec = inspect(lab, "node", "node3")["Spec"]
            assert spec["Availability"] == availability
            assert spec.get("Labels") == labels and spec["Role"] == "worker"  # whole spec sent
    finally:
        if inspect(lab, "node", "node3")["Spec"]["Availability"] != "active":
            lab.docker("node", "update", "--availability", "active", "node3")
    wait_converged(lab, "agent", "3/3")
    wait_converged(lab, "web", "6/6")


def test_add_and_remove_a_node_label(lab: Lab, writer: SwarmWriter, api: SpyApi) -> None:
    node3 = inspect(lab, "node", "node3")["ID"]
    try:
        writer.add_node_label(node3, "swarmtui.test", "yes")
        labels = inspect(lab, "node", "node3")["Spec"]["Labels"]
        assert labels["swarmtui.test"] == "yes" and labels["zone"] == "c"
        writer.remove_node_label(node3, "swarmtui.test")
        assert inspect(lab, "node", "node3")["Spec"]["Labels"] == {"zone": "c"}
        writes = list(api.writes)
        before = version(lab, "node", "node3")
        with pytest.raises(WriteRefused, match=r"^Node node3 has no label 'swarmtui\.test'\.$"):
            writer.remove_node_label(node3, "swarmtui.test")
        assert version(lab, "node", "node3") == before and api.writes == writes
    finally:
        lab.docker("node", "update", "--label-rm", "swarmtui.test", "node3", check=False)


def test_demoting_the_only_manager_is_refused(lab: Lab, writer: SwarmWriter, api: SpyApi) -> None:
    before = inspect(lab, "node", "node1")
    with pytest.raises(WriteRefused, match=r"^Node node1 is the only manager; .*\.$"):
        writer.set_role(before["ID"], "worker")
    after = inspect(lab, "node", "node1")
    assert after["Version"] == before["Version"] and after["Spec"]["Role"] == "manager"
    assert api.writes == []


def conflicting_writer(lab: Lab, service: str, stale_reads: int) -> SpyApi:
    """A writer's API whose first reads predate a change made with the CLI."""
    real = lab.api()
    stale = real.inspect_service(service)
    lab.docker("service", "update", "--detach", "--label-add", "changed.by=cli", service)
    return SpyApi(real, stale, stale_reads)


def test_a_version_conflict_is_retried_on_a_fresh_read(lab: Lab, throwaway_service) -> None:  # noqa: ANN001
    service = throwaway_service("--replicas", "1")
    api = conflicting_writer(lab, service, stale_reads=1)
    try:
        SwarmWriter(api).scale(service, 0)  # type: ignore[arg-type]
    finally:
        api.api.close()
    assert api.writes == ["update_service", "update_service"]
    spec = inspect(lab, "service", service)["Spec"]
    # Re-applied to the fresh spec: the other writer's change survives alongside ours.
    assert spec["Mode"]["Replicated"]["Replicas"] == 0
    assert spec["Labels"]["changed.by"] == "cli"


def test_a_second_conflict_gives_up(lab: Lab, throwaway_service) -> None:  # noqa: ANN001
    service = throwaway_service("--replicas", "1")
    api = conflicting_writer(lab, service, stale_reads=2)
    before = version(lab, "service", service)
    try:
        with pytest.raises(
            VersionConflict,
            match=r"^Service writes-\w+ was changed by someone "
            r"else twice .*retry\.$",
        ):
            SwarmWriter(api).scale(service, 0)  # type: ignore[arg-type]
    finally:
        api.api.close()
    assert api.writes == ["update_service", "update_service"]
    assert version(lab, "service", service) == before
    assert replicas(lab, service) == 1


def test_removing_a_live_node_passes_the_daemons_refusal(lab: Lab, writer: SwarmWriter) -> None:
    node3 = inspect(lab, "node", "node3")
    with pytest.raises(DaemonError) as refused:
        writer.remove_node(node3["ID"])
    assert not isinstance(refused.value, (WriteRefused, VersionConflict))
    assert f"node {node3['ID']} is not down and can't be removed" in str(refused.value)
    assert inspect(lab, "node", "node3")["Status"]["State"] == "ready"


BAD_INPUTS = {
    "negative replicas": ("service", "web", lambda w, i: w.scale(i, -1), "is not a replica"),
    "upper-case image": (
        "service",
        "web",
        lambda w, i: w.update_image(i, "UPPER/case"),
        "must be lowercase",
    ),
    "empty tag": ("service", "web", lambda w, i: w.update_image(i, "img:"), "nothing follows"),
    "empty image": ("service", "web", lambda w, i: w.update_image(i, " "), "image is empty"),
    "availability": (
        "node",
        "node3",
        lambda w, i: w.set_availability(i, "sleep"),
        "'sleep' is not a node availability; use active, pause or drain.",
    ),
    "role": (
        "node",
        "node3",
        lambda w, i: w.set_role(i, "boss"),
        "'boss' is not a node role; use worker or manager.",
    ),
    "label key": (
        "node",
        "node3",
        lambda w, i: w.add_node_label(i, " ", "x"),
        "is not a label key",
    ),
    "no service": ("service", "web", lambda w, i: w.force_update(""), "No service was given"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_invalid_input_changes_nothing(
    lab: Lab, writer: SwarmWriter, api: SpyApi, case: str
) -> None:
    kind, name, call, message = BAD_INPUTS[case]
    target = inspect(lab, kind, name)
    with pytest.raises(WriteRefused) as refused:
        call(writer, target["ID"])
    assert message in str(refused.value)
    assert version(lab, kind, name) == target["Version"]["Index"]
    assert api.writes == []


def test_retry_refuses_a_service_whose_update_is_not_paused(
    lab: Lab, writer: SwarmWriter, api: SpyApi, throwaway_service: Callable[..., str]
) -> None:
    service = throwaway_service("--replicas", "1")
    before = version(lab, "service", service)
    with pytest.raises(WriteRefused, match="has no paused update to retry"):
        writer.retry_update(service)
    assert api.writes == [] and version(lab, "service", service) == before
