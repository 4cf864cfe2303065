"""Docker's multiplexed log frames, as the daemon sends them for a task or service's logs."""

from __future__ import annotations

import struct


def frame(stream: int, payload: bytes) -> bytes:
    """One frame: the stream (1 stdout, 2 stderr), three zero bytes, the length, the bytes."""
    return struct.pack(">BxxxL", stream, len(payload)) + payload
