"""A log stream's bytes, cut into frames and lines with a bound on everything held: the
daemon's 8-byte frame headers (stream type, three zero bytes, big-endian length), or a TTY
service's raw bytes, then lines of at most LINE_MAX bytes. Linear time whatever comes in."""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator

STDOUT, STDERR, SYSTEMERR = 1, 2, 3
_HEADER = struct.Struct(">BxxxL")
LINE_MAX = 16 * 1024
"""The longest line kept, in bytes, its timestamp and task details included (the daemon's own
log drivers split lines at 16 KiB too): a stream that never writes a newline must not grow one
line without bound, nor take quadratic time to split it. A longer line is cut and marked."""
CUT_MARK = " … [cut: longer than 16 KiB]"
PIECE_MAX = 64 * 1024
"""The most of one frame held before it is passed on (see demux)."""


def demux(chunks: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """(stream type, payload) per frame, whatever the chunking; a frame longer than PIECE_MAX
    comes out in pieces of at most that, as its bytes arrive (a header may announce 4 GiB: no
    frame is held whole). A stream that does not start with a frame header (a TTY service)
    comes out as stdout as it is; so does whatever follows a broken header (an older daemon
    writes its error there unframed)."""
    raw: bool | None = None
    header = b""  # the next frame's header, while fewer than its 8 bytes have come
    kind, remaining = STDOUT, 0
    parts: list[bytes] = []
    held = 0
    for chunk in chunks:
        if raw:
            yield STDOUT, chunk
            continue
        if raw is None:
            header += chunk
            if len(header) < 8:
                continue
            raw = not _is_header(header)
            data, header = header, b""
            if raw:
                yield STDOUT, data
                continue
        else:
            data = chunk
        at, size = 0, len(data)
        while at < size:
            if remaining:
                piece = data[at : at + min(remaining, PIECE_MAX - held)]
                at += len(piece)
                remaining -= len(piece)
                parts.append(piece)
                held += len(piece)
                if not remaining or held >= PIECE_MAX:
                    yield kind, b"".join(parts)
                    parts, held = [], 0
                continue
            taken = data[at : at + 8 - len(header)]
            header += taken
            at += len(taken)
            if len(header) < 8:
                break
            if not _is_header(header):
                raw = True
                yield STDOUT, header + data[at:]
                header = b""
                break
            kind, remaining = _HEADER.unpack(header)
            header = b""
            if not remaining:
                yield kind, b""
    if parts:  # a frame the stream ended in the middle of
        yield kind, b"".join(parts)
    if header:
        yield STDOUT, header


def _is_header(data: bytes) -> bool:
    return data[0] <= SYSTEMERR and data[1:4] == b"\0\0\0"


class LineSplitter:
    """Cuts one stream's bytes into lines of at most LINE_MAX bytes, in time linear in its
    size: each byte is looked at once, and at most LINE_MAX bytes of a line are held. A longer
    line comes out as soon as it passes the limit, marked cut; the rest of it, up to its next
    newline, is dropped (a `\\r` progress bar that never writes a newline is one such line)."""

    def __init__(self, limit: int = LINE_MAX) -> None:
        self.limit = limit
        self._parts: list[bytes] = []
        self.held = 0
        """Bytes of the unfinished line kept (never more than `limit`)."""
        self._dropping = False

    def feed(self, data: bytes) -> Iterator[tuple[bytes, bool]]:
        """(line without its newline, whether it was cut) for each line `data` ends."""
        start, size = 0, len(data)
        while True:
            end = data.find(b"\n", start)
            stop = size if end < 0 else end
            if not self._dropping:
                room = self.limit - self.held
                if stop - start > room:
                    self._keep(data[start : start + room])
                    yield self._take(), True
                    self._dropping = True
                else:
                    self._keep(data[start:stop])
            if end < 0:
                return
            if self._dropping:
                self._dropping = False  # the cut line ends here; it went out when it was cut
            else:
                yield self._take(), False
            start = end + 1

    def end(self) -> Iterator[tuple[bytes, bool]]:
        """The unfinished last line, when the stream ends."""
        if self.held and not self._dropping:
            yield self._take(), False

    def _keep(self, piece: bytes) -> None:
        if piece:
            self._parts.append(piece)
            self.held += len(piece)

    def _take(self) -> bytes:
        line = b"".join(self._parts)
        self._parts, self.held = [], 0
        return line
