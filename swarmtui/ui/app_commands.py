"""The app's own commands: refresh now, pause, help, join tokens and logs."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from ..core.config import Settings
from ..docker.models import Snapshot
from ..docker.poller import PollHints
from ..docker.protocol import SwarmApi
from ..render.logs import logs_target
from ..render.text import visible
from .polling import PollScheduler
from .screens.help import HelpScreen
from .screens.join import JoinScreen
from .screens.logs import LogsScreen
from .screens.main import MainScreen
from .vitals import NodeVitalsRefresher
from .writes import UiWrites


class AppCommands(App[None]):
    settings: Settings
    polling: PollScheduler
    vitals: NodeVitalsRefresher
    main: MainScreen
    writes: UiWrites
    reads_factory: Callable[[], SwarmApi]
    api_factory: Callable[[], SwarmApi]

    @property
    def snapshot(self) -> Snapshot | None:
        raise NotImplementedError

    def action_refresh_now(self) -> None:
        self.polling.request(0, PollHints(full=True))
        self.vitals.retry_now()
        self.notify("Refreshing everything now.", timeout=2)

    def action_toggle_pause(self) -> None:
        self.polling.paused = not self.polling.paused
        self.main.show_paused(self.polling.paused)
        if self.polling.paused:
            self.notify("Live refresh paused; press P to resume.", timeout=3)
        else:
            self.notify("Live refresh resumed.", timeout=2)
            self.polling.request(0)

    def action_show_help(self) -> None:
        self.push_screen(HelpScreen(self.settings.read_only, self.settings.keymap))

    def action_show_join_tokens(self) -> None:
        self.push_screen(JoinScreen(self.reads_factory, self.settings.read_only, self.writes))

    def action_show_logs(self) -> None:
        task = self.main.focused_task
        try:
            target = logs_target(self.snapshot, self.main.selection, task)
        except ValueError as error:
            self.notify(visible(str(error)), severity="warning", markup=False)
            return
        colours = self.main.palette.tasks
        self.push_screen(LogsScreen(self.api_factory, target, lambda: self.snapshot, colours))
