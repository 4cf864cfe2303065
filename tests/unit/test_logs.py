"""Logs without Textual or a daemon: the frame demultiplexer, the line parser, the reorder
window, the filters, the bounded buffer and the text shown and saved."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from swarmtui.docker.errors import DaemonError
from swarmtui.docker.logs import (
    LogLine,
    LogOptions,
    ReorderBuffer,
    demux,
    parse_line,
    parse_since,
    parse_stream,
    timestamp_ns,
    unreadable,
)
from swarmtui.docker.replay import ReplayApi
from swarmtui.render.logs import (
    LogBuffer,
    LogEntry,
    LogFilter,
    Tagger,
    default_file_name,
    entry_text,
    logs_target,
    plain_line,
    task_colour,
)
from swarmtui.render.palette import TASK_COLOURS
from swarmtui.render.selection import Selection
from tests.support.frames import frame
from tests.support.replay import RECORDING, by_name, lab_snapshot

DETAILS = "com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=t1"


def test_demux_reassembles_frames_split_anywhere() -> None:
    data = frame(1, b"out one\n") + frame(2, b"err two\n") + frame(1, b"")
    expected = [(1, b"out one\n"), (2, b"err two\n"), (1, b"")]
    assert list(demux([data])) == expected
    assert list(demux([data[i : i + 1] for i in range(len(data))])) == expected
    assert list(demux([data[:3], data[3:11], data[11:]])) == expected


def test_demux_passes_a_tty_stream_through_and_an_unframed_error_after_frames() -> None:
    assert list(demux([b"plain tty output\n", b"more\n"])) == [
        (1, b"plain tty output\n"),
        (1, b"more\n"),
    ]
    data = frame(1, b"fine\n") + b"Error grabbing logs: rpc error\n"
    lines = parse_stream([data])
    assert next(lines).text == "fine"
    with pytest.raises(DaemonError, match="Error grabbing logs: rpc error"):
        next(lines)


def test_a_system_error_frame_raises_the_daemons_words() -> None:
    data = frame(3, b"configured logging driver does not support reading")
    with pytest.raises(DaemonError, match="does not support reading"):
        list(parse_stream([data]))
    sentence = unreadable("web", "configured logging driver does not support reading")
    assert sentence.startswith("The logs of web cannot be read through the manager")


def test_parse_line_reads_time_details_and_text() -> None:
    line = parse_line("stderr", f"2026-11-25T07:39:08.000000123Z {DETAILS} hello  world\r")
    assert line == LogLine(
        timestamp_ns("2026-11-25T07:39:08.000000123Z"), "stderr", "hello  world", "s1", "t1", "n1"
    )
    assert line.time_ns % 1_000_000_000 == 123
    assert timestamp_ns("2026-11-25T07:39:08.5Z") - timestamp_ns("2026-11-25T07:39:08Z") == 5e8
    bare = parse_line("stdout", "no timestamp here")
    assert (bare.time_ns, bare.text, bare.task_id) == (0, "no timestamp here", "")


def test_parse_stream_splits_lines_inside_and_across_frames() -> None:
    stamp = "2026-11-25T07:39:08.1Z"
    data = frame(1, f"{stamp} {DETAILS} a\n{stamp} {DETAILS} b\n".encode()) + frame(
        2, f"{stamp} {DETAILS} c\n".encode()
    )
    lines = list(parse_stream([data]))
    assert [(line.text, line.stream) for line in lines] == [
        ("a", "stdout"),
        ("b", "stdout"),
        ("c", "stderr"),
    ]


def line_at(seconds: float, text: str = "") -> LogLine:
    return LogLine(int(seconds * 1e9), "stdout", text or str(seconds))


def test_the_reorder_window_lets_a_late_line_overtake() -> None:
    window = ReorderBuffer(window=0.25)
    window.push([line_at(10.2), line_at(10.4)], now=100.0)  # node1's lines
    window.push([line_at(10.1), line_at(10.3)], now=100.1)  # node2's, relayed a bit later
    assert window.due(100.2) == []  # nothing held long enough yet
    assert [x.time_ns / 1e9 for x in window.due(100.3)] == []  # 10.1 (due at 100.35) holds back
    assert [x.time_ns / 1e9 for x in window.due(100.36)] == [10.1, 10.2, 10.3, 10.4]
    window.push([line_at(9.0)], now=101.0)  # too late: out of order, but not lost
    assert [x.time_ns / 1e9 for x in window.due(101.3)] == [9.0]
    window.push([line_at(11.0)], now=102.0)
    assert len(window.due(102.0, everything=True)) == 1 and len(window) == 0


def entry(text: str, task: str = "web.1", node: str = "node1") -> LogEntry:
    return LogEntry(LogLine(1, "stdout", text), task, node)


def test_filters_text_regex_negation_task_and_node() -> None:
    entries = [
        entry("GET /health 200", "web.1", "node1"),
        entry("ERROR timeout", "web.2", "node2"),
        entry("error: disk", "web.12", "node3"),
    ]

    def shown(log_filter: LogFilter) -> list[str]:
        return [e.line.text for e in entries if log_filter.matcher()(e)]

    assert shown(LogFilter(text="error")) == ["ERROR timeout", "error: disk"]
    assert shown(LogFilter(text="!error")) == ["GET /health 200"]
    assert shown(LogFilter(text="/^[A-Z]+ /")) == ["GET /health 200", "ERROR timeout"]
    assert shown(LogFilter(text="!/^[A-Z]+ /")) == ["error: disk"]
    assert shown(LogFilter(task="web.1")) == ["GET /health 200", "error: disk"]
    assert shown(LogFilter(node="node2")) == ["ERROR timeout"]
    assert shown(LogFilter(text="error", node="node3")) == ["error: disk"]
    with pytest.raises(ValueError, match="Not a regular expression"):
        LogFilter(text="/(unclosed/")


def test_the_buffer_keeps_the_last_lines_only() -> None:
    buffer = LogBuffer(size=100)
    for batch in range(30):
        buffer.add([entry(f"{batch}-{n}") for n in range(10)])
    assert len(buffer.lines) == 100 and buffer.received == 300 and buffer.dropped == 200
    assert buffer.lines[0].line.text == "20-0" and buffer.lines[-1].line.text == "29-9"
    assert len(buffer.filtered(LogFilter(text="29-"))) == 10


def test_shown_text_makes_controls_visible_and_highlights_matches() -> None:
    text = entry_text(entry("\x1b[31mred\x1b[0m and red"), ("cyan",), re.compile("red"))
    assert "␛[31mred␛[0m and red" in text.plain and "\x1b" not in text.plain
    highlighted = [
        text.plain[span.start : span.end] for span in text.spans if span.style == "reverse"
    ]
    assert highlighted == ["red", "red"]
    saved = plain_line(
        LogEntry(parse_line("stdout", f"2026-11-25T07:39:08.1Z {DETAILS} x"), "web.1", "n")
    )
    assert saved == "web.1@n 2026-11-25T07:39:08.100000000Z x"


def tag_style(entry: LogEntry) -> str:
    """The style of the line's `task@node` tag, as entry_text draws it."""
    text = entry_text(entry, TASK_COLOURS)
    start = text.plain.index(entry.tag)
    styles = {
        str(span.style)
        for span in text.spans
        if span.start <= start and span.end >= start + len(entry.tag)
    }
    assert len(styles) == 1
    return styles.pop()


def test_each_task_has_its_own_colour_on_every_line() -> None:
    first = tag_style(entry("GET /", "web.1", "node1"))
    again = tag_style(entry("a later line, another node", "web.1", "node2"))
    other = tag_style(entry("GET /", "web.2", "node1"))
    assert first == again == task_colour("web.1")  # the same task: the same colour
    assert other == task_colour("web.2") != first  # another task: another colour
    assert {first, other} <= set(TASK_COLOURS)


def test_since_and_options() -> None:
    assert parse_since("10m", now=1000.0) == 400.0
    assert parse_since("", now=1000.0) is None
    assert parse_since("2026-11-25T07:00:00Z") == datetime(2026, 11, 25, 7, tzinfo=UTC).timestamp()
    with pytest.raises(ValueError, match="no duration nor time"):
        parse_since("yesterday")
    params = LogOptions(tail=None, since=12.5).params()
    assert params["tail"] == "all" and params["since"] == "12.500000000"
    assert params["timestamps"] == params["details"] == params["follow"] == 1
    assert (
        default_file_name("shop/api", datetime(2026, 1, 2, 3, 4, 5))
        == "shop_api-20260102-030405.log"
    )


def test_targets_and_tags_from_the_recording() -> None:
    snapshot = lab_snapshot(ReplayApi(RECORDING))
    web = by_name(snapshot, "web")
    assert logs_target(snapshot, Selection.service(web.id)).streams == (("services", web.id),)
    stack = logs_target(snapshot, Selection.stack("shop"))
    assert len(stack.streams) == 2 and stack.title == "stack shop"
    task = next(t for t in snapshot.tasks if t.service_id == web.id and t.slot == 3)
    assert logs_target(snapshot, Selection.service(web.id), task.id).streams == (
        ("tasks", task.id),
    )
    with pytest.raises(ValueError, match="A node has no logs"):
        logs_target(snapshot, Selection.of_node(snapshot.nodes[0].id))
    tagger = Tagger(snapshot)
    line = LogLine(1, "stdout", "x", web.id, task.id, task.node_id)
    assert tagger.entry(line).tag == f"web.3@{snapshot.node_name(task.node_id)}"
    gone = LogLine(1, "stdout", "x", web.id, "abcdefabcdefabcdef", task.node_id)
    assert tagger.entry(gone).task == "web.abcdefabcdef"


def test_a_services_replicas_never_share_a_colour_up_to_the_palettes_size() -> None:
    for service in ("web", "shop_api", "crashloop"):
        colours = [task_colour(f"{service}.{slot}") for slot in range(1, len(TASK_COLOURS) + 1)]
        assert len(set(colours)) == len(TASK_COLOURS)
    assert task_colour("agent.k3l2j1h") in TASK_COLOURS  # a global task: by its whole name
