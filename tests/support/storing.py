"""A copy of the lab recording that keeps what is written to it, as the daemon would store
it, so a deploy can be applied, planned again and applied again without a swarm.

Reads are ReplayApi's own (they read the JSON files again on every call); the writes below
edit those files. It answers as the daemon does where the deploy depends on it: a secret's
data is never listed, a name is unique, a stale version is "update out of sequence", and
new data for an existing secret or config is refused ("only updates to Labels are allowed").
Tests subclass it and override one method to make a write fail; FailsOnWrite is the common
one.
"""

from __future__ import annotations

import copy
import itertools
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from swarmtui.docker.errors import DaemonError
from swarmtui.docker.rawlist import RawList
from swarmtui.docker.replay import ReplayApi
from swarmtui.stack.specdiff import with_daemon_defaults

from .replay import RECORDING

Json = dict[str, Any]


def recording_copy(tmp_path: Path, *external_networks: str) -> Path:
    """A copy of the lab recording, with swarm-scoped networks of these names added."""
    folder = tmp_path / "lab"
    shutil.copytree(RECORDING, folder)
    networks = json.loads((folder / "networks.json").read_text())
    for name in external_networks:
        networks.append({"Id": f"ext-{name}", "Name": name, "Scope": "swarm", "Labels": {}})
    (folder / "networks.json").write_text(json.dumps(networks))
    return folder


class StoringReplay(ReplayApi):
    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.writes: list[tuple[str, str]] = []  # (verb, name), in order
        self._ids = (f"new{n}" for n in itertools.count(1))

    def _items(self, kind: str) -> list[Json]:
        path = self.folder / f"{kind}.json"
        return json.loads(path.read_text()) if path.exists() else []

    def _save(self, kind: str, items: list[Json]) -> None:
        (self.folder / f"{kind}.json").write_text(json.dumps(items))

    def list_objects(self, kind: str, filters: dict[str, list[str]]) -> RawList:
        items = list(super().list_objects(kind, filters))
        if kind == "secrets":  # the daemon never answers a secret's data
            for item in items:
                item["Spec"].pop("Data", None)
        return RawList.of(items)

    def create_object(self, kind: str, spec: Json) -> Json:
        items = self._items(kind)
        name = spec["Name"]
        if any((item.get("Spec") or item).get("Name") == name for item in items):
            raise DaemonError(f"rpc error: code = AlreadyExists desc = {name} already exists")
        self.writes.append(("create", name))
        new_id = next(self._ids)
        if kind == "networks":
            items.append({"Id": new_id, "Name": name, "Scope": "swarm", **copy.deepcopy(spec)})
        else:
            items.append({"ID": new_id, "Version": {"Index": 1}, "Spec": copy.deepcopy(spec)})
        self._save(kind, items)
        return {"ID": new_id}

    def update_object(self, kind: str, object_id: str, version: int, spec: Json) -> None:
        items = self._items(kind)
        item = next(i for i in items if i["ID"] == object_id)
        self._check_version(item, version)
        if spec.get("Data") != item["Spec"].get("Data"):
            raise DaemonError(
                "rpc error: code = InvalidArgument desc = only updates to Labels are allowed"
            )
        self.writes.append(("update", spec["Name"]))
        item["Spec"] = copy.deepcopy(spec)
        item["Version"]["Index"] += 1
        self._save(kind, items)

    def _check_version(self, item: Json, version: int) -> None:
        if version != item["Version"]["Index"]:
            raise DaemonError("rpc error: code = Unknown desc = update out of sequence")

    def _stored(self, spec: Json) -> Json:
        stored = with_daemon_defaults(spec)
        ids = {n["Name"]: n["Id"] for n in self._items("networks")}
        for attachment in stored["TaskTemplate"].get("Networks") or []:
            attachment["Target"] = ids[attachment["Target"]]
        return stored

    def create_service(self, spec: Json) -> Json:
        services = self._items("services")
        if any(s["Spec"]["Name"] == spec["Name"] for s in services):
            raise DaemonError(f"rpc error: code = AlreadyExists desc = {spec['Name']} exists")
        self.writes.append(("create", spec["Name"]))
        new_id = next(self._ids)
        services.append({"ID": new_id, "Version": {"Index": 1}, "Spec": self._stored(spec)})
        self._save("services", services)
        return {"ID": new_id}

    def update_service(
        self, service_id: str, version: int, spec: Json, rollback: bool = False
    ) -> None:
        services = self._items("services")
        service = next(s for s in services if s["ID"] == service_id)
        self._check_version(service, version)
        self.writes.append(("update", spec["Name"]))
        service["Spec"] = self._stored(spec)
        service["Version"]["Index"] += 1
        self._save("services", services)

    def remove_service(self, service_id: str) -> None:
        services = self._items("services")
        service = next(s for s in services if s["ID"] == service_id)
        self.writes.append(("remove", service["Spec"]["Name"]))
        self._save("services", [s for s in services if s is not service])


def _refused(spec: Json) -> Exception:
    return DaemonError(f"rpc error: code = Unknown desc = cannot create {spec['Name']}")


class FailsOnWrite(StoringReplay):
    """Refuses its Nth create, as a daemon refusing part way through would; the creates after
    it go through, so applying again continues."""

    def __init__(
        self, folder: Path, fail_on: int, error: Callable[[Json], Exception] | None = None
    ) -> None:
        super().__init__(folder)
        self.fail_on, self.count = fail_on, 0
        self.error = error or (
            lambda spec: DaemonError(
                f"rpc error: code = Unknown desc = cannot create {spec['Name']}"
            )
        )

    def create_object(self, kind: str, spec: Json) -> Json:
        self.count += 1
        if self.count == self.fail_on:
            raise self.error(spec)
        return super().create_object(kind, spec)
