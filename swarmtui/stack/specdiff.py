"""Compare a converted ServiceSpec with the one the daemon holds, field by field.

The daemon does not store quite what it was sent: it fills in a few defaults (the "default"
isolation, the "container" runtime, the vip endpoint mode, one replica, and the defaults of
enumerations such as an update config's failure action and order or a port's protocol), drops
a mount's consistency, answers network targets as IDs, and spells empty settings as
nulls and empty mappings. So both sides are brought to one form first: those defaults are
filled into the converted spec, network IDs become names, and empty values are dropped. What
still differs is a real change. (The stored spec, as GET /services lists it, is compared; the
fuller defaults of `docker service inspect` come from its insertDefaults query.)
"""

from __future__ import annotations

import copy
from typing import Any

from ..docker.protocol import Json

Difference = tuple[str, Any, Any]  # (dotted path, running value, value from the file)


def _fill_empty(target: Json, defaults: Json) -> None:
    for key, value in defaults.items():
        if not target.get(key):
            target[key] = value


def with_daemon_defaults(spec: Json) -> Json:
    """`spec` as the daemon will store it: what listing the service should answer."""
    result = copy.deepcopy(spec)
    template = result.setdefault("TaskTemplate", {})
    container = template.setdefault("ContainerSpec", {})
    container.setdefault("Isolation", "default")
    for mount in container.get("Mounts") or []:
        mount.pop("Consistency", None)  # swarmkit has no such field: it is not stored
    template.setdefault("ForceUpdate", 0)
    template.setdefault("Runtime", "container")
    # Enumerations go through swarmkit's protobuf, where empty reads back as the default.
    if template.get("RestartPolicy") is not None:
        _fill_empty(template["RestartPolicy"], {"Condition": "any"})
    for key in ("UpdateConfig", "RollbackConfig"):
        if result.get(key) is not None:
            _fill_empty(result[key], {"FailureAction": "pause", "Order": "stop-first"})
    endpoint = result.setdefault("EndpointSpec", {})
    _fill_empty(endpoint, {"Mode": "vip"})
    for port in endpoint.get("Ports") or []:
        _fill_empty(port, {"Protocol": "tcp", "PublishMode": "ingress"})
    replicated = (result.get("Mode") or {}).get("Replicated")
    if replicated is not None:
        replicated.setdefault("Replicas", 1)
    return result


def with_network_names(spec: Json, names_by_id: dict[str, str]) -> Json:
    """The daemon answers attachment targets as network IDs; the file names them."""
    result = copy.deepcopy(spec)
    for attachment in (result.get("TaskTemplate") or {}).get("Networks") or []:
        attachment["Target"] = names_by_id.get(
            attachment.get("Target", ""), attachment.get("Target", "")
        )
    return result


def pruned(value: Any) -> Any:
    """Drop None, "", False, [] and {} at every depth (zeros stay: 0 replicas is a choice)."""
    if isinstance(value, dict):
        items = {key: pruned(item) for key, item in value.items()}
        return {key: item for key, item in items.items() if item not in (None, "", False, [], {})}
    if isinstance(value, list):
        return [pruned(item) for item in value]
    return value


def differences(running: Any, wanted: Any, path: str = "") -> list[Difference]:
    """Every leaf that differs; lists are compared whole (their order matters to swarm)."""
    if isinstance(running, dict) and isinstance(wanted, dict):
        found: list[Difference] = []
        for key in sorted(set(running) | set(wanted)):
            found += differences(
                running.get(key), wanted.get(key), f"{path}.{key}" if path else key
            )
        return found
    return [] if running == wanted else [(path, running, wanted)]


def service_changes(running: Json, wanted: Json, names_by_id: dict[str, str]) -> list[Difference]:
    """Field-level changes that updating `running` (a stored Spec) to `wanted` would make."""
    return differences(
        pruned(with_network_names(running, names_by_id)), pruned(with_daemon_defaults(wanted))
    )
