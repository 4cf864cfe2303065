"""Durations, CPU counts and byte sizes as docker parses them in compose files."""

from __future__ import annotations

import re
from fractions import Fraction

_DURATION_PART = re.compile(r"([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)")
_NANOS = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}
# docker/go-units RAMInBytes: binary units, an optional i and b.
_SIZE = re.compile(r"([0-9]+(?:\.[0-9]+)*) ?([kmgtp])?i?b?", re.IGNORECASE)
_SIZE_UNITS = {None: 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}
# The Engine API's NanoCPUs and MemoryBytes are int64.
MAX_INT64 = (1 << 63) - 1
_EXPONENT = re.compile(r"[eE]([-+]?[0-9]+)")


def nanoseconds(text: str) -> int:
    """Go's time.ParseDuration ("1m30s", "1.5h", "0") in nanoseconds."""
    if text in ("0", "+0", "-0"):
        return 0
    position, total = 0, Fraction(0)
    for match in _DURATION_PART.finditer(text):
        if match.start() != position:
            break
        total += Fraction(match.group(1)) * _NANOS[match.group(2)]
        position = match.end()
    if position != len(text) or not text:
        raise ValueError(f"{text!r} is not a duration such as 10s or 1m30s")
    return int(total)


def nano_cpus(text: str) -> int:
    """opts.ParseCPUs: "0.5" → 500000000; more precision than a nano-CPU is refused."""
    exponent = _EXPONENT.search(text)
    if exponent and abs(int(exponent.group(1)[:6])) > 100:  # Fraction would expand 10^N
        raise ValueError(f"{text!r} is not a number of CPUs such as 0.5")
    try:
        value = Fraction(text.strip()) * 1_000_000_000
    except (ValueError, ZeroDivisionError) as error:
        raise ValueError(f"{text!r} is not a number of CPUs such as 0.5") from error
    if value.denominator != 1:
        raise ValueError(f"{text!r} is more precise than a billionth of a CPU")
    if abs(value) > MAX_INT64:
        raise ValueError(f"{text!r} CPUs are more than the Engine API takes (2^63-1 nano-CPUs)")
    return int(value)


def ram_bytes(value: str | int) -> int:
    """go-units RAMInBytes: "50M" → 52428800 (units are powers of 1024)."""
    if isinstance(value, int):
        if value > MAX_INT64:
            raise ValueError(f"{value} bytes are more than the Engine API takes (2^63-1)")
        return value
    match = _SIZE.fullmatch(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a size such as 512M or 1G")
    unit = match.group(2).lower() if match.group(2) else None
    size = float(match.group(1)) * _SIZE_UNITS[unit]
    if size > MAX_INT64:  # inf included
        raise ValueError(f"{value!r} is more than the Engine API takes (2^63-1 bytes)")
    return int(size)
