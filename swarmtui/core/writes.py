"""The one way swarmtui changes a cluster: every write, from the dashboard, a headless command
or swarm init, is a `Write` given to a `WriteRunner`.

The runner refuses in read-only mode without sending anything, runs one change at a time on a
write client of its own, and appends exactly one audit line per write with its outcome: "ok",
"refused" (read-only, a refusal named by the caller, or WriteRefused before anything was sent)
or "failed" (the daemon's error, or anything unexpected). It never raises: the caller reads
the outcome.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from ..docker.errors import SwarmError, WriteRefused
from ..docker.protocol import SwarmApi
from ..docker.swarm_setup import LISTEN_ADDR, init_swarm
from ..docker.writes import SwarmWriter
from .audit import AuditLog, default_audit_path

T = TypeVar("T")

READ_ONLY_REFUSAL = (
    "swarmtui runs read-only (--read-only, or read_only in its config): nothing was changed."
)


@dataclass(frozen=True)
class Write(Generic[T]):
    """One change to make, and what the audit log says about it."""

    action: str
    """The audit's action, e.g. "scale", "deploy-stack", "swarm-init"."""
    target: str
    """What it changes, e.g. the service's name."""
    params: Mapping[str, Any]
    """The parameters the audit records."""
    change: Callable[[SwarmWriter], T] | None
    """Makes the change with the runner's own write client; None refuses it."""
    refused: str = ""
    """When given, the write is refused with this sentence and nothing is sent."""
    names_cluster: Callable[[T], str] | None = None
    """For a write that creates the cluster (swarm init): names it, from the change's result,
    in the audit line of a success instead of the runner's cluster."""


@dataclass(frozen=True)
class WriteOutcome(Generic[T]):
    status: Literal["ok", "refused", "failed"]
    message: str = ""
    """The refusal, or the error as one sentence (str(SwarmError)); empty on success."""
    result: T | None = None
    """What the change returned, on success."""
    error: BaseException | None = None
    """The exception that refused or stopped the change, if one did."""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def unexpected(error: BaseException) -> str:
    """An exception no layer turned into a sentence, as one sentence for the operator."""
    text = str(error).strip().rstrip(".")
    said = f"The change stopped on an unexpected {type(error).__name__}"
    return f"{said}: {text}." if text else f"{said}."


class WriteRunner:
    """Runs writes one at a time, audited, on a write client it opens once and reuses."""

    def __init__(
        self,
        api_factory: Callable[[], SwarmApi],
        *,
        read_only: bool,
        endpoint: str,
        cluster: Callable[[], str] = lambda: "",
        audit_path: Path | None = None,
    ) -> None:
        self.api_factory = api_factory
        self.read_only = read_only
        self.endpoint = endpoint
        self.cluster = cluster
        self.audit_path = audit_path or default_audit_path()
        self._lock = threading.Lock()  # docker-py clients are not thread-safe: one user
        self._audit_lock = threading.Lock()  # refusals are recorded outside the write lock
        self._writer: SwarmWriter | None = None

    def run(self, write: Write[T]) -> WriteOutcome[T]:
        """Blocking (call it from a worker thread); thread-safe: one write at a time, the lock
        held until the change itself returns."""
        if self.read_only:
            return self._refuse(write, READ_ONLY_REFUSAL)
        if write.refused or write.change is None:
            return self._refuse(write, write.refused)
        with self._lock:
            try:
                if self._writer is None:
                    self._writer = SwarmWriter(self.api_factory())
                result = write.change(self._writer)
            except WriteRefused as error:
                return self._refuse(write, str(error), error)
            except SwarmError as error:
                return self._fail(write, str(error), error)
            except Exception as error:  # noqa: BLE001 - an audited failure, never a crash
                return self._fail(write, unexpected(error), error)
        cluster = write.names_cluster(result) if write.names_cluster else self.cluster()
        self._record(write, "ok", cluster=cluster)
        return WriteOutcome("ok", result=result)

    def close(self) -> None:
        """Close the write client, if one was opened; a later write opens another."""
        with self._lock:
            writer, self._writer = self._writer, None
        if writer is not None:
            writer.api.close()

    def _refuse(
        self, write: Write[T], message: str, error: BaseException | None = None
    ) -> WriteOutcome[T]:
        self._record(write, "refused", message)
        return WriteOutcome("refused", message, error=error)

    def _fail(self, write: Write[T], message: str, error: BaseException) -> WriteOutcome[T]:
        self._record(write, "failed", message)
        return WriteOutcome("failed", message, error=error)

    def _record(
        self, write: Write[T], outcome: str, detail: str = "", cluster: str | None = None
    ) -> None:
        named = self.cluster() if cluster is None else cluster
        with self._audit_lock:
            AuditLog(self.audit_path, named, self.endpoint).record(
                write.action, write.target, dict(write.params), outcome, detail
            )


def swarm_init(endpoint: str, advertise_addr: str) -> Write[str]:
    """Make the daemon at `endpoint` the first manager of a new swarm, as `docker swarm init`
    does; the change returns the new swarm's ID, which its audit line names as the cluster."""
    return Write(
        "swarm-init",
        endpoint,
        {"advertise_addr": advertise_addr.strip(), "listen_addr": LISTEN_ADDR},
        lambda writer: init_swarm(writer.api, advertise_addr),
        names_cluster=lambda swarm_id: swarm_id,
    )
