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

    unlock_closed = False
    """The operator closed the prompt: failing polls do not bring it back, `U` does."""

    def swarm_locked(self) -> None:
        """A poll met a locked manager: ask for the key, once (read-only: the header says it)."""
        if not self.settings.read_only and not self.unlock_closed:
            self._ask_unlock()

    def swarm_unlocked(self) -> None:
        """A poll landed: whoever unlocked the manager (we, or docker swarm unlock), the prompt
        has nothing left to ask."""
        self.unlock_closed = False
        if isinstance(self.screen, UnlockScreen):  # dismiss pops the top, whichever it is
            self.screen.dismiss(True)

    async def action_unlock(self) -> None:
        if self.settings.read_only:
            await self.writes.refuse_read_only("swarm")
        else:
            self._ask_unlock()

    def _ask_unlock(self) -> None:
        if not unlock_screen_shown(self):
            self.push_screen(UnlockScreen(self.endpoint_display, self.writes), self._unlock_done)

    def _unlock_done(self, unlocked: bool | None) -> None:
        self.unlock_closed = not unlocked
