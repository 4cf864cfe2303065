"""Errors the Docker layer raises, each carrying one sentence fit to show an operator."""

from __future__ import annotations


class SwarmError(Exception):
    """Base class: `str(error)` is a complete sentence for the status line or the terminal."""


class DaemonUnreachable(SwarmError):
    """The daemon did not answer (socket missing, connection refused, timeout, TLS failure)."""


class EventStreamIdle(SwarmError):
    """The event stream said nothing for a while: reopened at once, it is no sign of trouble."""


class NotInSwarm(SwarmError):
    """The daemon answers but is not part of an active swarm."""


class SwarmInactive(NotInSwarm):
    """The daemon is in no swarm at all (state inactive), so one can be initialized on it."""


class SwarmLocked(NotInSwarm):
    """The daemon is a manager of a swarm with autolock on that restarted: it holds the swarm's
    keys encrypted and answers nothing swarm-wide until it is given the unlock key."""


class NotAManager(SwarmError):
    """The daemon is a swarm worker: it cannot list or change the cluster."""

    def __init__(self, message: str, managers: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.managers = managers


class ApiTooOld(SwarmError):
    """The daemon's API lacks what the dashboard needs (service status needs 1.41)."""


class DaemonError(SwarmError):
    """The daemon refused a request; the message is the daemon's own text."""


class NoLeader(DaemonError):
    """The managers answer but have no leader (raft lost its quorum): nothing can be changed."""


class WriteRefused(SwarmError):
    """The request was refused before anything was sent: bad input, or a change that cannot work."""


class VersionConflict(DaemonError):
    """Someone else changed the object between our read and our write, twice in a row."""
