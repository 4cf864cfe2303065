"""Logs as the logs screen shows them: whose lines (a service, a task, a stack), each line
tagged with its task and node (`web.3@node2`) in that task's colour, the filters, the bounded
buffer and the plain text a save writes. Pure: no Textual, no Docker calls."""

from __future__ import annotations

import re
import zlib
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from rich.text import Text

from ..docker.logs import LogLine
from ..docker.models import Snapshot
from ..docker.secrets import mask_text
from .palette import TASK_COLOURS
from .selection import Kind, Selection
from .text import file_line, visible

BUFFER_LINES = 10_000
"""The most lines kept: a service writing thousands a second costs this much memory, no more."""
SHOWN_CHARS = 4_000
"""A longer line is cut on screen (a save keeps it whole): one megabyte of JSON on one line must
not stall the render."""


@dataclass(frozen=True)
class LogTarget:
    """Whose logs: one stream per service or task (a stack merges its services' streams)."""

    title: str
    name: str
    """For the default file name."""
    streams: tuple[tuple[str, str], ...]
    """(API kind, id): ('services', id) or ('tasks', id)."""


def logs_target(
    snapshot: Snapshot | None, selection: Selection | None, task_id: str | None = None
) -> LogTarget:
    """The logs of the task under the cursor, else of the selected service or stack. Raises
    ValueError with a sentence when the selection has none (a node)."""
    if snapshot is None or selection is None:
        raise ValueError("Nothing is selected yet.")
    if task_id:
        task = next((t for t in snapshot.tasks if t.id == task_id), None)
        name = task.name if task else task_id[:12]
        return LogTarget(f"task {name}", name, (("tasks", task_id),))
    if selection.kind == Kind.SERVICE:
        service = snapshot.service_by_id.get(selection.key)
        name = service.name if service else selection.key[:12]
        return LogTarget(f"service {name}", name, (("services", selection.key),))
    if selection.kind == Kind.STACK:
        services = [s for s in snapshot.services if s.stack == selection.key]
        if not services:
            raise ValueError(f"Stack {selection.key} has no services.")
        streams = tuple(("services", s.id) for s in services)
        return LogTarget(f"stack {selection.key}", selection.key, streams)
    raise ValueError("A node has no logs here: select a service, a task or a stack.")


@dataclass(frozen=True, slots=True)
class LogEntry:
    line: LogLine
    task: str
    """`web.3`, or `agent.node1` for a global service's task."""
    node: str

    @property
    def tag(self) -> str:
        return f"{self.task}@{self.node}"


@dataclass
class Tagger:
    """Names each line's task and node from the snapshot; a task the snapshot does not have
    (started since the last poll, or gone) keeps a short id until `update` brings one that
    has it."""

    snapshot: Snapshot | None
    _known: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    _unknown: dict[tuple[str, str], tuple[tuple[str, str], LogLine]] = field(default_factory=dict)
    """Tagged by id for now, with a line of theirs to look them up again."""

    def entry(self, line: LogLine) -> LogEntry:
        key = (line.task_id, line.node_id)
        names = self._known.get(key)
        if names is None:
            unknown = self._unknown.get(key)
            if unknown is not None:
                return LogEntry(line, *unknown[0])
            names, known = self._names(line)
            if known:
                self._known[key] = names
            else:
                self._unknown[key] = (names, line)
        return LogEntry(line, *names)

    def learn(self, snapshot: Snapshot | None) -> bool:
        """Name lines from `snapshot` from now on (the live one, as polls land: a task started
        after the logs opened, in a crash loop or a rollout, gets its `web.7` and its colour).
        True when a task tagged by its id so far has a name now: lines already tagged should
        be tagged again."""
        if snapshot is None or snapshot is self.snapshot:
            return False
        self.snapshot = snapshot
        unknown, self._unknown = self._unknown, {}
        named = False
        for key, (_, line) in unknown.items():
            names, known = self._names(line)
            if known:
                self._known[key] = names
                named = True
            else:
                self._unknown[key] = (names, line)
        return named

    def _names(self, line: LogLine) -> tuple[tuple[str, str], bool]:
        snapshot = self.snapshot
        node = snapshot.node_name(line.node_id) if snapshot else line.node_id[:12]
        task = next((t for t in snapshot.tasks if t.id == line.task_id), None) if snapshot else None
        if task is not None:
            suffix = str(task.slot) if task.slot else node
            return (f"{task.service_name}.{suffix}", node), True
        service = snapshot.service_by_id.get(line.service_id) if snapshot else None
        prefix = service.name if service else line.service_id[:12]
        return (f"{prefix}.{line.task_id[:12]}", node), False


def task_colour(task: str, colours: tuple[str, ...] = TASK_COLOURS) -> str:
    """The same colour for a task wherever and whenever it shows (from its name, not the
    order lines came in): a service's slots take the colours in turn from a place its name
    picks, so up to len(colours) replicas never share one."""
    service, _, slot = task.rpartition(".")
    if service and slot.isdigit():
        return colours[(zlib.crc32(service.encode()) + int(slot)) % len(colours)]
    return colours[zlib.crc32(task.encode()) % len(colours)]


@dataclass(frozen=True)
class LogFilter:
    text: str = ""
    """A substring (any case), `/regex/`, either negated by a leading `!`."""
    task: str = ""
    """`web.3` or part of it; matches the tag's task part."""
    node: str = ""
    """A node's hostname or part of it."""

    def __post_init__(self) -> None:
        self.pattern()  # a bad regex is refused when the filter is made

    def pattern(self) -> tuple[re.Pattern[str] | None, bool]:
        """The compiled text filter and whether it is negated; ValueError for a bad regex."""
        text = self.text
        negated = text.startswith("!")
        text = text[1:] if negated else text
        if not text:
            return None, False
        if len(text) > 1 and text.startswith("/") and text.endswith("/"):
            try:
                return re.compile(text[1:-1]), negated
            except re.error as error:
                raise ValueError(f"Not a regular expression: {error}.") from None
        return re.compile(re.escape(text), re.IGNORECASE), negated

    def __bool__(self) -> bool:
        return bool(self.text or self.task or self.node)

    def matcher(self) -> _Matcher:
        pattern, negated = self.pattern()
        return _Matcher(pattern, negated, self.task.lower(), self.node.lower())

    def describe(self) -> str:
        parts = [f"text {self.text}" if self.text else "", f"task {self.task}" if self.task else ""]
        parts.append(f"node {self.node}" if self.node else "")
        return ", ".join(part for part in parts if part)


@dataclass(frozen=True)
class _Matcher:
    pattern: re.Pattern[str] | None
    negated: bool
    task: str
    node: str

    def __call__(self, entry: LogEntry) -> bool:
        if self.task and self.task not in entry.task.lower():
            return False
        if self.node and self.node not in entry.node.lower():
            return False
        if self.pattern is None:
            return True
        return (self.pattern.search(entry.line.text) is None) == self.negated


class LogBuffer:
    """The last `size` lines, in the order shown; older ones drop off the front."""

    def __init__(self, size: int = BUFFER_LINES) -> None:
        self.lines: deque[LogEntry] = deque(maxlen=size)
        self.received = 0
        """Lines ever added, dropped ones included."""

    def add(self, entries: Sequence[LogEntry]) -> None:
        self.lines.extend(entries)
        self.received += len(entries)

    def retag(self, tagger: Tagger) -> None:
        """Every line named again (a newer snapshot knows tasks it did not)."""
        self.lines = deque((tagger.entry(entry.line) for entry in self.lines), self.lines.maxlen)

    @property
    def dropped(self) -> int:
        return max(0, self.received - len(self.lines))

    def filtered(self, log_filter: LogFilter) -> list[LogEntry]:
        if not log_filter:
            return list(self.lines)
        match = log_filter.matcher()
        return [entry for entry in self.lines if match(entry)]


# Text -----------------------------------------------------------------------------------------


def clock(time_ns: int) -> str:
    if not time_ns:
        return " " * 12
    stamp = datetime.fromtimestamp(time_ns / 1e9, UTC)
    return stamp.strftime("%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}"


def entry_text(
    entry: LogEntry, colours: tuple[str, ...], search: re.Pattern[str] | None = None
) -> Text:
    """One line: time, the task's tag in its colour, then the text with every control shown
    (`␛[31m`, not red) and search matches highlighted. The tag holds names from the cluster,
    so its controls are shown too."""
    body = visible(entry.line.text[:SHOWN_CHARS], one_line=True)
    text = Text.assemble(
        (clock(entry.line.time_ns) + " ", "dim"),
        (visible(entry.tag, one_line=True), task_colour(entry.task, colours)),
        (" ! " if entry.line.stream == "stderr" else "   ", "bold red"),
        body,
    )
    if search is not None:
        start = len(text) - len(body)
        for match in search.finditer(body):
            if match.end() > match.start():
                text.stylize("reverse", start + match.start(), start + match.end())
    return text


def plain_line(entry: LogEntry) -> str:
    """A saved line, as `docker service logs --timestamps` prints it: tag, time, text as
    written but for the controls a terminal would obey when the file is `cat`ed (shown as
    in the dashboard, tabs kept: render.text.file_line) and a newline in a name."""
    line = entry.line
    stamp = datetime.fromtimestamp(line.time_ns // 1_000_000_000, UTC) if line.time_ns else None
    when = (
        stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{line.time_ns % 1_000_000_000:09d}Z "
        if stamp
        else ""
    )
    return file_line(f"{entry.tag} {when}{line.text}")


def saved_text(entries: Sequence[LogEntry]) -> str:
    """What a save writes: a plain_line per entry, secret-looking values masked (a file
    outlives the screen and is passed around: attached to tickets, pasted in chats)."""
    return "".join(mask_text(plain_line(entry)) + "\n" for entry in entries)


def default_file_name(name: str, now: datetime) -> str:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name) or "logs"
    return f"{safe}-{now.strftime('%Y%m%d-%H%M%S')}.log"
