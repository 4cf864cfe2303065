"""Service and task logs as the manager streams them: the frame demultiplexer, the line parser
and the reorder window that merges every task's lines in time order.

The daemon answers `/services/{id}/logs` and `/tasks/{id}/logs` with 8-byte framed chunks
(stream type, three zero bytes, big-endian length) unless the service has a TTY, in which case
the bytes come raw. With `timestamps` and `details` each line reads
`<RFC3339 nano time> com.docker.swarm.node.id=…,com.docker.swarm.service.id=…,
com.docker.swarm.task.id=… <text>`, which is how lines get their task and node.
"""

from __future__ import annotations

import heapq
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import unquote_plus

from .errors import DaemonError
from .log_split import (
    CUT_MARK,
    PIECE_MAX,
    STDERR,
    STDOUT,
    SYSTEMERR,
    LineSplitter,
    demux,
)

_DETAIL = "com.docker.swarm."
REORDER_WINDOW_S = 0.25
"""How long a line is held so a slightly later line from another node can overtake it."""


@dataclass(frozen=True, slots=True)
class LogLine:
    time_ns: int
    """Nanoseconds since the epoch, from the daemon's timestamp (0 when there was none)."""
    stream: str
    """'stdout' or 'stderr'."""
    text: str
    """As the task wrote it, without its newline: outside text, never markup."""
    service_id: str = ""
    task_id: str = ""
    node_id: str = ""


@dataclass(frozen=True)
class LogOptions:
    follow: bool = True
    tail: int | None = 200
    """Lines per task to start from; None: all the daemon kept."""
    since: float | None = None
    """A Unix time; only lines after it."""

    def params(self) -> dict[str, str | int]:
        params: dict[str, str | int] = {
            "stdout": 1,
            "stderr": 1,
            "timestamps": 1,
            "details": 1,
            "follow": 1 if self.follow else 0,
            "tail": "all" if self.tail is None else self.tail,
        }
        if self.since is not None:
            params["since"] = f"{self.since:.9f}"
        return params


_SINCE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_since(value: str, now: float | None = None) -> float | None:
    """`10m`, `2h`, `30s`, `1d` before now, or an ISO time; empty: no limit. Raises
    ValueError with a sentence otherwise."""
    value = value.strip()
    if not value:
        return None
    now = time.time() if now is None else now
    relative = _SINCE.match(value)
    if relative:
        return now - float(relative.group(1)) * _UNITS[relative.group(2)]
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"{value!r} is no duration nor time: use 30s, 10m, 2h, 1d or 2026-11-25T07:00"
        ) from None
    return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).timestamp()


def unreadable(name: str, error: str) -> str:
    """One sentence for logs the manager could not give."""
    if "does not support reading" in error:
        return (
            f"The logs of {name} cannot be read through the manager: its logging driver does "
            f"not support reading ({error})."
        )
    return f"Could not read the logs of {name}: {error}"


# Frames ---------------------------------------------------------------------------------------


def parse_stream(
    chunks: Iterable[bytes], count: Callable[[int], object] | None = None
) -> Iterator[LogLine]:
    """The lines of a log stream, each at most LINE_MAX bytes (a longer one ends in CUT_MARK);
    the daemon's own error inside it raises DaemonError. `count` is told the size of each
    chunk (the client's traffic figure)."""
    if count is not None:
        chunks = _counted(chunks, count)
    splitters: dict[str, LineSplitter] = {}
    for kind, payload in demux(chunks):
        if kind == SYSTEMERR or (kind == STDOUT and payload.startswith(b"Error grabbing logs")):
            raise DaemonError(payload[:PIECE_MAX].decode(errors="replace").strip())
        stream = "stderr" if kind == STDERR else "stdout"
        splitter = splitters.get(stream) or splitters.setdefault(stream, LineSplitter())
        for raw, cut in splitter.feed(payload):
            yield _line(stream, raw, cut)
    for stream, splitter in splitters.items():
        for raw, cut in splitter.end():
            yield _line(stream, raw, cut)


def _line(stream: str, raw: bytes, cut: bool) -> LogLine:
    entry = parse_line(stream, raw.decode(errors="replace"))
    return replace(entry, text=entry.text + CUT_MARK) if cut else entry


def _counted(chunks: Iterable[bytes], count: Callable[[int], object]) -> Iterator[bytes]:
    for chunk in chunks:
        count(len(chunk))
        yield chunk


def parse_line(stream: str, value: str) -> LogLine:
    """`<time> <details> <text>`; a part that is not there is left empty."""
    stamp, _, rest = value.partition(" ")
    time_ns = timestamp_ns(stamp)
    if not time_ns:
        rest, time_ns = value, 0
    details: dict[str, str] = {}
    if rest.startswith(_DETAIL):
        head, _, rest = rest.partition(" ")
        for pair in head.split(","):
            key, _, item = pair.partition("=")
            details[unquote_plus(key).removeprefix(_DETAIL)] = unquote_plus(item)
    return LogLine(
        time_ns,
        stream,
        rest.removesuffix("\r"),
        details.get("service.id", ""),
        details.get("task.id", ""),
        details.get("node.id", ""),
    )


@lru_cache(maxsize=4096)
def _epoch(seconds: str) -> int:
    return int(datetime.fromisoformat(seconds).replace(tzinfo=UTC).timestamp())


def timestamp_ns(stamp: str) -> int:
    """RFC 3339 UTC with up to nine decimals (`2026-11-25T07:39:08.123456789Z`); 0 if not."""
    if len(stamp) < 20 or stamp[4] != "-" or stamp[10] != "T" or not stamp.endswith("Z"):
        return 0
    seconds, _, fraction = stamp[:-1].partition(".")
    try:
        return _epoch(seconds) * 1_000_000_000 + int((fraction or "0").ljust(9, "0")[:9])
    except ValueError:
        return 0


# Merging --------------------------------------------------------------------------------------


class ReorderBuffer:
    """Holds each line `window` seconds, then lets lines out in timestamp order: the manager
    relays every node's lines as they arrive, so a line from a slower node can come a little
    after a later line from another; held briefly, they come out in the order written."""

    def __init__(self, window: float = REORDER_WINDOW_S) -> None:
        self.window = window
        self._held: list[tuple[int, int, float, LogLine]] = []
        self._count = 0

    def __len__(self) -> int:
        return len(self._held)

    def push(self, lines: Iterable[LogLine], now: float) -> None:
        for entry in lines:
            self._count += 1
            heapq.heappush(self._held, (entry.time_ns, self._count, now, entry))

    def due(self, now: float, everything: bool = False) -> list[LogLine]:
        """Lines whose time has come, oldest timestamp first; a held line that is not due
        yet holds back the lines written after it (for at most one more window)."""
        out: list[LogLine] = []
        held = self._held
        while held and (everything or held[0][2] + self.window <= now):
            out.append(heapq.heappop(held)[3])
        return out
