"""Settings per docker context (`[contexts.prod]`) and the failover list (`[failover]`), read
from config.toml; a bad value is one sentence naming the key and the file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from rich.color import Color, ColorParseError

from ..docker.connection import Endpoint, checked
from ..docker.errors import DaemonUnreachable

SCHEMES = ("unix://", "tcp://", "ssh://")


@dataclass(frozen=True)
class ContextSettings:
    read_only: bool = False
    """Hide and refuse writes while on this context (on top of the global read_only)."""
    header_color: str = ""
    """A colour for the context's name in the header, e.g. "red" for production."""
    interval: float | None = None
    """Seconds between polls on this context; None keeps the global interval."""
    managers: tuple[str, ...] = ()
    """Other managers' endpoints to fail over to, for those that cannot be derived."""


def _endpoints(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(url, str) for url in value):
        raise ValueError(f'{where} must be a list of endpoint URLs, e.g. ["ssh://ops@m2"].')
    for url in value:
        if not url.startswith(SCHEMES):
            raise ValueError(
                f"{where} lists {url!r}, which is no unix://, tcp:// or ssh:// endpoint."
            )
        try:
            checked(Endpoint(url, where))  # an ssh:// one reaches ssh's command line
        except DaemonUnreachable as error:
            raise ValueError(f"{where}: {str(error).rstrip('.')}.") from error
    return tuple(value)


def _one(name: str, table: Any, source: Path | str) -> ContextSettings:
    where = f"[contexts.{name}] in {source}"
    if not isinstance(table, dict):
        raise ValueError(f"contexts.{name} in {source} must be a table, e.g. [contexts.{name}].")
    unknown = sorted(set(table) - {"read_only", "header_color", "interval", "managers"})
    if unknown:
        raise ValueError(
            f"{where} has {unknown[0]!r}; a context takes read_only, header_color, interval "
            "and managers."
        )
    read_only = table.get("read_only", False)
    if not isinstance(read_only, bool):
        raise ValueError(f"read_only in {where} must be true or false, not {read_only!r}.")
    colour = table.get("header_color", "")
    try:
        if not isinstance(colour, str):
            raise ColorParseError(colour)
        if colour:
            Color.parse(colour)
    except ColorParseError:
        raise ValueError(
            f'header_color in {where} must be a colour such as "red" or "#ff8800", not {colour!r}.'
        ) from None
    interval = table.get("interval")
    if interval is not None and (
        isinstance(interval, bool) or not isinstance(interval, int | float) or interval < 0.5
    ):
        raise ValueError(f"interval in {where} must be a number of seconds ≥ 0.5.")
    managers = _endpoints(table.get("managers", []), f"managers in {where}")
    return ContextSettings(read_only, colour, interval, managers)


def parse_contexts(value: Any, source: Path | str) -> Mapping[str, ContextSettings]:
    if not isinstance(value, dict):
        raise ValueError(f"contexts in {source} must be tables such as [contexts.prod].")
    return MappingProxyType({name: _one(name, table, source) for name, table in value.items()})


def parse_failover(value: Any, source: Path | str) -> tuple[str, ...]:
    if not isinstance(value, dict) or set(value) - {"endpoints"}:
        raise ValueError(
            f'[failover] in {source} takes one key, endpoints = ["unix:///…", "ssh://ops@m2"].'
        )
    return _endpoints(value.get("endpoints", []), f"endpoints in [failover] in {source}")
