"""The stack's networks, secrets, configs and mounts as the Engine API takes them, following
docker's cli/compose/convert (compose.go, volume.go): every object is named `<stack>_<key>`
unless it sets `name:`, and carries the label com.docker.stack.namespace=<stack>.
"""

from __future__ import annotations

import base64
from pathlib import Path

from ..docker.protocol import Json
from .limits import MAX_SOURCE_FILE_BYTES, size_text

NAMESPACE_LABEL = "com.docker.stack.namespace"
IMAGE_LABEL = "com.docker.stack.image"
DEFAULT_NETWORK = "default"
DEFAULT_DRIVER = "overlay"
_BUILT_IN_NETWORKS = ("default", "bridge", "host", "none")


class ConvertError(ValueError):
    """The files are valid, but refer to something they do not define."""


def scoped(stack: str, name: str) -> str:
    return f"{stack}_{name}"


def with_namespace(stack: str, labels: dict[str, str] | None) -> dict[str, str]:
    return {**(labels or {}), NAMESPACE_LABEL: stack}


def networks_used(services: dict[str, Json]) -> set[str]:
    used: set[str] = set()
    for service in services.values():
        used |= set(service.get("networks") or {}) or {DEFAULT_NETWORK}
    return used


def networks(
    stack: str, declared: dict[str, Json], used: set[str]
) -> tuple[dict[str, Json], list[str]]:
    """Create bodies for the networks the services use, by name; and the external names."""
    created: dict[str, Json] = {}
    external: list[str] = []
    for key in sorted(used):
        network = declared.get(key) or {}
        if network.get("external"):
            external.append(network.get("name") or key)
            continue
        body: Json = {
            "Labels": with_namespace(stack, network.get("labels")),
            "Driver": network.get("driver") or DEFAULT_DRIVER,
        }
        if network.get("driver_opts"):
            body["Options"] = {k: str(v) for k, v in network["driver_opts"].items()}
        for flag, field in (("internal", "Internal"), ("attachable", "Attachable")):
            if network.get(flag):
                body[field] = True
        ipam = network.get("ipam") or {}
        if ipam.get("driver") or ipam.get("config"):
            body["IPAM"] = {
                "Driver": ipam.get("driver", ""),
                "Config": [
                    {"Subnet": entry.get("subnet", "")} for entry in ipam.get("config") or []
                ],
            }
        name = network.get("name") or scoped(stack, key)
        created[name] = {"Name": name, **body}
    return created, external


def service_networks(
    stack: str, service: str, attached: dict[str, Json | None], declared: dict[str, Json]
) -> list[Json]:
    result = []
    for key, settings in (attached or {DEFAULT_NETWORK: None}).items():
        if key not in declared and key != DEFAULT_NETWORK:
            raise ConvertError(
                f"service {service}: undefined network {key!r}: the top-level "
                "networks section does not declare it"
            )
        network = declared.get(key) or {}
        target = network.get("name") or scoped(stack, key)
        attachment: Json = {"Target": target}
        network_settings: Json = settings or {}  # a network listed with no settings
        aliases = list(network_settings.get("aliases") or [])
        if target not in _BUILT_IN_NETWORKS and not target.startswith("container:"):
            aliases.append(service)  # the short name resolves on user-defined networks
        if aliases:
            attachment["Aliases"] = aliases
        if network_settings.get("driver_opts"):
            attachment["DriverOpts"] = {
                k: str(v) for k, v in network_settings["driver_opts"].items()
            }
        result.append(attachment)
    return sorted(result, key=lambda attachment: attachment["Target"])


def file_objects(stack: str, declared: dict[str, Json], kind: str) -> list[Json]:
    """Secret or config specs for the non-external entries, with the file's content."""
    specs = []
    for key, entry in declared.items():
        if entry.get("external"):
            continue
        spec: Json = {
            "Name": entry.get("name") or scoped(stack, key),
            "Labels": with_namespace(stack, entry.get("labels")),
        }
        if kind == "secret" and entry.get("driver"):
            spec["Driver"] = {
                "Name": entry["driver"],
                "Options": {k: str(v) for k, v in (entry.get("driver_opts") or {}).items()},
            }
        else:
            if not entry.get("file"):
                raise ConvertError(
                    f"{kind} {key}: only file: {kind}s can be created by a "
                    "stack; give file: or mark it external"
                )
            try:
                with Path(entry["file"]).open("rb") as source:
                    # The loader checked its size; a file that grew since is still bounded.
                    data = source.read(MAX_SOURCE_FILE_BYTES + 1)
            except OSError as error:
                raise ConvertError(
                    f"{kind} {key}: cannot read {entry['file']}: {error.strerror or error}"
                ) from error
            if len(data) > MAX_SOURCE_FILE_BYTES:
                raise ConvertError(
                    f"{kind} {key}: {entry['file']} is over "
                    f"{size_text(MAX_SOURCE_FILE_BYTES)} (the swarm's own limit)"
                )
            spec["Data"] = base64.b64encode(data).decode()
        if entry.get("template_driver"):
            spec["Templating"] = {"Name": entry["template_driver"]}
        specs.append(spec)
    return sorted(specs, key=lambda spec: spec["Name"])


def file_references(
    stack: str, service: str, references: list[Json], declared: dict[str, Json], kind: str
) -> list[Json]:
    """SecretReference / ConfigReference entries, by name; deploy fills in the IDs."""
    result = []
    for reference in references:
        source = reference.get("source", "")
        if source not in declared:
            raise ConvertError(
                f"service {service}: undefined {kind} {source!r}: the top-level "
                f"{kind}s section does not declare it"
            )
        name = declared[source].get("name") or scoped(stack, source)
        mode = reference.get("mode")
        result.append(
            {
                "File": {
                    "Name": reference.get("target") or source,
                    "UID": reference.get("uid") or "0",
                    "GID": reference.get("gid") or "0",
                    "Mode": int(mode) if mode is not None else 0o444,
                },
                f"{kind.capitalize()}ID": "",
                f"{kind.capitalize()}Name": name,
            }
        )
    return sorted(result, key=lambda ref: ref[f"{kind.capitalize()}Name"])


def mounts(stack: str, service: str, volumes: list[Json], declared: dict[str, Json]) -> list[Json]:
    result = []
    for volume in volumes:
        kind = volume.get("type") or "volume"
        mount: Json = {"Type": kind, "Target": volume.get("target", "")}
        if volume.get("source"):
            mount["Source"] = volume["source"]
        if volume.get("read_only"):
            mount["ReadOnly"] = True
        if volume.get("consistency"):
            mount["Consistency"] = volume["consistency"]
        if kind == "volume" and volume.get("source"):
            source = volume["source"]
            if source not in declared:
                raise ConvertError(
                    f"service {service}: undefined volume {source!r}: the "
                    "top-level volumes section does not declare it"
                )
            settings = declared[source] or {}
            mount["Source"] = settings.get("name") or scoped(stack, source)
            options: Json = {}
            if (volume.get("volume") or {}).get("nocopy"):
                options["NoCopy"] = True
            if not settings.get("external"):
                options["Labels"] = with_namespace(stack, settings.get("labels"))
                if settings.get("driver") or settings.get("driver_opts") is not None:
                    options["DriverConfig"] = {
                        k: v
                        for k, v in (
                            ("Name", settings.get("driver")),
                            (
                                "Options",
                                {k: str(v) for k, v in (settings.get("driver_opts") or {}).items()},
                            ),
                        )
                        if v
                    }
            mount["VolumeOptions"] = options
        elif kind in ("bind", "npipe") and (volume.get("bind") or {}).get("propagation"):
            mount["BindOptions"] = {"Propagation": volume["bind"]["propagation"]}
        elif kind == "tmpfs" and (volume.get("tmpfs") or {}).get("size"):
            mount["TmpfsOptions"] = {"SizeBytes": volume["tmpfs"]["size"]}
        result.append(mount)
    return result
