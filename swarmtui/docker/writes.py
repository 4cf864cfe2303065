"""Change the swarm: create, scale, re-image, roll back, redeploy and remove services; drain,
promote and label nodes; rotate the join tokens.

The daemon replaces a spec wholesale on update (anything omitted goes back to its default, and
omitted node labels are cleared), so every update reads the object, changes a deep copy of its
*whole* spec and posts it with the version it was read at. If someone else changed the object
in between, the daemon answers "update out of sequence": the change is re-read and re-applied
once, and a second conflict gives up with VersionConflict rather than loop against a busy
writer. Bad input raises WriteRefused before anything is sent.

Give a writer its own SwarmApi: docker-py clients must not be shared between threads.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from .errors import DaemonError, VersionConflict, WriteRefused
from .protocol import Json, SwarmApi
from .validate import validate_image, validate_service_name

# Applies the change to `spec`, a deep copy of `current["Spec"]`; may refuse with WriteRefused.
Change = Callable[[Json, Json], None]

AVAILABILITIES = ("active", "pause", "drain")
ROLES = ("worker", "manager")
_OUT_OF_SEQUENCE = "update out of sequence"  # swarmkit's text for a stale Version.Index

_UNSCALABLE = {
    "Global": "is global: it runs one task on every eligible node, so it has no replica "
    "count to change",
    "GlobalJob": "is a global job: it runs once on every eligible node, so it has no replica "
    "count to change",
    "ReplicatedJob": "is a job: it runs its tasks to completion, so it has no replica count "
    "to change",
}


def _service_name(service: Json) -> str:
    return (service.get("Spec") or {}).get("Name") or service.get("ID", "")[:12]


def _node_name(node: Json) -> str:
    return (
        (node.get("Description") or {}).get("Hostname")
        or (node.get("Spec") or {}).get("Name")
        or node.get("ID", "")[:12]
    )


def _require_id(object_id: str, kind: str) -> str:
    if not object_id or not object_id.strip():
        raise WriteRefused(f"No {kind} was given to change.")
    return object_id.strip()


def _one_of(value: str, allowed: tuple[str, ...], what: str) -> str:
    cleaned = value.strip().lower()
    if cleaned not in allowed:
        raise WriteRefused(
            f"'{value}' is not a node {what}; use {', '.join(allowed[:-1])} or {allowed[-1]}."
        )
    return cleaned


class SwarmWriter:
    def __init__(self, api: SwarmApi) -> None:
        self.api = api

    # --- services -------------------------------------------------------------------------

    def scale(self, service_id: str, replicas: int) -> None:
        if isinstance(replicas, bool) or not isinstance(replicas, int) or replicas < 0:
            raise WriteRefused(
                f"'{replicas}' is not a replica count; give a whole number, 0 or more."
            )

        def change(service: Json, spec: Json) -> None:
            mode = spec.setdefault("Mode", {})
            for kind, why in _UNSCALABLE.items():
                if kind in mode:
                    raise WriteRefused(f"Service {_service_name(service)} {why}.")
            replicated = mode.get("Replicated") or {}
            replicated["Replicas"] = replicas
            mode["Replicated"] = replicated

        self._update_service(service_id, change)

    def update_image(self, service_id: str, image: str) -> None:
        reference = validate_image(image)

        def change(service: Json, spec: Json) -> None:
            template = spec.setdefault("TaskTemplate", {})
            template.setdefault("ContainerSpec", {})["Image"] = reference

        self._update_service(service_id, change)

    def rollback(self, service_id: str) -> None:
        """Return to PreviousSpec, as `docker service rollback` does (the daemon swaps specs)."""

        def change(service: Json, spec: Json) -> None:
            if not service.get("PreviousSpec"):
                raise WriteRefused(
                    f"Service {_service_name(service)} has no previous version to roll back to."
                )

        self._update_service(service_id, change, rollback=True)

    def retry_update(self, service_id: str) -> None:
        """Start a paused update over. A bare re-post of the spec (`docker service update`)
        clears the paused state, but swarmkit does not always restart the updater after it
        (seen on the lab when the retry follows the pause closely), leaving a half-updated
        service with no update running; bumping ForceUpdate makes every task dirty, so a new
        update always starts."""

        def change(service: Json, spec: Json) -> None:
            state = (service.get("UpdateStatus") or {}).get("State", "")
            if state not in ("paused", "rollback_paused"):
                raise WriteRefused(
                    f"Service {_service_name(service)} has no paused update to "
                    f"retry (its update is {state or 'not started'})."
                )
            template = spec.setdefault("TaskTemplate", {})
            template["ForceUpdate"] = int(template.get("ForceUpdate") or 0) + 1

        self._update_service(service_id, change)

    def force_update(self, service_id: str) -> None:
        """Redeploy every task with an unchanged spec: the counter is the only difference."""

        def change(service: Json, spec: Json) -> None:
            template = spec.setdefault("TaskTemplate", {})
            template["ForceUpdate"] = int(template.get("ForceUpdate") or 0) + 1

        self._update_service(service_id, change)

    def change_service(self, service_id: str, change: Change) -> None:
        """Any other change to a service's spec (a lint's fix, a rotation's swap), read and
        written whole with its version; `change` edits the copy."""
        self._update_service(service_id, change)

    def remove_service(self, service_id: str) -> None:
        self.api.remove_service(_require_id(service_id, "service"))

    def create_service(self, spec: Json) -> str:
        """Create a service from a whole ServiceSpec (service_spec.py builds one); returns its ID.

        A taken name is refused here in plain words. swarmkit compares names ignoring case, so
        this does too; a name taken in the meantime still gets the daemon's own refusal.
        """
        name = validate_service_name(str(spec.get("Name") or ""))
        for service in self.api.services():
            if _service_name(service).lower() == name.lower():
                raise WriteRefused(
                    f"A service named {_service_name(service)} already exists, "
                    "so nothing was created; choose another name."
                )
        return str(self.api.create_service(spec).get("ID", ""))

    # --- nodes ----------------------------------------------------------------------------

    def set_availability(self, node_id: str, availability: str) -> None:
        wanted = _one_of(availability, AVAILABILITIES, "availability")

        def change(node: Json, spec: Json) -> None:
            spec["Availability"] = wanted

        self._update_node(node_id, change)

    def set_role(self, node_id: str, role: str) -> None:
        wanted = _one_of(role, ROLES, "role")

        def change(node: Json, spec: Json) -> None:
            if wanted == "worker" and spec.get("Role") == "manager" and self._managers() <= 1:
                raise WriteRefused(
                    f"Node {_node_name(node)} is the only manager; promote another node first, "
                    "or the swarm would be left without a manager."
                )
            spec["Role"] = wanted

        self._update_node(node_id, change)

    def add_node_label(self, node_id: str, key: str, value: str) -> None:
        label = key.strip()
        if not label or "=" in label:
            raise WriteRefused(f"'{key}' is not a label key; a key is not empty and has no '='.")

        def change(node: Json, spec: Json) -> None:
            spec["Labels"] = {**(spec.get("Labels") or {}), label: value}

        self._update_node(node_id, change)

    def remove_node_label(self, node_id: str, key: str) -> None:
        label = key.strip()

        def change(node: Json, spec: Json) -> None:
            labels = dict(spec.get("Labels") or {})
            if label not in labels:
                raise WriteRefused(f"Node {_node_name(node)} has no label '{label}'.")
            del labels[label]
            spec["Labels"] = labels

        self._update_node(node_id, change)

    def remove_node(self, node_id: str, force: bool = False) -> None:
        """Without force the daemon refuses a node that is not down; its message says so."""
        self.api.remove_node(_require_id(node_id, "node"), force=force)

    # --- the swarm ------------------------------------------------------------------------

    def rotate_join_token(self, role: str) -> None:
        """Issue a new join token for `role`, as `docker swarm join-token --rotate` does: the
        old one stops admitting nodes; nodes already in the swarm are not affected."""
        wanted = _one_of(role, ROLES, "role")

        def write(swarm: Json, spec: Json) -> None:
            self.api.update_swarm(
                swarm["Version"]["Index"],
                spec,
                rotate_worker_token=wanted == "worker",
                rotate_manager_token=wanted == "manager",
            )

        # The spec goes back unchanged: the rotation is in the query, as the CLI sends it.
        self._update(
            "Swarm {}",
            lambda _: self.api.inspect_swarm(),
            "swarm",
            lambda swarm, spec: None,
            write,
            lambda swarm: swarm.get("ID", "")[:12],
        )

    # --- read, change a copy, write with the version read ------------------------------------

    def _managers(self) -> int:
        return sum(
            1 for node in self.api.nodes() if (node.get("Spec") or {}).get("Role") == "manager"
        )

    def _update_service(self, service_id: str, change: Change, rollback: bool = False) -> None:
        def write(service: Json, spec: Json) -> None:
            self.api.update_service(
                service["ID"], service["Version"]["Index"], spec, rollback=rollback
            )

        self._update(
            "Service {}",
            self.api.inspect_service,
            _require_id(service_id, "service"),
            change,
            write,
            _service_name,
        )

    def _update_node(self, node_id: str, change: Change) -> None:
        def write(node: Json, spec: Json) -> None:
            self.api.update_node(node["ID"], node["Version"]["Index"], spec)

        self._update(
            "Node {}",
            self.api.inspect_node,
            _require_id(node_id, "node"),
            change,
            write,
            _node_name,
        )

    @staticmethod
    def _update(
        kind: str,
        read: Callable[[str], Json],
        object_id: str,
        change: Change,
        write: Callable[[Json, Json], None],
        name: Callable[[Json], str],
    ) -> None:
        current: dict[str, Any] = {}
        for _attempt in range(2):
            current = read(object_id)
            spec = copy.deepcopy(current.get("Spec") or {})
            change(current, spec)
            try:
                write(current, spec)
                return
            except DaemonError as error:
                if _OUT_OF_SEQUENCE not in str(error):
                    raise
        raise VersionConflict(
            f"{kind.format(name(current))} was changed by someone else twice while this change "
            "was being saved, so nothing was changed; look at it again and retry."
        )
