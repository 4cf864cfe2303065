"""The parts of a service's spec and status the dashboard shows: ports, resources, restart
and update policies, and the state of its last update."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

Counts = tuple[tuple[str, int], ...]
"""Generic resources (`gpu`, `ssd`...) by kind: sorted (kind, how many) pairs."""


@dataclass(frozen=True, slots=True)
class PortInfo:
    published: int | None
    target: int
    protocol: str = "tcp"
    mode: str = "ingress"

    def __str__(self) -> str:
        suffix = "" if self.protocol == "tcp" else f"/{self.protocol}"
        mode = "" if self.mode == "ingress" else f" ({self.mode})"
        left = "" if self.published is None else f"{self.published}:"
        return f"{left}{self.target}{suffix}{mode}"


@dataclass(frozen=True, slots=True)
class Resources:
    nano_cpus: int = 0
    memory_bytes: int = 0
    generic: Counts = ()

    def __bool__(self) -> bool:
        return bool(self.nano_cpus or self.memory_bytes or self.generic)


@dataclass(frozen=True, slots=True)
class RestartPolicy:
    condition: str = "any"
    delay_ns: int | None = None
    max_attempts: int = 0
    window_ns: int | None = None


@dataclass(frozen=True, slots=True)
class UpdateConfig:
    parallelism: int = 1
    delay_ns: int = 0
    failure_action: str = "pause"
    monitor_ns: int = 5_000_000_000
    max_failure_ratio: float = 0.0
    order: str = "stop-first"


@dataclass(frozen=True, slots=True)
class UpdateStatus:
    state: str
    message: str = ""
    started_at: datetime | None = None
    completed_at: datetime | None = None

    @property
    def in_progress(self) -> bool:
        return self.state in ("updating", "rollback_started")

    @property
    def paused(self) -> bool:
        return self.state in ("paused", "rollback_paused")

    @property
    def finished(self) -> bool:
        return self.state in ("completed", "rollback_completed")

    @property
    def rolled_back(self) -> bool:
        """The update failed (or was abandoned) and the previous spec runs again."""
        return self.state == "rollback_completed"


@dataclass(frozen=True, slots=True)
class Pace:
    """How one service's last rollout moves, as of a poll."""

    moved_at: datetime | None
    """When a slot last moved; None when no rollout is in progress."""
    still_s: float = 0.0
    """Seconds since then, at the poll."""
    limit_s: float = 0.0
    """Monitor + delay + margin: standing still longer than this is a stall."""
    stalled: bool = False
    reason: str = ""
    """The daemon's message when a rollback started (kept after it completes); empty when
    not seen."""
