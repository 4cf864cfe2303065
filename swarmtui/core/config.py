"""Typed settings: defaults, then ~/.config/swarmtui/config.toml, then the command line."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .locations import config_dir

MIN_INTERVAL_S = 0.5


@dataclass(frozen=True)
class Settings:
    host: str | None = None
    """Daemon URL (unix://, tcp://, ssh://); None follows DOCKER_HOST and contexts."""
    context: str | None = None
    """A docker context name."""
    interval: float = 2.0
    """Seconds between polls of services and nodes."""
    full_tasks_every: float = 60.0
    """Seconds between full reads of the task list when nothing prompts one sooner."""
    read_only: bool = False
    """Hide and refuse every action that changes the cluster."""
    theme: str = "textual-dark"

    def __post_init__(self) -> None:
        if self.interval < MIN_INTERVAL_S:
            raise ValueError(f"--interval must be at least {MIN_INTERVAL_S} seconds.")

    def merged(self, values: dict[str, Any]) -> Settings:
        known = {f.name for f in fields(self)}
        return replace(self, **{k: v for k, v in values.items() if k in known and v is not None})


def load_settings(path: Path | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    path = path or config_dir() / "config.toml"
    values: dict[str, Any] = {}
    if path.is_file():
        try:
            values = tomllib.loads(path.read_text())
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"{path} is not valid TOML: {error}") from error
    return Settings().merged(values).merged(overrides or {})
