"""Parse the "Create service" form's fields one by one, by the daemon's own rules.

Each parser returns the value the ServiceSpec takes or raises WriteRefused with one sentence
naming the bad value. The rules are docker's units.RAMInBytes and ParseCPUs and swarmkit's
constraint parser and resource minimums, so what passes here is not refused later for its
syntax. service_spec.py puts the fields together.
"""

from __future__ import annotations

import re
import shlex
from decimal import Decimal, InvalidOperation

from .errors import WriteRefused
from .protocol import Json

MODES = ("replicated", "global")
RESTART_CONDITIONS = ("any", "on-failure", "none")
PROTOCOLS = ("tcp", "udp", "sctp")
PUBLISH_MODES = ("ingress", "host")

# docker/go-units RAMInBytes: a number, an optional binary unit, optional "i" and "b".
_SIZE = re.compile(r"(\d+(?:\.\d+)?) ?(?:([kmgtp])i?)?b?", re.IGNORECASE | re.ASCII)
_UNITS = {None: 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}
# swarmkit controlapi validateResources: anything smaller is refused.
_MIN_MEMORY = 4 << 20
_MIN_NANO_CPUS = 1_000_000
# The Engine API's MemoryBytes and NanoCPUs are int64: anything larger overflows the daemon.
MAX_INT64 = (1 << 63) - 1
# swarmkit manager/constraint: the key, one operator, the value (which may hold spaces).
_CONSTRAINT_KEY = re.compile(r"[a-z_][a-z0-9\-_.]+", re.IGNORECASE | re.ASCII)
_CONSTRAINT_VALUE = re.compile(r"[a-z0-9:\-_\s.*()?+\[\]\\^$|/]+", re.IGNORECASE | re.ASCII)
_OPERATORS = ("==", "!=")
_NUMBER = re.compile(r"[0-9]+", re.ASCII)


def _one_of(text: str, allowed: tuple[str, ...], what: str) -> str:
    cleaned = text.strip().lower()
    if cleaned not in allowed:
        raise WriteRefused(
            f"'{text.strip()}' is not a {what}; use {', '.join(allowed[:-1])} or {allowed[-1]}."
        )
    return cleaned


def parse_mode(text: str) -> str:
    return _one_of(text, MODES, "service mode")


def parse_restart(text: str) -> str:
    return _one_of(text, RESTART_CONDITIONS, "restart condition")


def parse_port(entry: str) -> Json:
    """`published:target[/tcp|udp|sctp][/ingress|host]`, or a bare target (any free port)."""

    def refuse(why: str) -> WriteRefused:
        return WriteRefused(f"'{entry}' is not a published port: {why}.")

    def number(text: str, which: str) -> int:
        if not _NUMBER.fullmatch(text) or not 1 <= int(text) <= 65535:
            raise refuse(f"the {which} port '{text}' is not a number from 1 to 65535")
        return int(text)

    ports, *options = entry.split("/")
    published, colon, target = ports.rpartition(":")
    if ":" in published:
        raise refuse("write published:target, such as 8080:80, without a host address")
    port: Json = {
        "Protocol": "tcp",
        "TargetPort": number(target, "target"),
        "PublishMode": "ingress",
    }
    if colon:
        port["PublishedPort"] = number(published, "published")
    protocol = mode = None
    for option in (option.lower() for option in options):
        if option in PROTOCOLS and protocol is None:
            protocol = port["Protocol"] = option
        elif option in PUBLISH_MODES and mode is None:
            mode = port["PublishMode"] = option
        elif option in PROTOCOLS or option in PUBLISH_MODES:
            raise refuse(f"it gives the {'protocol' if option in PROTOCOLS else 'mode'} twice")
        else:
            raise refuse(
                f"'{option}' is neither a protocol ({', '.join(PROTOCOLS)}) nor a "
                f"publish mode ({' or '.join(PUBLISH_MODES)})"
            )
    return port


def parse_ports(text: str) -> list[Json]:
    """Port mappings separated by commas or spaces; a port published twice is refused."""
    ports = [parse_port(entry) for entry in re.split(r"[\s,]+", text.strip()) if entry]
    seen: set[tuple[int, str]] = set()
    for port in ports:
        key = (port.get("PublishedPort", 0), port["Protocol"])
        if key[0] and key in seen:
            raise WriteRefused(
                f"Port {key[0]}/{key[1]} is published twice in the published "
                "ports; give each port once."
            )
        seen.add(key)
    return ports


def parse_memory(text: str, what: str = "memory limit") -> int | None:
    """Bytes, or a number with k, m, g, t or p (1024-based, as docker reads them); empty or 0
    means no limit."""
    cleaned = text.strip()
    if not cleaned:
        return None
    match = _SIZE.fullmatch(cleaned)
    if not match:
        raise WriteRefused(
            f"The {what} '{cleaned}' is not a size; give bytes or a number "
            "with a unit, such as 64M, 1G or 512k."
        )
    unit = match[2].lower() if match[2] else None
    if len(match[1]) > 40:  # far beyond int64, and int() of a huge Decimal is slow
        size = MAX_INT64 + 1
    else:
        size = int(Decimal(match[1]) * _UNITS[unit])
    if size > MAX_INT64:
        raise WriteRefused(
            f"The {what} '{cleaned}' is more than 8 EiB (2^63-1 bytes), the most the Engine "
            "API accepts."
        )
    if size == 0:
        return None
    if size < _MIN_MEMORY:
        raise WriteRefused(f"The {what} '{cleaned}' is less than 4M, the least the swarm accepts.")
    return size


def parse_cpus(text: str, what: str = "CPU limit") -> int | None:
    """A number of CPUs such as 0.5 or 2, returned in NanoCPUs; empty or 0 means no limit."""
    cleaned = text.strip()
    if not cleaned:
        return None
    try:
        cpus = Decimal(cleaned)
    except InvalidOperation:
        cpus = Decimal("NaN")
    if not cpus.is_finite() or cpus < 0 or not re.fullmatch(r"[0-9.]+", cleaned):
        raise WriteRefused(
            f"The {what} '{cleaned}' is not a number of CPUs; give a decimal such as 0.5 or 2."
        )
    if cpus.adjusted() > 18:  # 10^19 CPUs and more: beyond int64 in nano-CPUs for sure
        cpus = Decimal(MAX_INT64)
    nano = cpus * 1_000_000_000
    if nano > MAX_INT64:
        raise WriteRefused(
            f"The {what} '{cleaned}' is more than {MAX_INT64 // 1_000_000_000:,} CPUs, the most "
            "the Engine API accepts (2^63-1 nano-CPUs)."
        )
    if nano != nano.to_integral_value():
        raise WriteRefused(f"The {what} '{cleaned}' has more than 9 decimal places.")
    if nano == 0:
        return None
    if nano < _MIN_NANO_CPUS:
        raise WriteRefused(
            f"The {what} '{cleaned}' is less than 0.001, the least the swarm accepts."
        )
    return int(nano)


def parse_env(text: str) -> list[str]:
    """KEY=VALUE entries separated by spaces or commas; quote a value holding either."""
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace, lexer.whitespace_split = " \t\r\n,", True
    lexer.commenters, lexer.escape = "", ""  # keep '#' and '\' as typed
    try:
        entries = list(lexer)
    except ValueError:
        raise WriteRefused(
            f"The environment '{text.strip()}' has a quote that is not closed."
        ) from None
    for entry in entries:
        key, equals, _ = entry.partition("=")
        if not equals or not key or any(ch.isspace() for ch in key):
            raise WriteRefused(
                f"'{entry}' is not an environment variable; write KEY=VALUE, "
                "quoting a value with spaces or commas."
            )
    return entries


def parse_constraint(entry: str) -> str:
    """`key==value` or `key!=value`, checked as swarmkit's constraint parser does."""
    cleaned = entry.strip()

    def refuse(why: str) -> WriteRefused:
        return WriteRefused(f"'{cleaned}' is not a placement constraint: {why}.")

    operator = next((op for op in _OPERATORS if op in cleaned), None)
    if operator is None:
        raise refuse("it needs == or != between a key and a value, as in node.role==manager")
    key, _, value = (part.strip() for part in cleaned.partition(operator))
    if not _CONSTRAINT_KEY.fullmatch(key):
        raise refuse(f"the key '{key}' is not a key such as node.role or node.labels.zone")
    if not value:
        raise refuse("the value is missing")
    if not _CONSTRAINT_VALUE.fullmatch(value):
        raise refuse(
            f"the value '{value}' may only use letters, digits, spaces and "
            r":-_.*()?+[]\^$|/"
        )
    return f"{key}{operator}{value}"


def parse_constraints(text: str) -> list[str]:
    """Constraints separated by commas (a value may hold spaces, never a comma)."""
    return [parse_constraint(entry) for entry in text.split(",") if entry.strip()]
