"""Bring one validated service to a single canonical form, whatever syntax the file used.

Short and long syntaxes become the same dicts here (ports, volumes, secrets, networks…), so
merging files and converting to a ServiceSpec each deal with one shape only. Follows docker's
loader transforms (cli/compose/loader): the short port syntax is ingress-published, a short
volume whose source starts with '.', '/' or '~' is a bind, a string command is split as a
shell would, a string healthcheck test runs in a shell.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Mapping
from typing import Any

from ..docker.protocol import Json

_PROPAGATIONS = ("private", "rprivate", "shared", "rshared", "slave", "rslave")


class Invalid(ValueError):
    """A value passed the schema but cannot be understood (a port like 80:80:80:80)."""


def go_string(value: Any) -> str:
    """A scalar as Go's fmt.Sprint writes it, since docker turns YAML numbers into strings
    that way (FOO: 1.0 in environment gives FOO=1, not FOO=1.0)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    return str(value)


def mapping(value: Any, separator: str = "=", allow_none: bool = False) -> dict[str, Any]:
    """list_or_dict: `{K: V}` or `["K=V"]`; a bare K is None (environment) or ""."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return {
            key: (go_string(item) if item is not None else (None if allow_none else ""))
            for key, item in value.items()
        }
    result: dict[str, Any] = {}
    for entry in value:
        key, has_value, item = str(entry).partition(separator)
        result[key] = item if has_value else (None if allow_none else "")
    return result


def string_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [go_string(item) for item in value]


def command(value: Any) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return shlex.split(value)
        except ValueError as error:
            raise Invalid(f"{value!r} cannot be split into words: {error}") from error
    return [str(item) for item in value]


def extra_hosts(value: Any) -> list[str]:
    """host:ip entries, whether written as a mapping, `host:ip` or `host=ip`."""
    if isinstance(value, dict):
        return sorted(f"{host}:{go_string(ip)}" for host, ip in value.items() if ip is not None)
    hosts = []
    for entry in value or []:
        text = str(entry)
        separator = "=" if "=" in text else ":"
        host, _, ip = text.partition(separator)
        if len(ip) > 2 and ip[0] == "[" and ip[-1] == "]":
            ip = ip[1:-1]
        hosts.append(f"{host}:{ip}")
    return hosts


def _port_range(text: str, what: str) -> tuple[int, int]:
    match = re.fullmatch(r"([0-9]+)(?:-([0-9]+))?", text)
    if not match:
        raise Invalid(f"the {what} port {text!r} is not a number or a range like 8000-8010")
    start = int(match.group(1))
    end = int(match.group(2) or start)
    if not (0 < start <= end <= 65535):
        raise Invalid(f"the {what} port {text!r} is not within 1-65535")
    return start, end


def short_ports(spec: str) -> list[Json]:
    """`[ip:][published:]target[/protocol]` with optional ranges, as ingress ports."""
    rest, _, protocol = spec.partition("/")
    protocol = (protocol or "tcp").lower()
    if rest.startswith("["):  # [::1]:8080:80
        rest = rest[rest.index("]") + 2 :] if "]:" in rest else rest
    parts = rest.split(":")
    if len(parts) > 3:
        raise Invalid(f"{spec!r} is not a port: write [ip:][published:]target[/protocol]")
    target_text = parts[-1]
    published_text = parts[-2] if len(parts) >= 2 else ""
    targets = _port_range(target_text, "target")
    published = _port_range(published_text, "published") if published_text else (0, 0)
    count = targets[1] - targets[0] + 1
    ports = []
    if count > 1:
        if published_text and published[1] - published[0] + 1 != count:
            raise Invalid(f"{spec!r}: the published and target ranges differ in length")
        for offset in range(count):
            ports.append(
                {
                    "protocol": protocol,
                    "target": targets[0] + offset,
                    "published": published[0] + offset if published_text else 0,
                    "mode": "ingress",
                }
            )
        return ports
    for port in range(published[0], published[1] + 1):
        ports.append(
            {"protocol": protocol, "target": targets[0], "published": port, "mode": "ingress"}
        )
    return ports


def ports(value: Any) -> list[Json]:
    result: list[Json] = []
    for entry in value or []:
        if isinstance(entry, dict):
            result.append(
                {
                    "protocol": entry.get("protocol", ""),
                    "target": entry.get("target", 0),
                    "published": entry.get("published", 0),
                    "mode": entry.get("mode", ""),
                }
            )
        else:
            result.extend(short_ports(go_string(entry)))
    return result


def short_volume(spec: str) -> Json:
    """`[source:]target[:options]` (volumespec.Parse)."""
    if not spec:
        raise Invalid("a volume entry is empty")
    volume: Json = {"type": "volume", "source": "", "target": spec}
    if len(spec) <= 2:
        return volume
    parts = spec.split(":")
    if re.fullmatch(r"[A-Za-z]", parts[0]) and len(parts) > 1:  # C:\data on Windows
        parts = [parts[0] + ":" + parts[1], *parts[2:]]
    if any(part == "" for part in parts):
        raise Invalid(f"{spec!r}: empty section between colons")
    if len(parts) > 3:
        raise Invalid(f"{spec!r}: too many colons")
    if len(parts) == 1:
        return volume
    volume["source"], volume["target"] = parts[0], parts[1]
    for option in parts[2].split(",") if len(parts) == 3 else []:
        if option in ("ro", "rw"):
            volume["read_only"] = option == "ro"
        elif option == "nocopy":
            volume["volume"] = {"nocopy": True}
        elif option in _PROPAGATIONS:
            volume["bind"] = {"propagation": option}
    if volume["source"][0] in "./~" or re.match(r"[A-Za-z]:|\\\\", volume["source"]):
        volume["type"] = "bind"
    return volume


def volumes(value: Any, working_dir: str, environ: Mapping[str, str]) -> list[Json]:
    result = []
    for entry in value or []:
        volume = short_volume(entry) if isinstance(entry, str) else dict(entry)
        if "type" not in volume:
            raise Invalid("a volume mapping needs a type (volume, bind or tmpfs)")
        if volume["type"] == "bind":
            source = volume.get("source") or ""
            if not source:
                raise Invalid("a bind mount needs a source")
            if source.startswith("~") and "HOME" in environ:
                source = source.replace("~", environ["HOME"], 1)
            # Go's filepath.Join cleans the joined path; an absolute one is kept as written.
            volume["source"] = (
                source
                if source.startswith("/")
                else os.path.normpath(os.path.join(working_dir, source))
            )
        result.append(volume)
    return result


def file_references(value: Any) -> list[Json]:
    return [{"source": entry} if isinstance(entry, str) else dict(entry) for entry in value or []]


def service_networks(value: Any) -> dict[str, Json | None]:
    if isinstance(value, list):
        return {name: None for name in value}
    return dict(value or {})
