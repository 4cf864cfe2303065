"""Spec differences as a compose file spells them: `deploy.resources.limits.memory: 32M →
64M`, not `TaskTemplate.Resources.Limits.MemoryBytes: 33554432 → 67108864`.

The common ServiceSpec paths map back to their compose keys, with sizes, CPUs and durations in
compose's own units; a path with no compose key keeps its API path. Nothing secret is shown:
environment values are never printed (only whether a variable was added, changed or removed),
nor a secret's or config's data (only that its content changed, and its size), nor the value of
a label or option whose name looks secret; other values are masked by the structure rule of
docker/secrets.py, the one inspect uses (a command's `--db-password=…`, a healthcheck's `-p…`,
a URL's password).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from ..docker.secrets import MASK, looks_secret, mask_structure
from .objects import IMAGE_LABEL

Shown = tuple[str, str]  # (compose key, "old → new" or what happened to it)
_LONGEST_VALUE = 60
_ESCAPED_MASK = json.dumps(MASK)[1:-1]
_CONTAINER = "TaskTemplate.ContainerSpec."
_EXACT = {
    _CONTAINER + "Image": "image",
    _CONTAINER + "Command": "entrypoint",
    _CONTAINER + "Args": "command",
    _CONTAINER + "Hostname": "hostname",
    _CONTAINER + "Dir": "working_dir",
    _CONTAINER + "User": "user",
    _CONTAINER + "StopGracePeriod": "stop_grace_period",
    _CONTAINER + "StopSignal": "stop_signal",
    _CONTAINER + "Secrets": "secrets",
    _CONTAINER + "Configs": "configs",
    _CONTAINER + "Mounts": "volumes",
    _CONTAINER + "Hosts": "extra_hosts",
    _CONTAINER + "DNSConfig.Nameservers": "dns",
    _CONTAINER + "DNSConfig.Search": "dns_search",
    _CONTAINER + "CapabilityAdd": "cap_add",
    _CONTAINER + "CapabilityDrop": "cap_drop",
    _CONTAINER + "Ulimits": "ulimits",
    _CONTAINER + "Init": "init",
    _CONTAINER + "TTY": "tty",
    _CONTAINER + "OpenStdin": "stdin_open",
    _CONTAINER + "ReadOnly": "read_only",
    _CONTAINER + "Isolation": "isolation",
    _CONTAINER + "OomScoreAdj": "oom_score_adj",
    "TaskTemplate.Networks": "networks",
    "TaskTemplate.Placement.Constraints": "deploy.placement.constraints",
    "TaskTemplate.Placement.Preferences": "deploy.placement.preferences",
    "TaskTemplate.Placement.MaxReplicas": "deploy.placement.max_replicas_per_node",
    "TaskTemplate.LogDriver.Name": "logging.driver",
    "Mode.Replicated.Replicas": "deploy.replicas",
    "EndpointSpec.Ports": "ports",
    "EndpointSpec.Mode": "deploy.endpoint_mode",
    f"Labels.{IMAGE_LABEL}": "image (as written)",
    # secrets and configs
    "Templating.Name": "template_driver",
    "Driver.Name": "driver",
}
_PREFIXES = (
    (_CONTAINER + "Labels.", "labels."),
    (_CONTAINER + "Sysctls.", "sysctls."),
    (_CONTAINER + "Healthcheck.", "healthcheck."),
    ("TaskTemplate.Resources.Limits.", "deploy.resources.limits."),
    ("TaskTemplate.Resources.Reservations.", "deploy.resources.reservations."),
    ("TaskTemplate.RestartPolicy.", "deploy.restart_policy."),
    ("TaskTemplate.LogDriver.Options.", "logging.options."),
    ("UpdateConfig.", "deploy.update_config."),
    ("RollbackConfig.", "deploy.rollback_config."),
    ("Driver.Options.", "driver_opts."),
    ("Labels.", "labels."),  # a secret's or config's; a service's are deploy.labels
    ("Mode.", "deploy.mode."),
)
_FIELDS = {"MemoryBytes": "memory", "NanoCPUs": "cpus", "Test": "test"}
_KEEP_CASE = ("labels.", "sysctls.", "logging.options.", "driver_opts.")
_DURATIONS = frozenset(
    ("delay", "window", "monitor", "interval", "timeout", "start_period", "start_interval")
) | {"stop_grace_period"}
_NANOS = (("h", 3_600 * 10**9), ("m", 60 * 10**9), ("s", 10**9), ("ms", 10**6), ("us", 10**3))


def compose_key(path: str, kind: str = "service") -> str:
    """The compose key of a spec path; the API path itself when there is none."""
    if kind == "service" and path.startswith("Labels.") and path in _EXACT:
        return _EXACT[path]
    if kind == "service" and path.startswith("Labels."):
        return "deploy.labels." + path.removeprefix("Labels.")
    if path in _EXACT:
        return _EXACT[path]
    for prefix, key in _PREFIXES:
        if path.startswith(prefix):
            rest = path.removeprefix(prefix)
            if key.startswith(_KEEP_CASE):
                return key + rest
            return key + ".".join(_FIELDS.get(part) or _snake(part) for part in rest.split("."))
    return path


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def duration(nanoseconds: int) -> str:
    """10_000_000_000 → 10s, 90 s → 1m30s, as compose files write them."""
    if nanoseconds == 0:
        return "0s"
    text, rest = "", nanoseconds
    for unit, size in _NANOS:
        if rest >= size:
            text, rest = text + f"{rest // size}{unit}", rest % size
    return text + (f"{rest}ns" if rest else "")


def size(num_bytes: int) -> str:
    """52428800 → 50M: the largest binary unit that divides it, as compose files write it."""
    for unit, shift in (("G", 30), ("M", 20), ("k", 10)):
        if num_bytes and num_bytes % (1 << shift) == 0:
            return f"{num_bytes >> shift}{unit}"
    return f"{num_bytes}B" if num_bytes else "0"


def cpus(nano: int) -> str:
    return f"{nano / 10**9:.9f}".rstrip("0").rstrip(".")


def _short(value: Any, key: str = "") -> str:
    # Masked before it is text, so arguments are read as an argv (`--password` then its value)
    # and the cut at the end never leaves part of a secret.
    value = mask_structure(value, key.rsplit(".", 1)[-1])
    if not isinstance(value, str):  # ASCII, so no control or bidi character reaches a terminal
        value = json.dumps(value, sort_keys=True).replace(_ESCAPED_MASK, MASK)
    return value if len(value) <= _LONGEST_VALUE else value[: _LONGEST_VALUE - 1] + "…"


def value_text(key: str, value: Any) -> str:
    """One value, in the units its compose key takes."""
    if value is None:
        return "(none)"
    leaf = key.rsplit(".", 1)[-1]
    if isinstance(value, int) and not isinstance(value, bool):
        if leaf in ("memory", "memory_bytes"):
            return size(value)
        if leaf == "cpus":
            return cpus(value)
        if leaf in _DURATIONS:
            return duration(value)
    if key == "ports" and isinstance(value, list):
        return _short([_port(port) for port in value])
    if key == "networks" and isinstance(value, list):
        return _short([item.get("Target", "") for item in value if isinstance(item, dict)])
    if key in ("secrets", "configs") and isinstance(value, list):
        name = "SecretName" if key == "secrets" else "ConfigName"
        return _short([item.get(name, "") for item in value if isinstance(item, dict)])
    return _short(value, key)


def _port(port: Any) -> str:
    if not isinstance(port, dict):
        return str(port)
    text = f"{port.get('PublishedPort', '')}:{port.get('TargetPort', '')}"
    text += f"/{port.get('Protocol') or 'tcp'}"
    return text + (" (host)" if port.get("PublishMode") == "host" else "")


def _environment(old: Any, new: Any) -> list[Shown]:
    def by_name(entries: Any) -> dict[str, str | None]:
        result: dict[str, str | None] = {}
        for entry in entries or []:
            name, has_value, value = str(entry).partition("=")
            result[name] = value if has_value else None
        return result

    before, after = by_name(old), by_name(new)
    shown = []
    for name in sorted(set(before) | set(after)):
        if name not in before:
            shown.append((f"environment.{name}", "added"))
        elif name not in after:
            shown.append((f"environment.{name}", "removed"))
        elif before[name] != after[name]:
            shown.append((f"environment.{name}", "changed"))
    return shown


def _content(old: Any, new: Any) -> str:
    def length(data: Any) -> str:
        try:
            return f"{len(base64.b64decode(str(data or ''), validate=True))} bytes"
        except (binascii.Error, ValueError):
            return "unknown size"

    return f"content changed ({length(old)} → {length(new)})"


def shown_differences(kind: str, found: tuple[tuple[str, Any, Any], ...]) -> list[Shown]:
    """The differences of one change, as compose keys and safe values."""
    paths = {path for path, _, _ in found}
    shown: list[Shown] = []
    for path, old, new in found:
        if path == _CONTAINER + "Env":
            shown += _environment(old, new)
            continue
        if path == "Data":
            shown.append(("content", _content(old, new)))
            continue
        if path == f"Labels.{IMAGE_LABEL}" and _CONTAINER + "Image" in paths:
            continue  # the label follows the image
        key = compose_key(path, kind)
        if key not in ("secrets", "configs") and looks_secret(key.rsplit(".", 1)[-1]):
            shown.append((key, "changed"))
        else:
            shown.append((key, f"{value_text(key, old)} → {value_text(key, new)}"))
    return shown
