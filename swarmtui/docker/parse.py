"""Turn Engine API JSON into the frozen models.

Pure functions with no I/O, so they are tested directly against JSON recorded from the lab.
The API omits fields freely (empty labels, no UpdateStatus before the first update, no
ManagerStatus on workers), so every lookup has a default.
"""

from __future__ import annotations

from datetime import UTC, datetime

from .models import (
    ClusterInfo,
    Counts,
    Labels,
    NodeInfo,
    PortInfo,
    Resources,
    RestartPolicy,
    ServiceInfo,
    TaskInfo,
    UpdateConfig,
    UpdateStatus,
)
from .protocol import Json

STACK_NAMESPACE_LABEL = "com.docker.stack.namespace"
_ZERO_TIME = "0001-01-01T00:00:00Z"


def parse_time(value: str | None) -> datetime | None:
    """Parse the daemon's RFC 3339 timestamps, which carry nanoseconds Python cannot hold."""
    if not value or value.startswith("0001-01-01"):
        return None
    try:  # Python 3.11 reads 'Z' and drops digits past microseconds itself: the common case
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return _parse_time_slowly(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _parse_time_slowly(value: str) -> datetime | None:
    text = value.replace("Z", "+00:00")
    head, sep, rest = text.partition(".")
    if sep:
        digits = "".join(ch for ch in rest if ch.isdigit())
        zone = rest[len(digits) :]
        text = f"{head}.{digits[:6].ljust(6, '0')}{zone}"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _labels(raw: dict[str, str] | None) -> Labels:
    return tuple(sorted((raw or {}).items()))


def _generic(raw: list[Json] | None) -> Counts:
    """Generic resources by kind: a discrete spec counts its value, each named one counts 1."""
    counts: dict[str, int] = {}
    for item in raw or ():
        discrete, named = item.get("DiscreteResourceSpec"), item.get("NamedResourceSpec")
        if discrete:
            kind, amount = discrete.get("Kind", ""), int(discrete.get("Value") or 0)
        elif named:
            kind, amount = named.get("Kind", ""), 1
        else:
            continue
        counts[kind] = counts.get(kind, 0) + amount
    return tuple(sorted(counts.items()))


def split_image(reference: str) -> tuple[str, str]:
    """Split `name:tag@sha256:...` into the readable part and the pinned digest."""
    name, _, digest = reference.partition("@")
    return name, digest


def parse_cluster(info: Json, version: Json, endpoint: str) -> ClusterInfo:
    swarm = info.get("Swarm") or {}
    cluster = swarm.get("Cluster") or {}
    # /version names the engine's version; /info's ServerVersion stands in when it does not.
    info_version: str = info.get("ServerVersion", "")
    return ClusterInfo(
        swarm_id=cluster.get("ID", ""),
        node_id=swarm.get("NodeID", ""),
        node_addr=swarm.get("NodeAddr", ""),
        endpoint=endpoint,
        server_version=version.get("Version", info_version),
        api_version=version.get("ApiVersion", ""),
        managers=int(swarm.get("Managers") or 0),
        nodes=int(swarm.get("Nodes") or 0),
        created_at=parse_time(cluster.get("CreatedAt")),
    )


def parse_node(raw: Json) -> NodeInfo:
    spec = raw.get("Spec") or {}
    description = raw.get("Description") or {}
    resources = description.get("Resources") or {}
    platform = description.get("Platform") or {}
    status = raw.get("Status") or {}
    manager = raw.get("ManagerStatus") or {}
    engine = description.get("Engine") or {}
    return NodeInfo(
        id=raw["ID"],
        hostname=description.get("Hostname", "") or spec.get("Name", ""),
        role=spec.get("Role", ""),
        availability=spec.get("Availability", ""),
        state=status.get("State", "unknown"),
        state_message=status.get("Message", ""),
        addr=status.get("Addr", ""),
        engine_version=engine.get("EngineVersion", ""),
        os=platform.get("OS", ""),
        arch=platform.get("Architecture", ""),
        nano_cpus=int(resources.get("NanoCPUs") or 0),
        memory_bytes=int(resources.get("MemoryBytes") or 0),
        labels=_labels(spec.get("Labels")),
        version=int((raw.get("Version") or {}).get("Index", 0)),
        is_leader=bool(manager.get("Leader", False)),
        reachability=manager.get("Reachability", ""),
        manager_addr=manager.get("Addr", ""),
        engine_labels=_labels(engine.get("Labels")),
        generic_resources=_generic(resources.get("GenericResources")),
    )


def _mode(spec: Json) -> tuple[str, int | None]:
    mode = spec.get("Mode") or {}
    if "Global" in mode:
        return "global", None
    if "ReplicatedJob" in mode:
        job = mode["ReplicatedJob"] or {}
        return "replicated-job", int(job.get("TotalCompletions") or 1)
    if "GlobalJob" in mode:
        return "global-job", None
    replicated = mode.get("Replicated") or {}
    return "replicated", int(replicated.get("Replicas", 1) or 0)


def _ports(raw: Json) -> tuple[PortInfo, ...]:
    # Endpoint.Ports is what the swarm allocated; the spec is the fallback before allocation.
    endpoint = raw.get("Endpoint") or {}
    ports = (
        endpoint.get("Ports")
        or ((raw.get("Spec") or {}).get("EndpointSpec") or {}).get("Ports")
        or []
    )
    return tuple(
        PortInfo(
            published=port.get("PublishedPort"),
            target=int(port.get("TargetPort") or 0),
            protocol=port.get("Protocol", "tcp"),
            mode=port.get("PublishMode", "ingress"),
        )
        for port in ports
    )


def _resources(raw: Json | None) -> Resources:
    raw = raw or {}
    return Resources(
        nano_cpus=int(raw.get("NanoCPUs") or 0),
        memory_bytes=int(raw.get("MemoryBytes") or 0),
        generic=_generic(raw.get("GenericResources")),
    )


def _restart(raw: Json | None) -> RestartPolicy:
    raw = raw or {}
    return RestartPolicy(
        condition=raw.get("Condition", "any"),
        delay_ns=raw.get("Delay"),
        max_attempts=int(raw.get("MaxAttempts") or 0),
        window_ns=raw.get("Window"),
    )


def _update_config(raw: Json | None) -> UpdateConfig:
    raw = raw or {}
    return UpdateConfig(
        parallelism=int(raw.get("Parallelism", 1)),
        delay_ns=int(raw.get("Delay") or 0),
        failure_action=raw.get("FailureAction", "pause"),
        monitor_ns=int(raw.get("Monitor") or 5_000_000_000),
        max_failure_ratio=float(raw.get("MaxFailureRatio") or 0.0),
        order=raw.get("Order", "stop-first"),
    )


def _update_status(raw: Json | None) -> UpdateStatus | None:
    if not raw or not raw.get("State"):
        return None
    return UpdateStatus(
        state=raw["State"],
        message=raw.get("Message", ""),
        started_at=parse_time(raw.get("StartedAt")),
        completed_at=parse_time(raw.get("CompletedAt")),
    )


def _container_image(spec: Json | None) -> str:
    template = (spec or {}).get("TaskTemplate") or {}
    return (template.get("ContainerSpec") or {}).get("Image", "")


def parse_service(raw: Json) -> ServiceInfo:
    spec = raw.get("Spec") or {}
    template = spec.get("TaskTemplate") or {}
    resources = template.get("Resources") or {}
    placement = template.get("Placement") or {}
    mode, replicas = _mode(spec)
    status = raw.get("ServiceStatus") or {}
    labels = spec.get("Labels") or {}
    image, digest = split_image(_container_image(spec))
    previous_image, _ = split_image(_container_image(raw.get("PreviousSpec")))
    return ServiceInfo(
        id=raw["ID"],
        name=spec.get("Name", ""),
        mode=mode,
        replicas=replicas,
        running=int(status.get("RunningTasks") or 0),
        desired=int(status.get("DesiredTasks") or 0),
        completed=int(status.get("CompletedTasks") or 0),
        image=image,
        image_digest=digest,
        ports=_ports(raw),
        limits=_resources(resources.get("Limits")),
        reservations=_resources(resources.get("Reservations")),
        restart=_restart(template.get("RestartPolicy")),
        update_config=_update_config(spec.get("UpdateConfig")),
        rollback_config=_update_config(spec.get("RollbackConfig")),
        update_status=_update_status(raw.get("UpdateStatus")),
        stack=labels.get(STACK_NAMESPACE_LABEL, ""),
        labels=_labels(labels),
        constraints=tuple(placement.get("Constraints") or ()),
        version=int((raw.get("Version") or {}).get("Index", 0)),
        created_at=parse_time(raw.get("CreatedAt")),
        updated_at=parse_time(raw.get("UpdatedAt")),
        previous_image=previous_image,
        max_replicas=int(placement.get("MaxReplicas") or 0),
        platforms=tuple(
            (platform.get("OS", ""), platform.get("Architecture", ""))
            for platform in placement.get("Platforms") or ()
        ),
        networks=_network_ids(raw),
        secrets=_ref_ids(template, "Secrets", "SecretID"),
        configs=_ref_ids(template, "Configs", "ConfigID"),
    )


def _ref_ids(template: Json, kind: str, key: str) -> tuple[str, ...]:
    refs = (template.get("ContainerSpec") or {}).get(kind) or []
    return tuple(str(ref[key]) for ref in refs if isinstance(ref, dict) and ref.get(key))


def _network_ids(raw: Json) -> tuple[str, ...]:
    # The spec names the networks asked for; the endpoint adds ingress for published ports.
    template = (raw.get("Spec") or {}).get("TaskTemplate") or {}
    targets = [n.get("Target", "") for n in template.get("Networks") or [] if isinstance(n, dict)]
    vips = (raw.get("Endpoint") or {}).get("VirtualIPs") or []
    targets += [v.get("NetworkID", "") for v in vips if isinstance(v, dict)]
    return tuple(dict.fromkeys(t for t in targets if t))


def parse_task(raw: Json, service_names: dict[str, str]) -> TaskInfo:
    status = raw.get("Status") or {}
    container = status.get("ContainerStatus") or {}
    spec = raw.get("Spec") or {}
    image, _ = split_image((spec.get("ContainerSpec") or {}).get("Image", ""))
    service_id = raw.get("ServiceID", "")
    exit_code = container.get("ExitCode")
    return TaskInfo(
        id=raw["ID"],
        service_id=service_id,
        service_name=service_names.get(service_id, service_id[:12]),
        slot=int(raw.get("Slot") or 0),
        node_id=raw.get("NodeID", ""),
        desired_state=raw.get("DesiredState", ""),
        state=status.get("State", ""),
        state_since=parse_time(status.get("Timestamp")),
        message=status.get("Message", ""),
        error=status.get("Err", ""),
        exit_code=int(exit_code) if exit_code is not None else None,
        image=image,
        container_id=container.get("ContainerID", ""),
        created_at=parse_time(raw.get("CreatedAt")),
        version=int((raw.get("Version") or {}).get("Index", 0)),
    )
