"""Networks, secrets and configs: every one the manager lists, as frozen models.

They change only with events, so the poller reads them with the full task read (the safety
net) and when an event names one, never every interval; the stacks' objects are the ones
among them that carry the namespace label.
"""

from __future__ import annotations

from .models import ObjectInfo, ServiceInfo, StackObject
from .parse import parse_time
from .protocol import Json

OBJECT_KINDS = ("network", "secret", "config")


def parse_object(kind: str, raw: Json) -> ObjectInfo:
    # Networks keep name, labels and dates at the top level; secrets and configs in Spec.
    if kind == "network":
        ipam = (raw.get("IPAM") or {}).get("Config") or []
        return ObjectInfo(
            kind,
            raw.get("Id") or raw.get("ID", ""),
            raw.get("Name", ""),
            tuple(sorted((raw.get("Labels") or {}).items())),
            parse_time(raw.get("Created")),
            None,
            raw.get("Driver", ""),
            raw.get("Scope", ""),
            tuple(str(c["Subnet"]) for c in ipam if isinstance(c, dict) and c.get("Subnet")),
        )
    spec = raw.get("Spec") or {}
    return ObjectInfo(
        kind,
        raw.get("ID", ""),
        spec.get("Name", ""),
        tuple(sorted((spec.get("Labels") or {}).items())),
        parse_time(raw.get("CreatedAt")),
        parse_time(raw.get("UpdatedAt")),
        (spec.get("Driver") or {}).get("Name", ""),
    )


def used_by(item: ObjectInfo, services: tuple[ServiceInfo, ...]) -> tuple[ServiceInfo, ...]:
    """The services that attach to this network, or mount this secret or config."""
    refs = {"network": "networks", "secret": "secrets", "config": "configs"}[item.kind]
    return tuple(s for s in services if item.id in getattr(s, refs))


def stack_objects(objects: tuple[ObjectInfo, ...]) -> tuple[StackObject, ...]:
    found = (StackObject(o.kind, o.id, o.name, o.stack) for o in objects if o.stack)
    return tuple(sorted(found, key=lambda item: (item.stack, item.kind, item.name)))


def of_kind(objects: tuple[ObjectInfo, ...], kind: str) -> tuple[ObjectInfo, ...]:
    return tuple(sorted((o for o in objects if o.kind == kind), key=lambda o: o.name))
