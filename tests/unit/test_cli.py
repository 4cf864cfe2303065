"""The command line's seam with the dashboard: `cli.main` checks the daemon and hands the
settings and a client factory to whatever `Dashboard` it is given, without Textual."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from swarmtui import cli
from swarmtui.core.config import Settings
from swarmtui.core.writes import WriteRunner
from swarmtui.docker.connection import Endpoint
from swarmtui.docker.head_start import HeadStart
from swarmtui.docker.protocol import SwarmApi
from tests.support.replay import RECORDING


class Recorder:
    def __init__(self) -> None:
        self.ran: list[tuple[Settings, SwarmApi]] = []

    def run(
        self,
        settings: Settings,
        api_factory: Callable[[], SwarmApi],
        head_start: HeadStart | None = None,
    ) -> None:
        self.ran.append((settings, api_factory()))
        if head_start is not None:
            head_start.close()

    def offer_swarm_init(
        self,
        api_factory: Callable[[], SwarmApi],
        endpoint: Endpoint,
        reason: str,
        theme: str,
        runner: WriteRunner,
    ) -> bool:
        raise AssertionError("the recording is a swarm: nothing to offer")


def test_the_dashboard_gets_the_settings_and_the_daemon() -> None:
    dashboard = Recorder()
    assert cli.main(["--replay", str(RECORDING), "-i", "3", "--read-only"], dashboard) == 0
    ((settings, api),) = dashboard.ran
    assert settings.interval == 3 and settings.read_only
    assert api.endpoint.source == "replay"


def test_without_a_dashboard_only_headless_commands_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["--replay", str(RECORDING)]) == 1
    assert capsys.readouterr().err == (
        "swarmtui: this entry point runs headless commands only; start the dashboard with "
        "swarmtui.\n"
    )
