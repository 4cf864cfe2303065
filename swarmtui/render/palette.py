"""Concrete colours for cells and detail text; the UI builds one from its theme."""

from __future__ import annotations

from dataclasses import dataclass

TASK_COLOURS = ("cyan", "magenta", "green", "yellow", "blue", "bright_cyan", "bright_magenta")


@dataclass(frozen=True)
class Palette:
    """Concrete colours for table cells, taken from the theme's semantic variables."""

    success: str = "green"
    warning: str = "yellow"
    error: str = "red"
    accent: str = "cyan"
    muted: str = "grey50"
    tasks: tuple[str, ...] = TASK_COLOURS
    """One per task in the logs, told apart by hue; none is the error red."""

    def for_health(self, health: str) -> str:
        return {
            "ok": self.success,
            "failing": self.error,
            "paused": self.error,
            "stalled": self.error,
            "rolled_back": self.error,
            "pending": self.warning,
            "updating": self.accent,
            "converging": self.warning,
        }.get(health, "")
