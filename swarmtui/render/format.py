"""Human-readable numbers, sizes and ages, as an operator reads them at a glance."""

from __future__ import annotations

from datetime import datetime

ELLIPSIS = "…"


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


def ago_in_minutes(since: datetime | None, now: datetime) -> str:
    """'just now', '3m ago', '2h ago': for what is asked every few minutes, where a count of
    seconds only ticks (and redraws what shows it every poll) without saying more."""
    if since is not None and (now - since).total_seconds() < 60:
        return "just now"
    return ago(since, now)


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


def short_image(image: str, width: int | None = None) -> str:
    """An image reference as a column shows it: the digest dropped (kept short when there is
    no tag), docker's default registry and library prefixes dropped, and, longer than
    `width`, cut from the left: during a rollout the tag is what tells web:1 from web:2, so
    a cut keeps it (`…web:2`) and loses the registry and repository first."""
    name, _, digest = image.partition("@")
    if digest and not _tag(name):
        name = f"{name}@{digest.partition(':')[2][:12] or digest[:12]}"
    for prefix in ("docker.io/library/", "docker.io/"):
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    if width is None or len(name) <= width:
        return name
    return ELLIPSIS + name[len(name) - width + 1 :] if width > 1 else ELLIPSIS[:width]


def _tag(name: str) -> str:
    """The tag of `repository[:tag]`; a colon before the last slash is a registry's port."""
    last = name.rpartition("/")[2]
    return last.partition(":")[2]
