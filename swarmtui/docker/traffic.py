"""A count of what a client transfers, so the benchmark can report an idle dashboard's load."""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass
class Traffic:
    """Requests made and response bytes read; shared by every call of one client."""

    requests: int = 0
    bytes: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def add(self, size: int) -> None:
        with self._lock:
            self.requests += 1
            self.bytes += size
