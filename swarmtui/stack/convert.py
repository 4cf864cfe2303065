"""Turn a loaded compose config into what the Engine API takes for stack STACK, field by
field as `docker stack deploy` does (cli/compose/convert/service.go).

Lists are sorted the way the CLI sorts them (environment, ports, networks, secrets, configs,
ulimits, capabilities) so that converting the same file twice gives equal specs and a redeploy
changes nothing. Secret and config references carry names only; their IDs are looked up by
deploy.py once the objects exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..docker.protocol import Json
from . import objects, units
from .errors import ComposeError
from .loader import ComposeConfig
from .objects import IMAGE_LABEL, ConvertError, scoped, with_namespace


@dataclass
class StackSpec:
    """Everything one deploy sends, named as it will be on the cluster."""

    name: str
    networks: dict[str, Json] = field(default_factory=dict)  # full name → create body
    external_networks: list[str] = field(default_factory=list)
    secrets: list[Json] = field(default_factory=list)  # SecretSpec
    configs: list[Json] = field(default_factory=list)  # ConfigSpec
    services: dict[str, Json] = field(default_factory=dict)  # full name → ServiceSpec
    warnings: list[str] = field(default_factory=list)


def convert(config: ComposeConfig, stack: str) -> StackSpec:
    """Raises ComposeError listing every service that refers to something undefined."""
    errors: list[str] = []
    result = StackSpec(name=stack, warnings=list(config.warnings))
    result.networks, result.external_networks = objects.networks(
        stack, config.networks, objects.networks_used(config.services)
    )
    for kind, target in (("secret", result.secrets), ("config", result.configs)):
        try:
            target.extend(objects.file_objects(stack, getattr(config, f"{kind}s"), kind))
        except ConvertError as error:
            errors.append(f"{error}.")
    for name in sorted(config.services):
        try:
            result.services[scoped(stack, name)] = service_spec(stack, name, config)
        except (ConvertError, ValueError) as error:
            text = str(error)
            errors.append(f"{text if text.startswith('service ') else f'service {name}: {text}'}.")
    if errors:
        raise ComposeError(errors, config.warnings)
    return result


def _set(target: Json, key: str, value: Any) -> None:
    """Go's `omitempty`: zero values are left out of the JSON the CLI sends."""
    if value not in (None, "", 0, False, [], {}):
        target[key] = value


def _duration(value: Any) -> int | None:
    return None if value is None else units.nanoseconds(str(value))


def service_spec(stack: str, name: str, config: ComposeConfig) -> Json:
    service = config.services[name]
    deploy = service.get("deploy") or {}
    image = service.get("image", "")
    container: Json = {"Image": image, "Labels": with_namespace(stack, service.get("labels"))}
    _set(container, "Command", service.get("entrypoint"))
    _set(container, "Args", service.get("command"))
    for key, field_name in (
        ("hostname", "Hostname"),
        ("working_dir", "Dir"),
        ("user", "User"),
        ("stop_signal", "StopSignal"),
        ("isolation", "Isolation"),
    ):
        _set(container, field_name, service.get(key))
    for key, field_name in (
        ("tty", "TTY"),
        ("stdin_open", "OpenStdin"),
        ("read_only", "ReadOnly"),
        ("oom_score_adj", "OomScoreAdj"),
    ):
        _set(container, field_name, service.get(key))
    if service.get("init") is not None:
        container["Init"] = service["init"]
    environment = service.get("environment") or {}
    _set(
        container,
        "Env",
        sorted(key if value is None else f"{key}={value}" for key, value in environment.items()),
    )
    _set(
        container,
        "Hosts",
        [
            f"{entry.partition(':')[2]} {entry.partition(':')[0]}"
            for entry in service.get("extra_hosts") or []
            if ":" in entry
        ],
    )
    if service.get("dns") or service.get("dns_search"):
        container["DNSConfig"] = {
            k: v
            for k, v in (("Nameservers", service.get("dns")), ("Search", service.get("dns_search")))
            if v
        }
    _set(
        container,
        "Mounts",
        objects.mounts(stack, name, service.get("volumes") or [], config.volumes),
    )
    if service.get("stop_grace_period") is not None:
        container["StopGracePeriod"] = _duration(service["stop_grace_period"])
    _set(container, "Healthcheck", _healthcheck(service.get("healthcheck")))
    _set(
        container,
        "Secrets",
        objects.file_references(
            stack, name, service.get("secrets") or [], config.secrets, "secret"
        ),
    )
    _set(
        container,
        "Configs",
        objects.file_references(
            stack, name, service.get("configs") or [], config.configs, "config"
        ),
    )
    container["Privileges"] = {}
    _set(container, "Sysctls", service.get("sysctls"))
    cap_add, cap_drop = _capabilities(service.get("cap_add"), service.get("cap_drop"))
    _set(container, "CapabilityAdd", cap_add)
    _set(container, "CapabilityDrop", cap_drop)
    _set(container, "Ulimits", _ulimits(service.get("ulimits") or {}))

    template: Json = {
        "ContainerSpec": container,
        "Resources": _resources(deploy.get("resources") or {}),
    }
    _set(
        template,
        "RestartPolicy",
        _restart_policy(deploy.get("restart_policy"), service.get("restart")),
    )
    placement = deploy.get("placement") or {}
    template["Placement"] = {
        k: v
        for k, v in (
            ("Constraints", placement.get("constraints")),
            (
                "Preferences",
                [
                    {"Spread": {"SpreadDescriptor": item.get("spread", "")}}
                    for item in placement.get("preferences") or []
                ],
            ),
            ("MaxReplicas", placement.get("max_replicas_per_node")),
        )
        if v
    }
    template["Networks"] = objects.service_networks(
        stack, name, service.get("networks") or {}, config.networks
    )
    logging = service.get("logging")
    if logging is not None:
        template["LogDriver"] = {
            k: v
            for k, v in (
                ("Name", logging.get("driver")),
                ("Options", {k: str(v) for k, v in (logging.get("options") or {}).items()}),
            )
            if v
        }

    spec: Json = {
        "Name": scoped(stack, name),
        "Labels": {**with_namespace(stack, deploy.get("labels")), IMAGE_LABEL: image},
        "TaskTemplate": template,
        "Mode": _mode(deploy.get("mode") or "replicated", deploy.get("replicas")),
    }
    _set(spec, "UpdateConfig", _update_config(deploy.get("update_config")))
    _set(spec, "RollbackConfig", _update_config(deploy.get("rollback_config")))
    endpoint: Json = {}
    _set(endpoint, "Mode", (deploy.get("endpoint_mode") or "").lower())
    _set(endpoint, "Ports", _ports(service.get("ports") or []))
    spec["EndpointSpec"] = endpoint
    return spec


def _mode(mode: str, replicas: int | None) -> Json:
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


def _resources(resources: Json) -> Json:
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


def _restart_policy(policy: Json | None, restart: str | None) -> Json | None:
    if policy is None:
        return _legacy_restart(restart or "")
    result: Json = {}
    _set(result, "Condition", policy.get("condition"))
    for key, field_name in (("delay", "Delay"), ("window", "Window")):
        if policy.get(key) is not None:
            result[field_name] = _duration(policy[key])
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


def _update_config(config: Json | None) -> Json | None:
    if config is None:
        return None
    result: Json = {"Parallelism": config.get("parallelism", 1)}
    _set(result, "Delay", _duration(config.get("delay")))
    _set(result, "FailureAction", config.get("failure_action"))
    _set(result, "Monitor", _duration(config.get("monitor")))
    _set(result, "MaxFailureRatio", config.get("max_failure_ratio"))
    _set(result, "Order", config.get("order"))
    return result


def _healthcheck(check: Json | None) -> Json | None:
    if check is None:
        return None
    if check.get("disable"):
        if check.get("test"):
            raise ConvertError("healthcheck: test and disable cannot be set together")
        return {"Test": ["NONE"]}
    result: Json = {}
    _set(result, "Test", check.get("test"))
    for key, field_name in (
        ("interval", "Interval"),
        ("timeout", "Timeout"),
        ("start_period", "StartPeriod"),
        ("start_interval", "StartInterval"),
    ):
        _set(result, field_name, _duration(check.get(key)))
    _set(result, "Retries", int(check["retries"]) if check.get("retries") else None)
    return result


def _ports(ports: list[Json]) -> list[Json]:
    result = []
    for port in ports:
        entry: Json = {}
        for key, field_name in (
            ("protocol", "Protocol"),
            ("target", "TargetPort"),
            ("published", "PublishedPort"),
            ("mode", "PublishMode"),
        ):
            _set(entry, field_name, port.get(key))
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


def _capabilities(add: list[str] | None, drop: list[str] | None) -> tuple[list[str], list[str]]:
    """opts.EffectiveCapAddCapDrop: normalised, ALL absorbs the rest, add beats drop."""
    added = {_capability(name) for name in add or []}
    dropped = {_capability(name) for name in drop or []}
    added = {"ALL"} if "ALL" in added else added
    dropped = {"ALL"} if "ALL" in dropped else dropped
    return (
        sorted(added - {"RESET"}),
        sorted(name for name in dropped if name not in added and name != "RESET"),
    )


def _ulimits(ulimits: Json) -> list[Json]:
    result = []
    for name in sorted(ulimits):
        value = ulimits[name]
        soft, hard = (value, value) if isinstance(value, int) else (value["soft"], value["hard"])
        result.append({"Name": name, "Soft": soft, "Hard": hard})
    return result
