"""Typed settings: defaults, then ~/.config/swarmtui/config.toml, then the command line.

A value of the wrong type in the file (`interval = "5"`) is a ValueError whose sentence names
the key, the file and the type expected, for the command line to print as it is.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..docker.node_access import NodeAccessSettings
from ..docker.rotation import DEFAULT_NAME, check_template
from ..docker.stall import DEFAULT_STALL_MARGIN_S
from ..docker.tls import TlsFlags
from .context_settings import ContextSettings, parse_contexts, parse_failover
from .locations import config_dir
from .node_settings import parse_nodes

MIN_INTERVAL_S = 0.5

SERVICE_SORTS = ("attention", "name", "replicas", "mode", "image", "update")
"""The services pane's orders, in the order the sort key cycles them (as k9s does)."""


@dataclass(frozen=True)
class Settings:
    host: str | None = None
    """Daemon URL (unix://, tcp://, ssh://); None follows DOCKER_HOST and contexts."""
    context: str | None = None
    """A docker context name."""
    tls: TlsFlags = field(default_factory=TlsFlags)
    """--tls, --tlsverify, --tlscacert, --tlscert, --tlskey; command line only."""
    interval: float = 2.0
    """Seconds between polls of services and nodes."""
    full_tasks_every: float = 60.0
    """Seconds between full reads of the task list when nothing prompts one sooner."""
    read_only: bool = False
    """Hide and refuse every action that changes the cluster."""
    theme: str = "textual-dark"
    keymap: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Command ids (e.g. "service.scale") to Textual key strings (e.g. "S", "ctrl+s"), from
    config.toml's [keymap] table."""
    services_sort: str = "attention"
    """The services pane's order, one of SERVICE_SORTS; the sort key writes it back."""
    stall_margin: float = DEFAULT_STALL_MARGIN_S
    """Seconds a rollout may stand still beyond its monitor and delay before it is stalled."""
    contexts: Mapping[str, ContextSettings] = field(default_factory=lambda: MappingProxyType({}))
    """config.toml's [contexts.NAME] tables: read_only, header_color, interval, managers."""
    failover: tuple[str, ...] = ()
    """config.toml's [failover] endpoints: managers to move to when the one in use is lost."""
    nodes: NodeAccessSettings = field(default_factory=NodeAccessSettings)
    """config.toml's [nodes]: how each node is reached over SSH; --no-node-access turns it
    off."""
    rotation_name: str = DEFAULT_NAME
    """config.toml's [rotation] name: how a rotated secret's or config's next version is
    named, from `{name}` (without its version) and `{n}`."""
    check_images: bool = True
    """Ask the manager whether each service's image tag points at a newer digest (config.toml's
    [images] check; --no-image-check turns it off)."""
    config_file: Path | None = field(default=None, compare=False)
    """The file these settings were read from, where a changed sort is remembered; None (tests,
    a replay) remembers nothing."""

    def __post_init__(self) -> None:
        if self.interval < MIN_INTERVAL_S:
            raise ValueError(f"--interval must be at least {MIN_INTERVAL_S} seconds.")
        problem = _keymap_problem(self.keymap)
        if problem:
            raise ValueError(f"The keymap {problem}.")
        if self.services_sort not in SERVICE_SORTS:
            raise ValueError(f"services_sort must be one of {_SORTS_SAID}.")
        object.__setattr__(self, "keymap", MappingProxyType(dict(self.keymap)))
        check_template(self.rotation_name)

    def of_context(self, name: str) -> ContextSettings:
        return self.contexts.get(name) or ContextSettings()

    def on_context(self, name: str, base: Settings | None = None) -> Settings:
        """These settings as they apply on docker context `name`, from `base` (the settings
        swarmtui started with): its read_only adds to the global one, its interval replaces
        it."""
        base = base or self
        own = self.of_context(name)
        return replace(
            self,
            read_only=base.read_only or own.read_only,
            interval=own.interval if own.interval is not None else base.interval,
        )

    def merged(self, values: Mapping[str, Any]) -> Settings:
        known = {f.name for f in fields(self)}
        return replace(self, **{k: v for k, v in values.items() if k in known and v is not None})


# What each setting in the file must be: a check, and the type said in a sentence.
_NUMBER = (lambda v: isinstance(v, int | float) and not isinstance(v, bool), "a number")
_TEXT = (lambda v: isinstance(v, str), "a string")
_SORTS_SAID = ", ".join(f'"{name}"' for name in SERVICE_SORTS)
EXPECTED: dict[str, tuple[Any, str]] = {
    "host": _TEXT,
    "context": _TEXT,
    "interval": _NUMBER,
    "full_tasks_every": _NUMBER,
    "stall_margin": _NUMBER,
    "read_only": (lambda v: isinstance(v, bool), "true or false"),
    "theme": _TEXT,
    "rotation_name": _TEXT,
    "services_sort": (lambda v: v in SERVICE_SORTS, f"one of {_SORTS_SAID}"),
    "keymap": (lambda v: isinstance(v, dict), 'a table, e.g. [keymap] "service.scale" = "S"'),
}


def _keymap_problem(keymap: Any) -> str:
    """Why `keymap` is not a mapping of command ids to key strings; empty when it is one."""
    if not isinstance(keymap, Mapping):
        return "must map command ids to keys"
    for command, keys in keymap.items():
        if not isinstance(keys, str):
            return f'entry "{command}" must be a key string such as "S" or "ctrl+s", not {keys!r}'
    return ""


def check_types(values: Mapping[str, Any], source: Path) -> None:
    """Refuse a setting of the wrong type with a sentence naming it, `source` and the type."""
    for key, value in values.items():
        if key not in EXPECTED:
            continue
        check, expected = EXPECTED[key]
        if not check(value):
            raise ValueError(f"{key} in {source} must be {expected}, not {value!r}.")
        if key == "keymap" and (problem := _keymap_problem(value)):
            raise ValueError(f"The keymap in {source}: {problem}.")


def _rotation_name(table: Any, source: Path) -> str:
    name = table.get("name", DEFAULT_NAME) if isinstance(table, dict) else None
    if not isinstance(name, str):
        raise ValueError(f'[rotation] in {source} must be a table: name = "{DEFAULT_NAME}".')
    try:
        return check_template(name)
    except ValueError as error:
        raise ValueError(f"[rotation] in {source}: {error}") from None


def _images_check(table: Any, source: Path) -> bool:
    """config.toml's [images] table: `check = true|false`, nothing else."""
    if not isinstance(table, dict) or set(table) - {"check"}:
        raise ValueError(f"[images] in {source} takes only check = true or false.")
    check = table.get("check", True)
    if not isinstance(check, bool):
        raise ValueError(f"[images] check in {source} must be true or false, not {check!r}.")
    return check


def load_settings(path: Path | None = None, overrides: Mapping[str, Any] | None = None) -> Settings:
    path = path or config_dir() / "config.toml"
    values: dict[str, Any] = {}
    if path.is_file():
        try:
            values = tomllib.loads(path.read_text())
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"{path} is not valid TOML: {error}") from error
        check_types(values, path)
        if "contexts" in values:
            values["contexts"] = parse_contexts(values["contexts"], path)
        if "failover" in values:
            values["failover"] = parse_failover(values["failover"], path)
        if "nodes" in values:
            values["nodes"] = parse_nodes(values["nodes"], path)
        if "rotation" in values:
            values["rotation_name"] = _rotation_name(values.pop("rotation"), path)
        if "images" in values:
            values["check_images"] = _images_check(values.pop("images"), path)
    values.pop("config_file", None)  # where the settings live is not itself a setting
    values.pop("tls", None)  # certificates are chosen per run, like the docker CLI's flags
    return replace(Settings().merged(values).merged(overrides or {}), config_file=path)
