"""The app's side of the swarm's lifecycle: the swarm screen, and the unlock prompt that a
locked manager brings up, at start or while watched (a poll fails with SwarmLocked)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from ..core.config import Settings
from ..docker.models import Snapshot
from ..docker.protocol import SwarmApi
from .screens.swarm import SwarmScreen
from .screens.unlock import UnlockScreen, unlock_screen_shown
from .writes import UiWrites


class SwarmLifecycle(App[None]):
    settings: Settings
    writes: UiWrites
    reads_factory: Callable[[], SwarmApi]
    endpoint_display: str

    @property
    def snapshot(self) -> Snapshot | None:
        raise NotImplementedError

    def action_show_swarm(self) -> None:
        self.push_screen(
            SwarmScreen(
                self.reads_factory, self.settings.read_only, self.writes, lambda: self.snapshot
            )
        )

    def swarm_locked(self) -> None:
        """A poll met a locked manager: ask for the key, once (read-only: the header says it)."""
        if not self.settings.read_only and not unlock_screen_shown(self):
            self.push_screen(UnlockScreen(self.endpoint_display, self.writes))

    def swarm_unlocked(self) -> None:
        """A poll landed: whoever unlocked the manager (we, or docker swarm unlock), the prompt
        has nothing left to ask."""
        if isinstance(self.screen, UnlockScreen):  # dismiss pops the top, whichever it is
            self.screen.dismiss()

    async def action_unlock(self) -> None:
        if self.settings.read_only:
            await self.writes.refuse_read_only("swarm")
        elif not unlock_screen_shown(self):
            self.push_screen(UnlockScreen(self.endpoint_display, self.writes))
