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

from ..docker.secrets import mask_params
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
        self, action: str, target: str, params: dict[str, Any], outcome: str, detail: str = ""
    ) -> None:
        """Append one line; a log that cannot be written must not stop the action's report.
        Parameters are masked first (docker/secrets.py): no secret reaches the log."""
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
        if detail:
            entry["detail"] = detail
        line = json.dumps(entry, sort_keys=True) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as log:
                log.write(line)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


def read_entries(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
