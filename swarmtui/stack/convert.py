"""Turn a loaded compose config into what the Engine API takes for stack STACK, field by
field as `docker stack deploy` does (cli/compose/convert/service.go).

Lists are sorted the way the CLI sorts them (environment, ports, networks, secrets, configs,
ulimits, capabilities) so that converting the same file twice gives equal specs and a redeploy
changes nothing. Secret and config references carry names only; their IDs are looked up by
deploy.py once the objects exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..docker.protocol import Json
from . import objects, spec_parts
from .envfile import ENV_FILES
from .errors import ComposeError
from .loader import ComposeConfig
from .objects import IMAGE_LABEL, ConvertError, scoped, with_namespace
from .spec_parts import optional_duration, set_omitempty


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
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The local files an object comes from, by "kind name": a secret's or config's file:,
    a service's env_file entries."""


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
    result.sources = sources(config, stack)
    for name in sorted(config.services):
        try:
            result.services[scoped(stack, name)] = service_spec(stack, name, config)
        except (ConvertError, ValueError) as error:
            text = str(error)
            errors.append(f"{text if text.startswith('service ') else f'service {name}: {text}'}.")
    if errors:
        raise ComposeError(errors, config.warnings)
    return result


def sources(config: ComposeConfig, stack: str) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for kind in ("secret", "config"):
        for key, entry in getattr(config, f"{kind}s").items():
            if entry.get("file") and not entry.get("external"):
                found[f"{kind} {entry.get('name') or scoped(stack, key)}"] = (str(entry["file"]),)
    for key, service in config.services.items():
        env_files = service.get(ENV_FILES) or []
        if env_files:
            found[f"service {scoped(stack, key)}"] = tuple(map(str, env_files))
    return found


def service_spec(stack: str, name: str, config: ComposeConfig) -> Json:
    service = config.services[name]
    deploy = service.get("deploy") or {}
    image = service.get("image", "")
    container: Json = {"Image": image, "Labels": with_namespace(stack, service.get("labels"))}
    set_omitempty(container, "Command", service.get("entrypoint"))
    set_omitempty(container, "Args", service.get("command"))
    for key, field_name in (
        ("hostname", "Hostname"),
        ("working_dir", "Dir"),
        ("user", "User"),
        ("stop_signal", "StopSignal"),
        ("isolation", "Isolation"),
    ):
        set_omitempty(container, field_name, service.get(key))
    for key, field_name in (
        ("tty", "TTY"),
        ("stdin_open", "OpenStdin"),
        ("read_only", "ReadOnly"),
        ("oom_score_adj", "OomScoreAdj"),
    ):
        set_omitempty(container, field_name, service.get(key))
    if service.get("init") is not None:
        container["Init"] = service["init"]
    environment = service.get("environment") or {}
    set_omitempty(
        container,
        "Env",
        sorted(key if value is None else f"{key}={value}" for key, value in environment.items()),
    )
    set_omitempty(
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
    set_omitempty(
        container,
        "Mounts",
        objects.mounts(stack, name, service.get("volumes") or [], config.volumes),
    )
    if service.get("stop_grace_period") is not None:
        container["StopGracePeriod"] = optional_duration(service["stop_grace_period"])
    set_omitempty(container, "Healthcheck", spec_parts.healthcheck(service.get("healthcheck")))
    set_omitempty(
        container,
        "Secrets",
        objects.file_references(
            stack, name, service.get("secrets") or [], config.secrets, "secret"
        ),
    )
    set_omitempty(
        container,
        "Configs",
        objects.file_references(
            stack, name, service.get("configs") or [], config.configs, "config"
        ),
    )
    container["Privileges"] = {}
    set_omitempty(container, "Sysctls", service.get("sysctls"))
    cap_add, cap_drop = spec_parts.capabilities(service.get("cap_add"), service.get("cap_drop"))
    set_omitempty(container, "CapabilityAdd", cap_add)
    set_omitempty(container, "CapabilityDrop", cap_drop)
    set_omitempty(container, "Ulimits", spec_parts.ulimits(service.get("ulimits") or {}))

    template: Json = {
        "ContainerSpec": container,
        "Resources": spec_parts.resources(deploy.get("resources") or {}),
    }
    set_omitempty(
        template,
        "RestartPolicy",
        spec_parts.restart_policy(deploy.get("restart_policy"), service.get("restart")),
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
        "Mode": spec_parts.service_mode(deploy.get("mode") or "replicated", deploy.get("replicas")),
    }
    set_omitempty(spec, "UpdateConfig", spec_parts.update_config(deploy.get("update_config")))
    set_omitempty(spec, "RollbackConfig", spec_parts.update_config(deploy.get("rollback_config")))
    endpoint: Json = {}
    set_omitempty(endpoint, "Mode", (deploy.get("endpoint_mode") or "").lower())
    set_omitempty(endpoint, "Ports", spec_parts.endpoint_ports(service.get("ports") or []))
    spec["EndpointSpec"] = endpoint
    return spec
