"""An append-only JSON-lines log of every action taken or refused, for the on-call record."""

from __future__ import annotations

import getpass
import json
import os
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..docker.secrets import mask_params, mask_text
from .locations import state_dir


def default_audit_path() -> Path:
    override = os.environ.get("SWARMTUI_AUDIT_LOG")
    return Path(override) if override else state_dir() / "audit.log"


@dataclass
class AuditLog:
    path: Path
    cluster: str
    endpoint: str
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(
        self,
        action: str,
        target: str,
        params: dict[str, Any],
        outcome: str,
        detail: str = "",
        write_id: str = "",
    ) -> None:
        """Append one line, its parameters masked first (docker/secrets.py): no secret reaches
        the log. Raises OSError when the log cannot be written: the caller says so and goes on,
        since a change made or refused must still be reported."""
        entry = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "user": _user(),
            "cluster": self.cluster,
            "endpoint": self.endpoint,
            "action": action,
            "target": target,
            "params": mask_params(params),
            "outcome": outcome,
        }
        if write_id:
            entry["write"] = write_id
        if detail:
            entry["detail"] = mask_text(detail)
        line = json.dumps(entry, sort_keys=True) + "\n"
        with self._lock:
            _append_private(self.path, line)


def _append_private(path: Path, line: str) -> None:
    """Append to a file only its owner can read, in a folder only its owner can enter: the
    log names clusters, endpoints and what was done to them."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        if os.fstat(descriptor).st_mode & 0o077:
            os.fchmod(descriptor, 0o600)  # a log made by an older version was world-readable
        os.write(descriptor, line.encode("utf-8"))
    finally:
        os.close(descriptor)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


STARTED = "started"
"""The outcome of the line written before a change is sent: the intent."""


def read_entries(path: Path) -> list[dict[str, Any]]:
    """Every line: intents ("started") and outcomes ("ok", "refused", "failed")."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def read_outcomes(path: Path) -> list[dict[str, Any]]:
    """The lines that say how each write ended (or why it was refused before it started)."""
    return [entry for entry in read_entries(path) if entry["outcome"] != STARTED]
