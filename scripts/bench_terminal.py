"""What the benchmark reads from a real terminal: tmux sessions at a fixed size, what they
show, and the CPU and memory of the process tree running in them (read from /proc)."""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time
from pathlib import Path

SESSION = "swarmtui-bench"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def start(window: str, command: str, size: tuple[int, int]) -> int:
    """Run `command` in a new tmux session of `size`; returns the pane's process id."""
    width, height = size
    stop(window)  # a session left by an interrupted run
    tmux("new-session", "-d", "-s", f"{SESSION}-{window}", "-x", str(width), "-y", str(height),
         command)  # fmt: skip
    return int(tmux("display-message", "-p", "-t", f"{SESSION}-{window}", "#{pane_pid}"))


def stop(window: str) -> None:
    subprocess.run(
        ["tmux", "kill-session", "-t", f"{SESSION}-{window}"], capture_output=True, check=False
    )


def keys(window: str, *names: str) -> None:
    tmux("send-keys", "-t", f"{SESSION}-{window}", *names)


def screen(window: str, styled: bool = False, first: int = 0, last: int = -1) -> str:
    """The text on screen (lines first..last); styled keeps the colours, so a cursor that
    moved is a change too."""
    args = ["capture-pane", "-p", "-t", f"{SESSION}-{window}", "-S", str(first)]
    if last >= 0:
        args += ["-E", str(last)]
    if styled:
        args.append("-e")
    return tmux(*args)


def wait_for_screen(window: str, wanted: str, timeout: float) -> float | None:
    """Seconds until `wanted` is on screen; None when it never came."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if wanted in screen(window):
            return time.monotonic() - started
        time.sleep(0.01)
    return None


def tree(pid: int) -> list[int]:
    """The process and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(children.get(current, []))
    return found


def cpu_seconds(pid: int) -> float:
    """User + system time of the tree, children that already exited included."""
    total = 0
    for member in tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return total / CLOCK_TICKS


def rss_mb(pid: int) -> tuple[float, float]:
    """(RSS, peak RSS) of the tree's largest process, in MB."""
    best = (0.0, 0.0)
    for member in tree(pid):
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        values = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        rss = int(values.get("VmRSS", "0 kB").split()[0]) / 1024
        peak = int(values.get("VmHWM", "0 kB").split()[0]) / 1024
        best = max(best, (rss, peak))
    return best


def cpu_per_minute(pid: int, seconds: float) -> float:
    before = cpu_seconds(pid)
    time.sleep(seconds)
    return (cpu_seconds(pid) - before) * 60 / seconds


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return -1.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))]


class PaneOutput:
    """What the program in a tmux pane writes, as tmux reads it (pipe-pane into a FIFO), with
    the time each chunk came: a screen change is seen the moment it is drawn, without polling
    capture-pane (which costs a process per look on the machine being measured)."""

    MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")

    def __init__(self, window: str) -> None:
        self.window = window
        self.fifo = Path(f"/tmp/{SESSION}-{window}.fifo")
        self.chunks: list[tuple[float, bytes]] = []
        self._arrived = threading.Condition()

    def __enter__(self) -> PaneOutput:
        self.fifo.unlink(missing_ok=True)
        os.mkfifo(self.fifo)
        tmux("pipe-pane", "-o", "-t", f"{SESSION}-{self.window}", f"cat > {self.fifo}")
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def __exit__(self, *_: object) -> None:
        subprocess.run(["tmux", "pipe-pane", "-t", f"{SESSION}-{self.window}"], check=False)
        self.fifo.unlink(missing_ok=True)

    def _read(self) -> None:
        with open(self.fifo, "rb", buffering=0) as stream:
            while chunk := stream.read(65536):
                with self._arrived:
                    self.chunks.append((time.monotonic(), chunk))
                    del self.chunks[:-200]
                    self._arrived.notify_all()

    def drawn_in_rows(self, since: float, rows: range, timeout: float) -> float | None:
        """The time (monotonic) of the first output after `since` drawing in `rows` (1-based
        terminal rows); None if nothing was drawn there within `timeout`."""
        deadline = since + timeout
        with self._arrived:
            while True:
                for at, chunk in self.chunks:
                    if at >= since and any(int(row) in rows for row, _ in self.MOVE.findall(chunk)):
                        return at
                left = deadline - time.monotonic()
                if left <= 0 or not self._arrived.wait(left):
                    return None
