"""A rotation's reads and writes (rotation.py decides what to do): the progress read back from
the cluster, the new version created, a service's reference swapped, the old version removed.

The new data is bytes held by the caller only: it goes base64-encoded into the create request
and nowhere else (no audit parameter, no message, no log).
"""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

from .errors import WriteRefused
from .protocol import Json, SwarmApi, SwarmReadApi
from .rotation import (
    NEW,
    OLD,
    ROTATED_FROM,
    Mount,
    Progress,
    ServiceState,
    Version,
    new_spec,
    ref_id,
    references,
    swap,
)
from .writes import SwarmWriter

MAX_DATA_BYTES = 500 * 1024
"""swarmkit refuses a secret or config of more than 500 KiB."""


def read_data_file(path: str) -> bytes:
    """The new data from a file, or ValueError saying why it cannot be used. The message
    names the file, never its content."""
    where = Path(path.strip()).expanduser()
    try:
        status = os.stat(where)
        if not stat.S_ISREG(status.st_mode):
            raise ValueError(f"{where} is not a regular file.")
        with open(where, "rb") as handle:
            data = handle.read(MAX_DATA_BYTES + 1)
    except OSError as error:
        raise ValueError(f"{where} cannot be read: {error.strerror or error}.") from None
    if len(data) > MAX_DATA_BYTES:
        raise ValueError(f"{where} is larger than 500 KiB, the swarm's limit.")
    if not data:
        raise ValueError(f"{where} is empty.")
    return data


def find_named(api: SwarmReadApi, kind: str, name: str) -> Json | None:
    """The secret or config named exactly `name` (the daemon's name filter matches more)."""
    for raw in api.list_objects(f"{kind}s", {"name": [name]}):
        if (raw.get("Spec") or {}).get("Name") == name:
            return dict(raw)
    return None


def is_rotation_of(found: Json, old_name: str) -> bool:
    return ((found.get("Spec") or {}).get("Labels") or {}).get(ROTATED_FROM) == old_name


def read_progress(
    api: SwarmReadApi, kind: str, old_id: str, old_name: str, new_name: str
) -> Progress:
    """Where the rotation stands: which versions exist, and every service mounting either,
    with its update state and whether its running tasks all mount the version its spec does."""
    old = find_named(api, kind, old_name)
    old_exists = old is not None and old.get("ID") == old_id
    new = find_named(api, kind, new_name)
    new_id = str(new.get("ID", "")) if new is not None else ""
    services = []
    for raw in api.services():
        container = ((raw.get("Spec") or {}).get("TaskTemplate") or {}).get("ContainerSpec") or {}
        refs = references(container, kind)
        ids = {ref_id(ref, kind) for ref in refs}
        on: Version
        if new_id and new_id in ids:
            on, mounted = NEW, new_id
        elif old_id in ids:
            on, mounted = OLD, old_id
        else:
            continue
        mounts = tuple(_mount(ref) for ref in refs if ref_id(ref, kind) == mounted)
        services.append(_state(api, kind, raw, on, mounted, mounts))
    return Progress(kind, old_id, old_name, new_name, old_exists, new_id, tuple(services))


def _mount(ref: Json) -> Mount:
    file = ref.get("File") or {}
    return Mount(
        str(file.get("Name", "")),
        str(file.get("UID", "")),
        str(file.get("GID", "")),
        int(file.get("Mode") or 0),
    )


def _state(
    api: SwarmReadApi, kind: str, raw: Json, on: Version, mounted: str, mounts: tuple[Mount, ...]
) -> ServiceState:
    spec = raw.get("Spec") or {}
    status = raw.get("UpdateStatus") or {}
    update = str(status.get("State", ""))
    tasks = list(api.tasks({"service": [raw["ID"]], "desired-state": ["running"]}))
    wanted = ((spec.get("Mode") or {}).get("Replicated") or {}).get("Replicas")
    all_on = all(
        mounted
        in {
            ref_id(ref, kind)
            for ref in references(
                ((task.get("Spec") or {}).get("ContainerSpec") or {}),
                kind,
            )
        }
        and (task.get("Status") or {}).get("State") == "running"
        for task in tasks
    )
    enough = wanted is None or len(tasks) >= int(wanted)
    settled = update not in ("updating", "rollback_started", "paused", "rollback_paused")
    return ServiceState(
        str(raw["ID"]),
        str(spec.get("Name", "")),
        on,
        update,
        str(status.get("Message", "")),
        settled and all_on and enough,
        mounts,
    )


def create_version(api: SwarmApi, kind: str, old_id: str, name: str, data: bytes) -> str:
    """Create the next version, labelled as the old one is; returns its ID."""
    old = api.inspect_object(f"{kind}s", old_id)
    encoded = base64.b64encode(data).decode("ascii")
    return str(api.create_object(f"{kind}s", new_spec(old, name, encoded)).get("ID", ""))


def swap_service(
    writer: SwarmWriter, kind: str, service_id: str, old_id: str, new_id: str, new_name: str
) -> None:
    """Update the service's whole spec (with its version) to mount the new version where it
    mounted the old one, every mount's target, uid, gid and mode kept."""

    def change(service: Json, spec: Json) -> None:
        if not swap(spec, kind, old_id, new_id, new_name):
            name = (service.get("Spec") or {}).get("Name", service_id[:12])
            raise WriteRefused(f"{name} no longer mounts the {kind} being rotated.")

    writer.change_service(service_id, change)
