"""Reading a task's logs answer: Docker's multiplexed frames, or a TTY's plain text.

A task without a TTY answers in frames of an 8-byte header (stream 0/1/2, three zero bytes, a
big-endian payload length) and the payload; with a TTY it is plain text. Both become lines,
each with the daemon's timestamp (`timestamps=true`).
"""

from __future__ import annotations

from .parse import parse_time
from .task_logs import LOG_TAIL, LogLine, TaskLog

_STREAMS = {0: "stdin", 1: "stdout", 2: "stderr"}
_HEADER = 8


def _frames(body: bytes) -> list[tuple[str, bytes]] | None:
    """The multiplexed frames of `body`, or None when it is not multiplexed (a TTY)."""
    frames: list[tuple[str, bytes]] = []
    offset = 0
    while offset < len(body):
        header = body[offset : offset + _HEADER]
        if len(header) < _HEADER or header[0] not in _STREAMS or header[1:4] != b"\0\0\0":
            return frames or None  # a frame cut by the byte bound ends what was read
        size = int.from_bytes(header[4:8], "big")
        frames.append((_STREAMS[header[0]], body[offset + _HEADER : offset + _HEADER + size]))
        offset += _HEADER + size
    return frames


def _line(raw: str, stream: str) -> LogLine:
    stamp, space, text = raw.partition(" ")
    when = parse_time(stamp) if space and stamp[:1].isdigit() else None
    return LogLine(text if when else raw, stream, when)


def parse_task_log(body: bytes, tail: int = LOG_TAIL, cut: bool = False) -> TaskLog:
    """The last `tail` lines of a logs answer, multiplexed or plain."""
    frames = _frames(body)
    if frames is None:
        frames = [("", body)]
    pending: dict[str, list[str]] = {}
    lines: list[LogLine] = []
    for stream, payload in frames:
        # A line can span frames: a stream's unfinished line waits for its next frame, in
        # parts joined once it ends (not re-joined per frame: thousands of tiny frames of
        # one line would take quadratic time).
        *complete, rest = payload.decode("utf-8", errors="replace").split("\n")
        if complete:
            complete[0] = "".join(pending.pop(stream, ())) + complete[0]
            lines.extend(_line(raw.removesuffix("\r"), stream) for raw in complete)
        if rest:
            pending.setdefault(stream, []).append(rest)
    lines.extend(_line("".join(rest), stream) for stream, rest in pending.items())
    return TaskLog(tuple(lines[-tail:]) if tail > 0 else (), cut=cut)
