"""Plan and apply against a fake daemon that stores specs as the real one does (defaults
filled, network targets as IDs); the lab test checks the same against a real swarm."""

from __future__ import annotations

import copy
import itertools
from pathlib import Path
from typing import Any

import pytest

from swarmtui.stack import convert, load
from swarmtui.stack.applying import apply
from swarmtui.stack.deploy import DeployRefused, plan
from swarmtui.stack.report import plan_lines
from swarmtui.stack.specdiff import with_daemon_defaults
from tests.support.compose import COMPOSE

NS = "com.docker.stack.namespace"
Json = dict[str, Any]


class FakeDaemon:
    """Just enough of SwarmApi for deploy.py, logging every write in order."""

    def __init__(self) -> None:
        self.objects: dict[str, list[Json]] = {
            "services": [],
            "networks": [],
            "secrets": [],
            "configs": [],
        }
        self.writes: list[tuple[str, str]] = []
        self._ids = (f"id{n}" for n in itertools.count(1))
        self.add_network("compose_shared", scope="swarm")

    def add_network(self, name: str, scope: str = "swarm", labels: Json | None = None) -> None:
        self.objects["networks"].append(
            {"Id": next(self._ids), "Name": name, "Scope": scope, "Labels": labels or {}}
        )

    def list_objects(self, kind: str, filters: dict[str, list[str]]) -> list[Json]:
        items = self.objects[kind]
        for wanted in filters.get("label", []):
            key, _, value = wanted.partition("=")
            items = [
                i
                for i in items
                if (i.get("Labels") or i["Spec"].get("Labels") or {}).get(key) == value
            ]
        if "id" in filters:
            items = [i for i in items if i.get("ID") in filters["id"]]
        return copy.deepcopy(items)

    def create_object(self, kind: str, spec: Json) -> Json:
        self.writes.append(("create", spec["Name"]))
        if kind == "networks":
            self.add_network(spec["Name"], labels=spec["Labels"])
        else:
            self.objects[kind].append(
                {"ID": next(self._ids), "Version": {"Index": 1}, "Spec": copy.deepcopy(spec)}
            )
        return {"ID": "x"}

    def update_object(self, kind: str, object_id: str, version: int, spec: Json) -> None:
        self.writes.append(("update", spec["Name"]))

    def _stored(self, spec: Json) -> Json:
        stored = with_daemon_defaults(spec)
        ids = {n["Name"]: n["Id"] for n in self.objects["networks"]}
        for attachment in stored["TaskTemplate"].get("Networks") or []:
            attachment["Target"] = ids[attachment["Target"]]
        return stored

    def create_service(self, spec: Json) -> Json:
        self.writes.append(("create", spec["Name"]))
        self.objects["services"].append(
            {"ID": next(self._ids), "Version": {"Index": 1}, "Spec": self._stored(spec)}
        )
        return {"ID": "x"}

    def update_service(
        self, service_id: str, version: int, spec: Json, rollback: bool = False
    ) -> None:
        self.writes.append(("update", spec["Name"]))
        service = next(s for s in self.objects["services"] if s["ID"] == service_id)
        assert version == service["Version"]["Index"], "updated with a stale version"
        service["Spec"] = self._stored(spec)
        service["Version"]["Index"] += 1

    def remove_service(self, service_id: str) -> None:
        service = next(s for s in self.objects["services"] if s["ID"] == service_id)
        self.writes.append(("remove", service["Spec"]["Name"]))
        self.objects["services"].remove(service)


def stack_of(file: str = "objects.yml", stack: str = "st", **environ: str):  # noqa: ANN201
    return convert(load([COMPOSE / file], environ), stack)


def test_a_new_stack_is_created_in_stack_deploy_order() -> None:
    daemon = FakeDaemon()
    first = plan(daemon, stack_of())
    assert {c.action for c in first.changes} == {"create"}
    apply(daemon, first)
    assert daemon.writes == [
        ("create", "st_backend"),
        ("create", "st_default"),
        ("create", "st_frontend"),
        ("create", "st_api_key"),
        ("create", "st_db_password"),
        ("create", "st_site"),
        ("create", "st_back"),
        ("create", "st_front"),
        ("create", "st_loner"),
    ]
    back = next(s for s in daemon.objects["services"] if s["Spec"]["Name"] == "st_back")
    secret_ids = {s["Spec"]["Name"]: s["ID"] for s in daemon.objects["secrets"]}
    assert [
        (ref["SecretName"], ref["SecretID"])
        for ref in back["Spec"]["TaskTemplate"]["ContainerSpec"]["Secrets"]
    ] == [
        ("st_api_key", secret_ids["st_api_key"]),
        ("st_db_password", secret_ids["st_db_password"]),
    ]


def test_redeploying_an_unchanged_file_changes_nothing() -> None:
    daemon = FakeDaemon()
    apply(daemon, plan(daemon, stack_of()))
    daemon.writes.clear()
    again = plan(daemon, stack_of())
    assert not again.has_changes
    assert apply(daemon, again) == [] and daemon.writes == []


def test_a_changed_service_is_updated_with_a_field_level_diff(tmp_path: Path) -> None:
    daemon = FakeDaemon()
    apply(daemon, plan(daemon, stack_of("apis.yml")))
    service = daemon.objects["services"][0]
    service["Spec"]["TaskTemplate"]["ForceUpdate"] = 4  # someone ran `service update --force`
    service["Spec"]["TaskTemplate"]["ContainerSpec"]["Image"] = "swarmlab/app:1@sha256:" + "a" * 64
    changed = tmp_path / "apis.yml"
    changed.write_text((COMPOSE / "apis.yml").read_text().replace("replicas: 3", "replicas: 5", 1))
    daemon.writes.clear()
    update = plan(daemon, convert(load([changed], {}), "st"))
    assert [(c.name, c.action, c.differences) for c in update.changes if c.kind == "service"] == [
        ("st_api1", "update", (("Mode.Replicated.Replicas", 3, 5),)),
        ("st_api2", "unchanged", ()),
    ]
    apply(daemon, update)
    assert daemon.writes == [("update", "st_api1")]
    template = daemon.objects["services"][0]["Spec"]["TaskTemplate"]
    assert template["ForceUpdate"] == 4  # kept, so no forced restart
    assert template["ContainerSpec"]["Image"].endswith("a" * 64)  # the pinned digest stays


def test_prune_removes_services_no_longer_in_the_file_first() -> None:
    daemon = FakeDaemon()
    apply(daemon, plan(daemon, stack_of("apis.yml")))
    daemon.writes.clear()
    spec = stack_of("apis.yml")
    del spec.services["st_api2"]
    assert plan(daemon, spec).of("remove") == ()
    pruning = plan(daemon, spec, prune=True)
    assert [(c.name, c.action) for c in pruning.of("remove")] == [("st_api2", "remove")]
    apply(daemon, pruning)
    assert daemon.writes == [("remove", "st_api2")]


def test_a_missing_or_local_external_network_is_refused_before_any_change() -> None:
    daemon = FakeDaemon()
    with pytest.raises(DeployRefused, match="elsewhere is declared external but does not"):
        plan(daemon, stack_of(SHARED_NETWORK="elsewhere"))
    daemon.add_network("local", scope="local")
    with pytest.raises(DeployRefused, match="its scope is 'local', not swarm"):
        plan(daemon, stack_of(SHARED_NETWORK="local"))
    assert daemon.writes == []


def test_a_config_with_new_content_is_planned_as_an_update(tmp_path: Path) -> None:
    daemon = FakeDaemon()
    apply(daemon, plan(daemon, stack_of()))
    daemon.objects["configs"][0]["Spec"]["Data"] = "b2xk"  # "old"
    changes = plan(daemon, stack_of()).of("update")
    assert [(c.kind, c.name, [d[0] for d in c.differences]) for c in changes] == [
        ("config", "st_site", ["Data"])
    ]


def test_a_plan_reads_as_text_in_compose_terms(tmp_path: Path) -> None:
    daemon = FakeDaemon()
    apply(daemon, plan(daemon, stack_of("apis.yml")))
    changed = tmp_path / "apis.yml"
    text = (COMPOSE / "apis.yml").read_text()
    text = text.replace("replicas: 3", "replicas: 5", 1).replace("memory: 50M", "memory: 64M", 1)
    changed.write_text(
        text.replace(
            "    image: swarmlab/app:1\n",
            "    image: swarmlab/app:1\n    environment:\n      POSTGRES_PASSWORD: new\n",
            1,
        )
        + "  api3:\n    image: swarmlab/app:1\n    privileged: true\n"
    )
    lines = plan_lines(plan(daemon, convert(load([changed], {}), "st")))
    assert lines == [
        "Stack st:",
        "  + service st_api3",
        "  ~ service st_api1",
        "      deploy.replicas: 3 → 5",
        "      environment.POSTGRES_PASSWORD: added",
        "      deploy.resources.limits.memory: 50M → 64M",
        "    network st_default (unchanged)",
        "    service st_api2 (unchanged)",
        f"  warning: {changed}:30: service api3: privileged is ignored by stack deploy.",
        "Plan: 1 to create, 1 to update, 2 unchanged.",
    ]
    assert "new" not in "\n".join(lines).replace("network", "")
    assert plan_lines(plan(daemon, stack_of("apis.yml")))[-1] == "Nothing to change. 3 unchanged."


def test_the_plan_names_the_env_files_a_service_reads() -> None:
    from swarmtui.docker.replay import ReplayApi
    from tests.support.replay import RECORDING

    spec = convert(load([COMPOSE / "basic.yml"], {"PORT_BASE": "80"}), "demo")
    lines = plan_lines(plan(ReplayApi(RECORDING), spec))
    web = next(line.strip() for line in lines if "service demo_web" in line)
    assert web.startswith("+ service demo_web (from ") and web.endswith("files/app.env)"), web
