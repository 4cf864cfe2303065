"""The pieces of a ServiceSpec that one compose key or section stands for, converted as
`docker stack deploy` converts them (cli/compose/convert/service.go).

convert.py assembles a whole spec from these; each returns JSON the Engine API takes.
"""

from __future__ import annotations

from typing import Any

from ..docker.protocol import Json
from . import units
from .objects import ConvertError


def set_omitempty(target: Json, key: str, value: Any) -> None:
    """Go's `omitempty`: zero values are left out of the JSON the CLI sends."""
    if value not in (None, "", 0, False, [], {}):
        target[key] = value


def optional_duration(value: Any) -> int | None:
    return None if value is None else units.nanoseconds(str(value))


def service_mode(mode: str, replicas: int | None) -> Json:
    if mode in ("global", "global-job"):
        if replicas is not None:
            raise ConvertError(f"deploy.replicas cannot be used with mode {mode}")
        return {"Global": {}} if mode == "global" else {"GlobalJob": {}}
    if mode == "replicated-job":
        return {
            "ReplicatedJob": {
                k: v
                for k, v in (("MaxConcurrent", replicas), ("TotalCompletions", replicas))
                if v is not None
            }
        }
    if mode != "replicated":
        raise ConvertError(
            f"deploy.mode {mode!r} is not replicated, global, replicated-job or global-job"
        )
    return {"Replicated": {} if replicas is None else {"Replicas": replicas}}


def resources(resources: Json) -> Json:
    result: Json = {}
    limits = resources.get("limits")
    if limits is not None:
        result["Limits"] = {
            k: v
            for k, v in (
                ("NanoCPUs", units.nano_cpus(limits["cpus"]) if limits.get("cpus") else 0),
                ("MemoryBytes", units.ram_bytes(limits["memory"]) if limits.get("memory") else 0),
                ("Pids", limits.get("pids")),
            )
            if v
        }
    reservations = resources.get("reservations")
    if reservations is not None:
        generic = [
            {
                "DiscreteResourceSpec": {
                    "Kind": item["discrete_resource_spec"].get("kind"),
                    "Value": item["discrete_resource_spec"].get("value"),
                }
            }
            for item in reservations.get("generic_resources") or []
            if item.get("discrete_resource_spec")
        ]
        result["Reservations"] = {
            k: v
            for k, v in (
                (
                    "NanoCPUs",
                    units.nano_cpus(reservations["cpus"]) if reservations.get("cpus") else 0,
                ),
                (
                    "MemoryBytes",
                    units.ram_bytes(reservations["memory"]) if reservations.get("memory") else 0,
                ),
                ("GenericResources", generic),
            )
            if v
        }
    return result


def restart_policy(policy: Json | None, restart: str | None) -> Json | None:
    if policy is None:
        return _legacy_restart(restart or "")
    result: Json = {}
    set_omitempty(result, "Condition", policy.get("condition"))
    for key, field_name in (("delay", "Delay"), ("window", "Window")):
        if policy.get(key) is not None:
            result[field_name] = optional_duration(policy[key])
    if policy.get("max_attempts") is not None:
        result["MaxAttempts"] = policy["max_attempts"]
    return result


def _legacy_restart(restart: str) -> Json | None:
    """`restart:` is warned about as ignored, yet docker still uses it when there is no
    deploy.restart_policy; so does this, for parity."""
    name, _, count = restart.partition(":")
    if name in ("", "no"):
        return None
    if name not in ("always", "unless-stopped", "on-failure"):
        raise ConvertError(f"restart {restart!r} is not no, always, on-failure or unless-stopped")
    if count and not count.isdigit():
        raise ConvertError(f"restart {restart!r}: the retry count is not a number")
    result: Json = {"Condition": "on-failure" if name == "on-failure" else "any"}
    if count and int(count) > 0:
        result["MaxAttempts"] = int(count)
    return result


def update_config(config: Json | None) -> Json | None:
    if config is None:
        return None
    result: Json = {"Parallelism": config.get("parallelism", 1)}
    set_omitempty(result, "Delay", optional_duration(config.get("delay")))
    set_omitempty(result, "FailureAction", config.get("failure_action"))
    set_omitempty(result, "Monitor", optional_duration(config.get("monitor")))
    set_omitempty(result, "MaxFailureRatio", config.get("max_failure_ratio"))
    set_omitempty(result, "Order", config.get("order"))
    return result


def healthcheck(check: Json | None) -> Json | None:
    if check is None:
        return None
    if check.get("disable"):
        if check.get("test"):
            raise ConvertError("healthcheck: test and disable cannot be set together")
        return {"Test": ["NONE"]}
    result: Json = {}
    set_omitempty(result, "Test", check.get("test"))
    for key, field_name in (
        ("interval", "Interval"),
        ("timeout", "Timeout"),
        ("start_period", "StartPeriod"),
        ("start_interval", "StartInterval"),
    ):
        set_omitempty(result, field_name, optional_duration(check.get(key)))
    set_omitempty(result, "Retries", int(check["retries"]) if check.get("retries") else None)
    return result


def endpoint_ports(ports: list[Json]) -> list[Json]:
    result = []
    for port in ports:
        entry: Json = {}
        for key, field_name in (
            ("protocol", "Protocol"),
            ("target", "TargetPort"),
            ("published", "PublishedPort"),
            ("mode", "PublishMode"),
        ):
            set_omitempty(entry, field_name, port.get(key))
        result.append(entry)
    return sorted(
        result,
        key=lambda p: (
            p.get("PublishedPort", 0),
            p.get("TargetPort", 0),
            p.get("Protocol", ""),
            p.get("PublishMode", ""),
        ),
    )


def _capability(name: str) -> str:
    name = name.strip().upper()
    return name if name in ("ALL", "RESET") or name.startswith("CAP_") else f"CAP_{name}"


def capabilities(add: list[str] | None, drop: list[str] | None) -> tuple[list[str], list[str]]:
    """opts.EffectiveCapAddCapDrop: normalised, ALL absorbs the rest, add beats drop."""
    added = {_capability(name) for name in add or []}
    dropped = {_capability(name) for name in drop or []}
    added = {"ALL"} if "ALL" in added else added
    dropped = {"ALL"} if "ALL" in dropped else dropped
    return (
        sorted(added - {"RESET"}),
        sorted(name for name in dropped if name not in added and name != "RESET"),
    )


def ulimits(ulimits: Json) -> list[Json]:
    result = []
    for name in sorted(ulimits):
        value = ulimits[name]
        soft, hard = (value, value) if isinstance(value, int) else (value["soft"], value["hard"])
        result.append({"Name": name, "Soft": soft, "Hard": hard})
    return result
