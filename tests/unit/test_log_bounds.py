"""Everything a log stream from outside fills is bounded: a line that never ends is cut at
LINE_MAX and marked, the rest of it dropped up to its newline, in time linear in the bytes
(each byte looked at once, never more than the limit held); a frame header announcing gigabytes
is passed on in pieces."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator

from swarmtui.docker.log_split import CUT_MARK, LINE_MAX, PIECE_MAX, LineSplitter, demux
from swarmtui.docker.logs import parse_stream
from tests.support.frames import frame

STAMP = "2026-11-25T07:39:08.1Z"
DETAILS = "com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=t1"
FRAMES = 20_000
"""One-KiB frames of a `\\r` progress bar: 20 MB on one line, which once took 188 s of CPU."""


def progress_bar() -> Iterator[bytes]:
    yield frame(1, f"{STAMP} {DETAILS} downloading ".encode())
    for number in range(FRAMES):
        yield frame(1, f"\r{number:>6} ".encode().ljust(1024, b"#"))
    yield frame(1, b" done\n" + f"{STAMP} {DETAILS} next line\n".encode())


def test_a_line_without_a_newline_is_cut_and_marked_and_the_next_line_kept() -> None:
    tracemalloc.start()
    try:
        lines = list(parse_stream(progress_bar()))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [line.text for line in lines[1:]] == ["next line"]
    cut = lines[0]
    assert cut.text.startswith("downloading ") and cut.text.endswith(CUT_MARK)
    assert (cut.task_id, cut.node_id) == ("t1", "n1")  # the details before the cut are read
    assert len(cut.text.encode()) <= LINE_MAX + len(CUT_MARK.encode())
    assert "done" not in cut.text  # the rest of the line, up to its newline, is dropped
    assert peak < 1024 * 1024  # 20 MB went through; never a growing line held


def test_the_splitter_holds_at_most_the_limit_and_looks_at_each_byte_once() -> None:
    splitter = LineSplitter(limit=4096)
    fed = 0
    out: list[tuple[bytes, bool]] = []
    for number in range(FRAMES):
        chunk = f"\r{number}".encode().ljust(1024, b".")
        fed += len(chunk)
        out.extend(splitter.feed(chunk))
        assert splitter.held <= 4096
    out.extend(splitter.feed(b"tail\nshort\n"))
    assert [(len(line), cut) for line, cut in out] == [(4096, True), (5, False)]
    assert out[1][0] == b"short" and fed == FRAMES * 1024


def test_lines_at_and_around_the_limit() -> None:
    splitter = LineSplitter(limit=8)
    got = list(splitter.feed(b"12345678\n123456789\nabc"))
    got += list(splitter.feed(b"defgh"))  # the unfinished line reaches 8 bytes: kept whole …
    got += list(splitter.feed(b"i\nj"))  # … one more byte cuts it
    assert got == [(b"12345678", False), (b"12345678", True), (b"abcdefgh", True)]
    assert list(splitter.end()) == [(b"j", False)]


def test_a_huge_frame_is_passed_on_in_pieces_as_it_arrives() -> None:
    size = 20 * PIECE_MAX
    header = frame(2, b"")[:4] + size.to_bytes(4, "big")

    def chunks() -> Iterator[bytes]:
        yield header
        for _ in range(size // 1024):
            yield b"x" * 1024

    pieces = list(demux(chunks()))
    assert {kind for kind, _ in pieces} == {2}
    assert sum(len(piece) for _, piece in pieces) == size
    assert max(len(piece) for _, piece in pieces) <= PIECE_MAX
    assert len(pieces) == size // PIECE_MAX
