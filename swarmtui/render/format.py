"""Human-readable numbers, sizes and ages, as an operator reads them at a glance."""

from __future__ import annotations

from datetime import datetime


def age(since: datetime | None, now: datetime) -> str:
    """'5s', '3m', '2h', '4d': the shortest honest age."""
    if since is None:
        return "-"
    seconds = max(0, int((now - since).total_seconds()))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h"
    return f"{seconds // 86400}d"


def ago(since: datetime | None, now: datetime) -> str:
    text = age(since, now)
    return text if text == "-" else f"{text} ago"


def size(num_bytes: int) -> str:
    """Binary units, as docker prints memory limits (512MiB, 1.5GiB)."""
    if num_bytes <= 0:
        return "-"
    value = float(num_bytes)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{value:.0f}{unit}" if value >= 10 or unit == "B" else f"{value:.1f}{unit}"
        value /= 1024
    return f"{value:.0f}TiB"


def cpus(nano_cpus: int) -> str:
    if nano_cpus <= 0:
        return "-"
    value = nano_cpus / 1e9
    return f"{value:g}"


def duration_ns(nanoseconds: int | None) -> str:
    if nanoseconds is None:
        return "-"
    seconds = nanoseconds / 1e9
    if seconds < 1 and seconds > 0:
        return f"{nanoseconds / 1e6:g}ms"
    if seconds < 60:
        return f"{seconds:g}s"
    if seconds < 3600:
        return f"{seconds / 60:g}m"
    return f"{seconds / 3600:g}h"


def short_image(image: str) -> str:
    """Drop the default registry and library prefixes docker adds to image names."""
    for prefix in ("docker.io/library/", "docker.io/"):
        if image.startswith(prefix):
            return image[len(prefix) :]
    return image
