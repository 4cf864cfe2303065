"""Merge normalised compose files in order, with docker's rules (cli/compose/loader/merge.go).

A later file's service is merged into the earlier one: a value that is set wins, an empty one
does not erase (except the counts docker keeps as pointers, such as replicas: 0); mappings
(environment, labels, networks) merge by key; ports, volumes, secrets and configs merge by
their published port, target or source; command and entrypoint are replaced whole; any other
list is appended to. Top-level networks, volumes, secrets and configs are replaced by name.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

from ..docker.protocol import Json

# Go *uint64 fields: a later 0 still overrides.
_POINTER_COUNTS = ("replicas", "max_attempts", "parallelism")
_KEYED_LISTS: dict[str, Callable[[Json], Any]] = {
    "ports": lambda port: port.get("published", 0),
    "volumes": lambda volume: volume.get("target", ""),
    "secrets": lambda reference: reference.get("source", ""),
    "configs": lambda reference: reference.get("source", ""),
}
_REPLACED = ("command", "entrypoint")


def _empty(value: Any) -> bool:
    return value is None or value is False or value in ("", 0, [], {})


def _merge_value(key: str, base: Any, override: Any) -> Any:
    if key in _POINTER_COUNTS and override is not None:
        return override
    if isinstance(base, dict) and isinstance(override, dict):
        if (
            key == "logging"
            and base.get("driver")
            and override.get("driver")
            and base["driver"] != override["driver"]
        ):
            return copy.deepcopy(override)
        merged = dict(base)
        for item_key, item in override.items():
            merged[item_key] = (
                _merge_value(item_key, base.get(item_key), item)
                if item_key in base
                else copy.deepcopy(item)
            )
        return merged
    if isinstance(base, list) and isinstance(override, list):
        if key in _REPLACED:
            return override if override else base
        if key in _KEYED_LISTS:
            by_key = {_KEYED_LISTS[key](item): item for item in base}
            by_key.update({_KEYED_LISTS[key](item): item for item in override})
            return [by_key[item_key] for item_key in sorted(by_key)]
        return base + override
    if _empty(override):
        return base
    return copy.deepcopy(override)


def _merge_service(base: Json, override: Json) -> Json:
    merged = dict(base)
    for key, value in override.items():
        if key == "networks" and isinstance(value, dict):
            # A network entry from the later file replaces the aliases of the earlier one.
            networks = dict(base.get("networks") or {})
            for network, settings in value.items():
                earlier = networks.get(network)
                networks[network] = (
                    {**(earlier or {}), **settings}
                    if earlier and settings
                    else (settings if settings is not None else earlier)
                )
            merged["networks"] = networks
        elif key in base:
            merged[key] = _merge_value(key, base[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def merge_files(files: Sequence[Json]) -> Json:
    """One config from several normalised files, later files winning."""
    result: Json = {"services": {}, "networks": {}, "volumes": {}, "secrets": {}, "configs": {}}
    for config in files:
        for name, service in config["services"].items():
            earlier = result["services"].get(name)
            result["services"][name] = _merge_service(earlier, service) if earlier else service
        for kind in ("networks", "volumes", "secrets", "configs"):
            result[kind].update(config.get(kind) or {})
    return result
