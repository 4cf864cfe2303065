"""Measure the installed dashboard where users pay for it: in a real terminal (tmux, 160×48).

    .venv/bin/python scripts/bench_pty.py --host unix:///run/swarmtui-lab/bench/node1/docker.sock
    .venv/bin/python scripts/bench_pty.py --build --services 1000   # builds the 'bench' lab

Starts `.venv/bin/swarmtui` in a tmux pane against a swarm, and reads what the operator pays:
CPU seconds per minute of the whole process tree while nothing changes, its RSS, how long until
the screen shows the cluster, how long a key takes to change the screen, and how long a scale
made through the API takes to show. In the same run it measures the reference, a shell loop of
`clear; docker service ls; sleep 2` in the same terminal size, and prints both and their ratio.
Ends with one JSON line. Measured and reported, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SWARMLAB = ROOT / "lab" / "swarmlab"
SESSION = "swarmtui-bench"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def log(message: str) -> None:
    print(f"[bench-pty {time.strftime('%H:%M:%S')}] {message}", flush=True)


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def start(window: str, command: str, size: tuple[int, int]) -> int:
    """Run `command` in a new tmux window of `size`; returns the pane's process id."""
    width, height = size
    stop(window)  # a session left by an interrupted run
    tmux("new-session", "-d", "-s", f"{SESSION}-{window}", "-x", str(width), "-y", str(height),
         command)  # fmt: skip
    return int(tmux("display-message", "-p", "-t", f"{SESSION}-{window}", "#{pane_pid}"))


def stop(window: str) -> None:
    subprocess.run(
        ["tmux", "kill-session", "-t", f"{SESSION}-{window}"], capture_output=True, check=False
    )


def screen(window: str) -> str:
    return tmux("capture-pane", "-p", "-t", f"{SESSION}-{window}")


def tree(pid: int) -> list[int]:
    """The process and all its descendants, read from /proc."""
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


def wait_for_screen(window: str, wanted: str, timeout: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if wanted in screen(window):
            return time.monotonic() - started
        time.sleep(0.01)
    return None


def idle_cpu(pid: int, seconds: float) -> float:
    before = cpu_seconds(pid)
    time.sleep(seconds)
    return (cpu_seconds(pid) - before) * 60 / seconds


def key_latencies(window: str, presses: int) -> list[float]:
    """A view switch through the terminal, until the screen shows the other pane's title."""
    latencies = []
    for number in range(presses):
        key, title = ("2", "[2] Nodes") if number % 2 == 0 else ("3", "[3] Placement")
        before = screen(window)
        started = time.monotonic()
        tmux("send-keys", "-t", f"{SESSION}-app", key)
        while time.monotonic() - started < 5:
            now = screen(window)
            if now != before and title in now:
                latencies.append((time.monotonic() - started) * 1000)
                break
            time.sleep(0.002)
        time.sleep(0.3)
    return latencies


def measure(args: argparse.Namespace, host: str) -> dict[str, float]:
    size = (args.width, args.height)
    swarmtui = ROOT / ".venv" / "bin" / "swarmtui"
    started = time.monotonic()
    pid = start("app", f"{swarmtui} --host {host} --interval {args.interval}", size)
    first = wait_for_screen("app", "● live", args.first_render_timeout)
    results: dict[str, float] = {"first_render_s": first if first is not None else -1.0}
    log(f"first render after {results['first_render_s']:.2f} s (pid {pid})")
    time.sleep(args.warmup)
    results["idle_cpu_s_per_min"] = idle_cpu(pid, args.idle)
    results["rss_mb"], results["peak_rss_mb"] = rss_mb(pid)
    latencies = key_latencies("app", args.keys)
    if latencies:
        results["key_latency_median_ms"] = statistics.median(latencies)
        results["key_latency_p95_ms"] = sorted(latencies)[int(0.95 * (len(latencies) - 1))]
    stop("app")
    log(f"dashboard measured in {time.monotonic() - started:.0f} s")
    loop = f"sh -c 'while :; do clear; docker -H {host} service ls; sleep {args.interval}; done'"
    reference = start("loop", loop, size)
    time.sleep(args.warmup)
    results["loop_cpu_s_per_min"] = idle_cpu(reference, args.idle)
    stop("loop")
    results["idle_cpu_ratio_to_loop"] = results["idle_cpu_s_per_min"] / max(
        results["loop_cpu_s_per_min"], 1e-9
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", help="a manager of the swarm to measure")
    parser.add_argument("--build", action="store_true", help="build the 'bench' lab first")
    parser.add_argument("--nodes", type=int, default=5)
    parser.add_argument("--services", type=int, default=1000)
    parser.add_argument("--replicas", type=int, default=10)
    parser.add_argument("--width", type=int, default=160)
    parser.add_argument("--height", type=int, default=48)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--idle", type=float, default=60.0)
    parser.add_argument("--keys", type=int, default=20)
    parser.add_argument("--first-render-timeout", type=float, default=60.0)
    args = parser.parse_args()
    host = args.host
    if args.build:
        env = {**os.environ, "SWARMLAB_SERVICES": str(args.services),
               "SWARMLAB_REPLICAS": str(args.replicas)}  # fmt: skip
        subprocess.run(
            [str(SWARMLAB), "up", "--name", "bench", "--nodes", str(args.nodes),
             "--workload", "large"],
            check=True, env=env,
        )  # fmt: skip
        host = subprocess.check_output(
            [str(SWARMLAB), "host", "node1", "--name", "bench"], text=True
        ).strip()
    if not host:
        sys.exit("give --host or --build")
    results = measure(args, host)
    for key, value in results.items():
        print(f"  {key:28} {value:,.3f}")
    print(json.dumps({key: round(value, 3) for key, value in results.items()}))


if __name__ == "__main__":
    main()
