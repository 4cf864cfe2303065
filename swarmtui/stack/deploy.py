"""Plan a stack deploy against what runs, then apply it in `docker stack deploy`'s order.

`plan` reads the stack's services (by the namespace label), all networks, secrets and configs,
and says what would be created, updated (with the field-level differences), left unchanged
and, with prune, removed; applying.py then makes those changes.

Configs are compared with their content (the daemon answers a config's data). A secret's data
is never answered, so an existing secret is compared by its labels only and its change carries
a note saying its content could not be compared; applying.py lets the daemon check it.

Not done yet: image digests are not resolved; every image is kept as written, which is
`--resolve-image never` (an image equal to the service's com.docker.stack.image label keeps
the image the service already runs). Registry credentials are never sent. As with the CLI,
prune removes services only, and networks are never updated.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace

from ..docker.errors import WriteRefused
from ..docker.protocol import Json, SwarmReadApi
from .convert import StackSpec
from .objects import IMAGE_LABEL, NAMESPACE_LABEL
from .specdiff import Difference, differences, pruned, service_changes

KINDS = ("service", "network", "secret", "config")
SECRET_NOT_COMPARED = (
    "content not compared: the daemon never returns a secret's data; a changed file needs a "
    "new name (e.g. name: {name}_v2)"
)
CONFIG_CONTENT_CHANGED = (
    "the daemon refuses new content for an existing config: give it a new name "
    "(e.g. name: {name}_v2)"
)


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
    note: str = ""  # what the operator must know that the differences do not say
    sources: tuple[str, ...] = ()  # the local files it comes from


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
class Cluster:
    """What runs now, read once per plan."""

    services: dict[str, Json] = field(default_factory=dict)  # the stack's, by name
    networks: list[Json] = field(default_factory=list)  # all of them
    secrets: dict[str, Json] = field(default_factory=dict)  # by name
    configs: dict[str, Json] = field(default_factory=dict)

    @classmethod
    def read(cls, api: SwarmReadApi, stack: str) -> Cluster:
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
    cluster = Cluster.read(api, spec.name)
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
            change = _object_change(kind, wanted, running.get(wanted["Name"]))
            sources = spec.sources.get(f"{kind} {wanted['Name']}", ())
            changes.append(replace(change, sources=sources))
    for name, wanted in sorted(spec.services.items()):
        current = cluster.services.get(name)
        sources = spec.sources.get(f"service {name}", ())
        if current is None:
            changes.append(Change("service", name, "create", sources=sources))
            continue
        found = service_changes(
            current["Spec"], desired_spec(wanted, current, cluster), cluster.network_names()
        )
        action = "update" if found else "unchanged"
        changes.append(
            Change("service", name, action, tuple(found), current["ID"], sources=sources)
        )
    return Plan(spec, tuple(changes))


def _check_external_networks(cluster: Cluster, names: list[str]) -> None:
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
    note = ""
    if kind == "secret" and "Data" in wanted:
        note = SECRET_NOT_COMPARED.format(name=wanted["Name"])
    elif any(path == "Data" for path, _, _ in found):
        note = CONFIG_CONTENT_CHANGED.format(name=wanted["Name"])
    action = "update" if found else "unchanged"
    return Change(kind, wanted["Name"], action, tuple(found), current["ID"], note)


def desired_spec(wanted: Json, current: Json | None, cluster: Cluster) -> Json:
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
