"""The console entry point: the command line with the Textual dashboard plugged in.

`swarmtui.cli` never imports Textual; this module hands it a `TextualDashboard`, whose methods
import the Textual apps only when called, so headless commands and a failed daemon check start
without loading Textual at all.
"""

from __future__ import annotations

from collections.abc import Callable

from . import cli
from .core.config import Settings
from .core.writes import WriteRunner
from .docker.connection import Endpoint
from .docker.head_start import HeadStart
from .docker.protocol import SwarmApi


class TextualDashboard:
    """The Textual implementation of `cli.Dashboard`."""

    def run(
        self,
        settings: Settings,
        api_factory: Callable[[], SwarmApi],
        head_start: HeadStart | None = None,
    ) -> None:
        from .ui.app import SwarmTuiApp
        from .ui.input_driver import quiet_input

        app = SwarmTuiApp(
            settings, api_factory, read_nodes=True, check_images=True, head_start=head_start
        )
        quiet_input(app).run()

    def offer_swarm_init(
        self,
        api_factory: Callable[[], SwarmApi],
        endpoint: Endpoint,
        reason: str,
        theme: str,
        runner: WriteRunner,
    ) -> bool:
        from .ui.input_driver import quiet_input
        from .ui.setup import SwarmSetupApp

        return quiet_input(SwarmSetupApp(runner, endpoint, reason, theme)).run() is True


def main(argv: list[str] | None = None) -> int:
    return cli.main(argv, dashboard=TextualDashboard())


if __name__ == "__main__":
    raise SystemExit(main())
