"""The app's side of the lint: `:lint` (and its command) opens the lint screen."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from ..core.config import Settings
from ..docker.protocol import SwarmApi
from .screens.lint import LintScreen
from .screens.main import MainScreen
from .writes import UiWrites


class ClusterLint(App[None]):
    settings: Settings
    writes: UiWrites
    reads_factory: Callable[[], SwarmApi]
    main: MainScreen

    def action_show_lint(self) -> None:
        self.push_screen(
            LintScreen(self.reads_factory, self.writes, self.settings.read_only, self.main.palette)
        )
