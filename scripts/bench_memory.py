"""RSS of the dashboard under churn, in-process and synthetic: no lab, no terminal.

    .venv/bin/python scripts/bench_memory.py                     # 1000 and 5000 services
    .venv/bin/python scripts/bench_memory.py --services 1000 --polls 900 --trace

The real app runs headless (`run_test`, 160x48) over scripts/synth_swarm.py's swarm (services
of 10 tasks). Each poll first changes `--changes` services (rolling updates and scales, now
and then one removed and one created); the clock the app is given moves `--interval` seconds
per poll, so the poller's full reads come on its own schedule as they would live (every 5
minutes with events flowing), and the frozen set is renewed every 2 minutes of that clock as
the real app does. RSS is read from /proc/self/statm after the first screen, after the
warm-up, and every `--every` polls; `--trace` also compares tracemalloc snapshots (warm-up
against the end: where Python's own allocations grew) and slows everything down.
Figures are this process's, synthetic and in-process: a second opinion beside `make bench`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from swarmtui.core.config import Settings  # noqa: E402
from swarmtui.docker import ahead  # noqa: E402
from swarmtui.docker.client import DockerApi  # noqa: E402
from swarmtui.docker.connection import Endpoint  # noqa: E402
from swarmtui.docker.parse import parse_time  # noqa: E402
from swarmtui.ui.app import SwarmTuiApp  # noqa: E402
from swarmtui.ui.freezing import REFREEZE_S, freeze_what_lives_on  # noqa: E402
from swarmtui.ui.messages import PollFailed  # noqa: E402
from swarmtui.ui.panes.keyed_table import KeyedTable  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE / 1e6


def log(message: str) -> None:
    print(f"[memory {time.strftime('%H:%M:%S')}] {message}", flush=True)


TRIMS_MS: list[float] = []
"""How long each malloc_trim took, on the poll's thread."""


def timed(trim: Callable[[], bool]) -> Callable[[], bool]:
    def timed_trim() -> bool:
        started = time.perf_counter()
        done = trim()
        TRIMS_MS.append(round((time.perf_counter() - started) * 1000, 1))
        return done

    return timed_trim


class SimClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def kept(app: SwarmTuiApp) -> dict[str, int]:
    """How many entries the caches that could grow hold now."""
    reader = app.poller.reader
    sizes = {
        "reader_tasks": len(reader._tasks),
        "reader_services": len(reader._services),
        "reader_memo_bytes": sum(
            len(getattr(m, "body", None) or b"") for m in reader._memos.values()
        ),
        "snapshot_tasks": len(app.snapshot.tasks) if app.snapshot else 0,
        "events": len(app.event_history.events()),
        "last_words": len(app.last_words.logs),
    }
    for table in app.main.query(KeyedTable):
        name = table.id or "table"
        sizes[f"{name}_rows"] = table.row_count
        sizes[f"{name}_cell_cache"] = len(table._cell_render_cache)
        sizes[f"{name}_row_cache"] = len(table._row_render_cache)
    return sizes


def churn(socket_path: str, share: float) -> None:
    with socket.socket(socket.AF_UNIX) as conn:
        conn.connect(socket_path)
        conn.sendall(f"POST /churn?share={share} HTTP/1.0\r\nContent-Length: 0\r\n\r\n".encode())
        while conn.recv(4096):
            pass


def serve(args: argparse.Namespace, services: int, socket_path: str) -> subprocess.Popen[str]:
    command = [sys.executable, str(ROOT / "scripts" / "synth_swarm.py")]
    command += ["--services", str(services), "--replicas", str(args.replicas)]
    server = subprocess.Popen([*command, "--serve", socket_path], stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    log(server.stdout.readline().strip())  # "serving ...": the socket is listening
    return server


async def run(args: argparse.Namespace, services: int) -> dict[str, Any]:
    socket_path = f"/tmp/swarmtui-synth-{os.getpid()}.sock"
    server = serve(args, services, socket_path)
    try:
        return await measure(args, services, socket_path)
    finally:
        server.terminate()
        server.wait()
        Path(socket_path).unlink(missing_ok=True)


async def measure(args: argparse.Namespace, services: int, socket_path: str) -> dict[str, Any]:
    start = parse_time(json.loads((ROOT / "tests/data/lab/meta.json").read_text())["recorded_at"])
    assert start is not None
    clock = SimClock(start)
    endpoint = Endpoint(f"unix://{socket_path}", "synthetic")
    settings = Settings(interval=3600.0)  # polls come when this script asks, not by timer
    app = SwarmTuiApp(settings, lambda: DockerApi(endpoint), clock=clock, follow_events=False)  # type: ignore[arg-type]
    app.poller.events_flowing = True  # the full task list every 5 minutes, as live
    figures: dict[str, Any] = {"services": services, "before_app_mb": rss_mb()}
    series: list[tuple[int, float]] = []
    trace_start = None
    freeze_every = max(1, round(REFREEZE_S / args.interval))
    failures: list[str] = []

    def hook(message: object) -> None:
        if isinstance(message, PollFailed):
            failures.append(message.error)
            log(f"poll failed: {message.error}")

    async with app.run_test(size=(160, 48), message_hook=hook) as pilot:
        while app.polling.polls_done < 1:
            await pilot.pause(0.05)
        await pilot.pause()
        if args.freeze:
            freeze_what_lives_on()
        figures["first_screen_mb"] = rss_mb()
        figures["tasks"] = len(app.snapshot.tasks) if app.snapshot else 0
        log(f"{services} services: first screen {figures['first_screen_mb']:.1f} MB")
        started = time.perf_counter()
        for poll in range(1, args.polls + 1):
            churn(socket_path, args.changes / services)
            clock.now += timedelta(seconds=args.interval)
            done = app.polling.polls_done
            app.polling.request(0)
            asked = time.monotonic()
            while app.polling.polls_done == done:
                await pilot.pause(0.01)
                if time.monotonic() - asked > 60:
                    log(f"poll {poll} not done after 60 s: {failures[-1:]}")
                    asked = time.monotonic()
            await pilot.pause()
            if args.freeze and poll % freeze_every == 0:
                freeze_what_lives_on()
            if poll == args.warmup:
                figures["warmup_mb"] = rss_mb()
                if args.trace:
                    tracemalloc.start(12)
                    trace_start = tracemalloc.take_snapshot()
            if poll % args.every == 0 or poll == args.polls:
                rss = rss_mb()
                series.append((poll, round(rss, 1)))
                log(f"poll {poll} ({poll * args.interval / 60:.1f} min): RSS {rss:.1f} MB")
        figures["end_mb"] = rss_mb()
        figures["seconds"] = round(time.perf_counter() - started, 1)
        figures["kept"] = kept(app)
        figures["poller"] = str(app.poller.stats)
        figures["trims_ms"] = TRIMS_MS
        if trace_start is not None:
            top = tracemalloc.take_snapshot().compare_to(trace_start, "traceback")
            for stat in top[: args.trace_top]:
                log(f"grew {stat.size_diff / 1e3:+.0f} kB in {stat.count_diff:+d} blocks at:")
                for frame in stat.traceback.format()[-8:]:
                    print("      " + frame)
            tracemalloc.stop()
    warm = figures.get("warmup_mb")
    if warm:
        figures["growth_after_warmup_pct"] = round(100 * (figures["end_mb"] / warm - 1), 1)
    figures["series"] = series
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument("--replicas", type=int, default=10)
    parser.add_argument("--polls", type=int, default=300, help="churned polls after the first")
    parser.add_argument("--warmup", type=int, default=150, help="polls (5 min at 2 s)")
    parser.add_argument(
        "--changes", type=float, default=0.5, help="services changed per poll (live: 0.4)"
    )
    parser.add_argument("--interval", type=float, default=2.0, help="seconds of app clock/poll")
    parser.add_argument("--every", type=int, default=50, help="print RSS every N polls")
    parser.add_argument("--no-freeze", dest="freeze", action="store_false")
    parser.add_argument(
        "--no-trim", dest="trim", action="store_false", help="no malloc_trim after full reads"
    )
    parser.add_argument("--trace", action="store_true", help="tracemalloc growth after warm-up")
    parser.add_argument("--trace-top", type=int, default=12)
    args = parser.parse_args()
    if not args.trim:
        ahead.give_back_free_heap = lambda: False
    else:
        ahead.give_back_free_heap = timed(ahead.give_back_free_heap)
    if len(args.services) == 1:
        print(json.dumps({args.services[0]: asyncio.run(run(args, args.services[0]))}))
        return
    # Each size in a process of its own: what one run left in the heap is not the next's.
    results = {}
    rest, skipping = [], False
    for arg in sys.argv[1:]:
        skipping = arg == "--services" or (skipping and arg.isdigit())
        if not skipping:
            rest.append(arg)
    for services in args.services:
        command = [sys.executable, __file__, "--services", str(services), *rest]
        out = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
        lines = out.splitlines()
        print("\n".join(lines[:-1]), flush=True)
        results.update(json.loads(lines[-1]))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
