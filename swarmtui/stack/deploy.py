"""Plan a stack deploy against what runs, then apply it in `docker stack deploy`'s order.

`plan` reads the stack's services (by the namespace label), all networks, secrets and configs,
and says what would be created, updated (with the field-level differences), left unchanged
and, with prune, removed. `apply` then makes those changes: prune → networks → secrets →
configs → services. A service is updated with the Version it was read at, keeping its
ForceUpdate, and only when its spec really differs, so redeploying an unchanged file bumps no
version and restarts no task.

Not done yet: image digests are not resolved; every image is kept as written, which is
`--resolve-image never` (an image equal to the service's com.docker.stack.image label keeps
the image the service already runs). Registry credentials are never sent. As with the CLI,
prune removes services only, and networks are never updated.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ParamSpec

from ..docker.errors import DaemonError, WriteRefused
from ..docker.protocol import Json, SwarmApi, SwarmReadApi
from .convert import StackSpec
from .objects import IMAGE_LABEL, NAMESPACE_LABEL
from .specdiff import Difference, differences, pruned, service_changes

KINDS = ("service", "network", "secret", "config")
_Params = ParamSpec("_Params")


class DeployRefused(WriteRefused):
    """The stack cannot be deployed as it is (an external network is missing); nothing
    was changed."""


@dataclass(frozen=True)
class Change:
    kind: str  # service, network, secret or config
    name: str
    action: str  # create, update, unchanged or remove
    differences: tuple[Difference, ...] = ()
    object_id: str = ""


@dataclass(frozen=True)
class Plan:
    spec: StackSpec
    changes: tuple[Change, ...]

    def of(self, action: str, kind: str | None = None) -> tuple[Change, ...]:
        return tuple(
            change
            for change in self.changes
            if change.action == action and kind in (None, change.kind)
        )

    @property
    def has_changes(self) -> bool:
        return any(change.action != "unchanged" for change in self.changes)


@dataclass
class _Cluster:
    """What runs now, read once per plan."""

    services: dict[str, Json] = field(default_factory=dict)  # the stack's, by name
    networks: list[Json] = field(default_factory=list)  # all of them
    secrets: dict[str, Json] = field(default_factory=dict)  # by name
    configs: dict[str, Json] = field(default_factory=dict)

    @classmethod
    def read(cls, api: SwarmReadApi, stack: str) -> _Cluster:
        labelled = {"label": [f"{NAMESPACE_LABEL}={stack}"]}
        return cls(
            services={s["Spec"]["Name"]: s for s in api.list_objects("services", labelled)},
            networks=list(api.list_objects("networks", {})),
            secrets={s["Spec"]["Name"]: s for s in api.list_objects("secrets", {})},
            configs={c["Spec"]["Name"]: c for c in api.list_objects("configs", {})},
        )

    def stack_networks(self, stack: str) -> set[str]:
        return {
            n["Name"]
            for n in self.networks
            if (n.get("Labels") or {}).get(NAMESPACE_LABEL) == stack
        }

    def network_names(self) -> dict[str, str]:
        return {n.get("Id") or n.get("ID", ""): n["Name"] for n in self.networks}


def plan(api: SwarmReadApi, spec: StackSpec, prune: bool = False) -> Plan:
    """What deploying `spec` would change; reads only. Raises DeployRefused when an
    external network is missing."""
    cluster = _Cluster.read(api, spec.name)
    _check_external_networks(cluster, spec.external_networks)
    changes: list[Change] = []
    if prune:
        changes += [
            Change("service", name, "remove", object_id=service["ID"])
            for name, service in sorted(cluster.services.items())
            if name not in spec.services
        ]
    existing = cluster.stack_networks(spec.name)
    changes += [
        Change("network", name, "unchanged" if name in existing else "create")
        for name in sorted(spec.networks)
    ]
    for kind, objects, running in (
        ("secret", spec.secrets, cluster.secrets),
        ("config", spec.configs, cluster.configs),
    ):
        for wanted in objects:
            changes.append(_object_change(kind, wanted, running.get(wanted["Name"])))
    for name, wanted in sorted(spec.services.items()):
        current = cluster.services.get(name)
        if current is None:
            changes.append(Change("service", name, "create"))
            continue
        found = service_changes(
            current["Spec"], desired_spec(wanted, current, cluster), cluster.network_names()
        )
        changes.append(
            Change("service", name, "update" if found else "unchanged", tuple(found), current["ID"])
        )
    return Plan(spec, tuple(changes))


def _check_external_networks(cluster: _Cluster, names: list[str]) -> None:
    for name in names:
        if name in ("bridge", "host", "none") or name.startswith("container:"):
            continue  # present on every node as local networks
        found = [n for n in cluster.networks if n["Name"] == name]
        if not found:
            raise DeployRefused(
                f"Network {name} is declared external but does not exist; "
                "create a swarm-scoped (overlay) network of that name first."
            )
        if found[0].get("Scope") != "swarm":
            raise DeployRefused(
                f"Network {name} is declared external but its scope is "
                f"{found[0].get('Scope')!r}, not swarm."
            )


def _object_change(kind: str, wanted: Json, current: Json | None) -> Change:
    if current is None:
        return Change(kind, wanted["Name"], "create")
    # The daemon never answers a secret's data, so only its labels can be compared.
    fields = [key for key in wanted if key != "Data" or kind == "config"]
    found = differences(
        pruned({key: current["Spec"].get(key) for key in fields}),
        pruned({key: wanted.get(key) for key in fields}),
    )
    return Change(
        kind, wanted["Name"], "update" if found else "unchanged", tuple(found), current["ID"]
    )


def desired_spec(wanted: Json, current: Json | None, cluster: _Cluster) -> Json:
    """The spec to send: object IDs filled in, and for an existing service its ForceUpdate
    and, when the image is unchanged, the image it already runs (a pinned digest)."""
    spec = copy.deepcopy(wanted)
    container = spec["TaskTemplate"]["ContainerSpec"]
    for key, running in (("Secret", cluster.secrets), ("Config", cluster.configs)):
        for reference in container.get(f"{key}s") or []:
            reference[f"{key}ID"] = (running.get(reference[f"{key}Name"]) or {}).get("ID", "")
    if current is not None:
        running_spec = current["Spec"]
        if container["Image"] == (running_spec.get("Labels") or {}).get(IMAGE_LABEL):
            container["Image"] = running_spec["TaskTemplate"]["ContainerSpec"]["Image"]
        spec["TaskTemplate"]["ForceUpdate"] = running_spec["TaskTemplate"].get("ForceUpdate", 0)
    return spec


def apply(api: SwarmApi, planned: Plan) -> list[Change]:
    """Make the planned changes in stack deploy's order; returns what was done. A daemon
    refusal stops the deploy there, naming the object, as the CLI does."""
    done: list[Change] = []
    spec = planned.spec
    for change in planned.of("remove", "service"):
        _attempt(change, api.remove_service, change.object_id)
        done.append(change)
    for change in planned.of("create", "network"):
        _attempt(change, api.create_object, "networks", spec.networks[change.name])
        done.append(change)
    for kind, objects in (("secret", spec.secrets), ("config", spec.configs)):
        by_name = {item["Name"]: item for item in objects}
        for change in planned.of("create", kind):
            _attempt(change, api.create_object, f"{kind}s", by_name[change.name])
            done.append(change)
        for change in planned.of("update", kind):
            _attempt(change, _update_object, api, kind, change, by_name[change.name])
            done.append(change)
    cluster = _Cluster.read(api, spec.name)  # the new objects' IDs, the services' versions
    for change in planned.changes:
        if change.kind != "service" or change.action not in ("create", "update"):
            continue
        current = cluster.services.get(change.name)
        wanted = desired_spec(spec.services[change.name], current, cluster)
        if current is None:
            _attempt(change, api.create_service, wanted)
        elif service_changes(current["Spec"], wanted, cluster.network_names()):
            _attempt(change, api.update_service, current["ID"], current["Version"]["Index"], wanted)
        else:
            continue  # someone made the same change meanwhile
        done.append(change)
    return done


def _update_object(api: SwarmApi, kind: str, change: Change, wanted: Json) -> None:
    current = next(
        item
        for item in api.list_objects(f"{kind}s", {"id": [change.object_id]})
        if item["ID"] == change.object_id
    )
    api.update_object(f"{kind}s", change.object_id, current["Version"]["Index"], wanted)


def _attempt(
    change: Change, call: Callable[_Params, object], *args: _Params.args, **kwargs: _Params.kwargs
) -> None:
    """Make one call of the deploy; a refusal names the object it was about."""
    try:
        call(*args, **kwargs)
    except DaemonError as error:
        verb = {"remove": "remove", "create": "create", "update": "update"}[change.action]
        raise DaemonError(f"Could not {verb} {change.kind} {change.name}: {error}") from error
