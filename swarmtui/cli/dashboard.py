"""What the command line needs from the Textual side, so that it never imports Textual: the
dashboard itself, and the form that offers to initialize a swarm. `swarmtui.launch` provides
the Textual implementation; tests may pass their own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from ..core.config import Settings
from ..core.writes import WriteRunner
from ..docker.connection import Endpoint
from ..docker.head_start import HeadStart
from ..docker.protocol import SwarmApi


class Dashboard(Protocol):
    def run(
        self,
        settings: Settings,
        api_factory: Callable[[], SwarmApi],
        head_start: HeadStart | None = None,
    ) -> None:
        """Run the dashboard until the operator quits; `head_start` (the checked manager's
        client, its services and nodes being read) serves the first poll."""

    def offer_swarm_init(
        self,
        api_factory: Callable[[], SwarmApi],
        endpoint: Endpoint,
        reason: str,
        theme: str,
        runner: WriteRunner,
    ) -> bool:
        """Ask whether to make the daemon the first manager of a new swarm, initializing it
        through `runner`; True once a swarm exists."""
