"""The one way swarmtui changes a cluster: every write, from the dashboard, a headless command
or swarm init, is a `Write` given to a `WriteRunner`.

The runner refuses in read-only mode without sending anything, runs one change at a time on a
write client of its own, and audits each write twice: its intent ("started") before anything is
sent, and its outcome after: "ok", "refused" (read-only or a refusal named by the caller, with
no intent line since nothing was attempted; or WriteRefused before anything was sent) or
"failed" (the daemon's error, or anything unexpected). Both lines carry the same write id. It
never raises, not even when the audit log cannot be written: the caller reads the outcome and
its `audit_problem`.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from ..docker.errors import SwarmError, WriteRefused
from ..docker.protocol import SwarmApi
from ..docker.secrets import mask_text
from ..docker.swarm_setup import LISTEN_ADDR, init_swarm
from ..docker.writes import SwarmWriter
from .audit import STARTED, AuditLog, default_audit_path

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
    audit_problem: str = ""
    """Why the audit log could not be written, when it could not: the change itself went
    ahead (or was refused) all the same, and the operator must be told."""

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
        self._looked_up: str | None = None

    def run(self, write: Write[T]) -> WriteOutcome[T]:
        """Blocking (call it from a worker thread); thread-safe: one write at a time, the lock
        held until the change itself returns. The audit log gets the intent before anything is
        sent and the outcome after."""
        if self.read_only:
            return self._refuse(write, "", READ_ONLY_REFUSAL)
        if write.refused or write.change is None:
            return self._refuse(write, "", write.refused)
        write_id = uuid.uuid4().hex[:12]
        with self._lock:
            problems: list[str] = []
            try:
                if self._writer is None:
                    self._writer = SwarmWriter(self.api_factory())
                self._record(write, write_id, STARTED, problems)
                result = write.change(self._writer)
            except WriteRefused as error:
                return self._refuse(write, write_id, str(error), error, problems)
            except SwarmError as error:
                return self._end(write, write_id, "failed", str(error), error, problems)
            except Exception as error:  # noqa: BLE001 - an audited failure, never a crash
                return self._end(write, write_id, "failed", unexpected(error), error, problems)
            cluster = write.names_cluster(result) if write.names_cluster else None
            self._record(write, write_id, "ok", problems, cluster=cluster)
        return WriteOutcome("ok", result=result, audit_problem=_said(problems))

    def close(self) -> None:
        """Close the write client, if one was opened; a later write opens another."""
        with self._lock:
            writer, self._writer = self._writer, None
        if writer is not None:
            writer.api.close()

    def _refuse(
        self,
        write: Write[T],
        write_id: str,
        message: str,
        error: BaseException | None = None,
        problems: list[str] | None = None,
    ) -> WriteOutcome[T]:
        return self._end(write, write_id, "refused", message, error, problems or [])

    def _end(
        self,
        write: Write[T],
        write_id: str,
        status: Literal["refused", "failed"],
        message: str,
        error: BaseException | None,
        problems: list[str],
    ) -> WriteOutcome[T]:
        # A daemon's message may quote what it was sent (an env value, a URL with a password):
        # masked here, so the screen, headless output and the audit log never show it.
        message = mask_text(message)
        self._record(write, write_id, status, problems, detail=message)
        return WriteOutcome(status, message, error=error, audit_problem=_said(problems))

    def _cluster_id(self) -> str:
        """The caller's cluster id; before the dashboard's first poll it has none, so the
        write client asks the daemon once."""
        known = self.cluster()
        if known or self._looked_up is not None:
            return known or self._looked_up or ""
        self._looked_up = ""
        if self._writer is not None:
            try:
                info = self._writer.api.info()
                self._looked_up = str((info.get("Swarm") or {}).get("Cluster", {}).get("ID", ""))
            except SwarmError:
                pass
        return self._looked_up

    def _record(
        self,
        write: Write[T],
        write_id: str,
        outcome: str,
        problems: list[str],
        detail: str = "",
        cluster: str | None = None,
    ) -> None:
        if cluster is not None:
            named = cluster
        elif write_id:  # under the write lock: the write client may ask the daemon
            named = self._cluster_id()
        else:
            named = self.cluster() or self._looked_up or ""
        try:
            with self._audit_lock:
                AuditLog(self.audit_path, named, self.endpoint).record(
                    write.action, write.target, dict(write.params), outcome, detail, write_id
                )
        except OSError as error:
            if not problems:
                problems.append(f"The audit log {self.audit_path} could not be written: {error}.")


def _said(problems: list[str]) -> str:
    return problems[0] if problems else ""


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
