"""Commands for scripts and CI, without the dashboard: `swarmtui [options] stack rm STACK`.

`cli.main` hands over everything from the first command name on (see `commands.split_command`);
the options before it (--host, --context, --config, --read-only) work as for the dashboard.
This module holds what every command shares: the context, the exit codes, and how a write's
outcome is told; everything is printed through output.py, which makes outside text safe.

Exit codes, for every command:
  0  done
  1  not confirmed: the plan was printed, nothing changed (add --yes)
  2  invalid input: a usage error, an unknown stack, or read-only mode
  3  the daemon failed or refused (unreachable, not a manager, an object it would not remove)
  4-7  `wait` and `stack deploy --wait` only: a rollout paused, rolled back, stalled, or out of
       time (cli/wait.py)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..core.config import Settings
from ..core.writes import Write, WriteOutcome, WriteRunner
from ..docker.client import DockerApi
from ..docker.connection import resolve_endpoint
from ..docker.protocol import SwarmApi
from ..docker.replay import ReplayApi
from .output import fail, tell

T = TypeVar("T")
EXIT_OK, EXIT_NOT_CONFIRMED, EXIT_INVALID, EXIT_DAEMON = 0, 1, 2, 3


@dataclass
class Headless:
    """What every command gets: the settings and a way to reach the daemon."""

    settings: Settings
    replay: Path | None = None

    def api(self) -> SwarmApi:
        if self.replay is not None:
            return ReplayApi(self.replay)
        settings = self.settings
        return DockerApi(resolve_endpoint(settings.host, settings.context, tls=settings.tls))

    def write(self, write: Write[T], endpoint: str, cluster: str) -> WriteOutcome[T]:
        """Make one audited change through a WriteRunner of its own, on a client of its own:
        refused in read-only mode, never raising; `exit_unless_ok` prints what stopped it."""
        runner = WriteRunner(
            self.api, read_only=self.settings.read_only, endpoint=endpoint, cluster=lambda: cluster
        )
        try:
            return runner.run(write)
        finally:
            runner.close()


def exit_unless_ok(outcome: WriteOutcome[T]) -> int | None:
    """None when the write succeeded; otherwise print why and return the exit code: refused
    (read-only mode, or WriteRefused before anything was sent) EXIT_INVALID, failed
    EXIT_DAEMON."""
    if outcome.audit_problem:
        tell(f"warning: {outcome.audit_problem}")
    if outcome.ok:
        return None
    return fail(outcome.message, EXIT_INVALID if outcome.status == "refused" else EXIT_DAEMON)
