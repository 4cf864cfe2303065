"""Benchmark the dashboard against a large real lab swarm (not collected as a test).

    .venv/bin/python scripts/benchmark.py            # builds the 'bench' lab: 5 nodes,
                                                   # 1000 services x 10 pending replicas
    .venv/bin/python scripts/benchmark.py --host unix:///...  # against a swarm you made

Runs the dashboard headless in this process and prints what it measured, ending with one JSON
line. Timings are measured here and reported, never asserted in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from swarmtui.core.config import Settings  # noqa: E402
from swarmtui.docker.client import DockerApi  # noqa: E402
from swarmtui.docker.connection import Endpoint  # noqa: E402
from swarmtui.docker.poller import PollHints  # noqa: E402
from swarmtui.ui.app import SwarmTuiApp  # noqa: E402

SWARMLAB = ROOT / "lab" / "swarmlab"
LAB_NAME = "bench"

RAW_FETCH = """
import json, sys, time
from swarmtui.docker.client import DockerApi
from swarmtui.docker.connection import Endpoint
api = DockerApi(Endpoint(sys.argv[1], "bench"))
api.version()
before = api.traffic.bytes
start = time.perf_counter()
api.nodes(); api.services(); api.tasks()
print(json.dumps({"seconds": time.perf_counter() - start, "bytes": api.traffic.bytes - before}))
"""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def build_lab(args: argparse.Namespace) -> str:
    log(
        f"building lab '{LAB_NAME}': {args.nodes} nodes, {args.services} services x "
        f"{args.replicas} replicas"
    )
    started = time.monotonic()
    subprocess.run(
        [
            str(SWARMLAB),
            "up",
            "--name",
            LAB_NAME,
            "--nodes",
            str(args.nodes),
            "--spare",
            "0",
            "--workload",
            "large",
            "--services",
            str(args.services),
            "--replicas",
            str(args.replicas),
        ],
        check=True,
    )
    log(f"lab ready in {time.monotonic() - started:.0f} s")
    return subprocess.check_output(
        [str(SWARMLAB), "host", "node1", "--name", LAB_NAME], text=True
    ).strip()


def raw_fetch(host: str) -> dict[str, float]:
    out = subprocess.check_output([sys.executable, "-c", RAW_FETCH, host], text=True, cwd=ROOT)
    return json.loads(out)


def wait_for_tasks(host: str, expected: int, timeout: float = 300) -> None:
    """The orchestrator creates tasks after their services; measure only once all exist."""
    api = DockerApi(Endpoint(host, "bench"))
    deadline = time.monotonic() + timeout
    while True:
        count = len(api.tasks())
        if count >= expected or time.monotonic() > deadline:
            log(f"{count} tasks in the swarm")
            return
        time.sleep(2)


def replicas_cell(app: SwarmTuiApp, service_id: str) -> str:
    table = app.main.query_one("#services")
    try:
        cell = table.get_row(service_id)[1]
    except Exception:  # noqa: BLE001 - not drawn yet
        return ""
    return str(getattr(cell, "plain", cell)).split()[-1]


async def measure(host: str, args: argparse.Namespace) -> dict[str, float]:
    endpoint = Endpoint(host, "bench")
    apis: list[DockerApi] = []

    def factory() -> DockerApi:
        api = DockerApi(endpoint)
        apis.append(api)
        return api

    def traffic() -> tuple[int, int]:
        return (sum(api.traffic.requests for api in apis), sum(api.traffic.bytes for api in apis))

    results: dict[str, float] = {}
    started = time.perf_counter()
    app = SwarmTuiApp(Settings(interval=args.interval), factory)
    async with app.run_test(size=(160, 48)) as pilot:
        while app.polling.polls_done == 0:
            await pilot.pause(0.01)
        await pilot.pause()
        results["first_render_s"] = time.perf_counter() - started
        log(
            f"first render after {results['first_render_s']:.2f} s "
            f"({len(app.snapshot.services)} services, {len(app.snapshot.tasks)} tasks)"
        )

        await pilot.pause(args.warmup)
        requests0, bytes0 = traffic()
        cpu0 = time.process_time()
        wall0 = time.perf_counter()
        await pilot.pause(args.idle)
        minutes = (time.perf_counter() - wall0) / 60
        requests1, bytes1 = traffic()
        results["idle_cpu_s_per_min"] = (time.process_time() - cpu0) / minutes
        results["idle_api_requests_per_min"] = (requests1 - requests0) / minutes
        results["idle_api_bytes_per_min"] = (bytes1 - bytes0) / minutes
        log(f"idle for {minutes * 60:.0f} s: poller stats {app.poller.stats}")
        log(
            f"idle: {results['idle_cpu_s_per_min']:.2f} CPU s/min, "
            f"{results['idle_api_requests_per_min']:.0f} requests/min, "
            f"{results['idle_api_bytes_per_min'] / 1e6:.2f} MB/min"
        )

        latencies = []
        services = app.main.query_one("#services")
        for attempt in range(args.keys):
            # A full re-read, as ctrl+r does, and the worst kind: forget what was read before
            # so all 10,000 tasks are decoded and parsed while the key waits.
            app.poller.reader._memos.clear()
            app.polling.request(0, PollHints(full=True))
            while not app._poll_in_flight:
                await asyncio.sleep(0.001)
            await asyncio.sleep(0.05 + 0.07 * (attempt % 5))  # at points through the refresh
            before = services.cursor_row
            start = time.perf_counter()
            app.simulate_key("down" if attempt % 2 == 0 else "up")
            while services.cursor_row == before:
                await asyncio.sleep(0.001)
            latencies.append((time.perf_counter() - start) * 1000)
            if not app._poll_in_flight:
                log(f"key {attempt}: the refresh ended before the key was handled")
            while app._poll_in_flight:
                await pilot.pause(0.01)
        results["key_latency_p95_ms"] = percentile(latencies, 95)
        log(
            f"key latency during a refresh: p50 {percentile(latencies, 50):.0f} ms, "
            f"p95 {results['key_latency_p95_ms']:.0f} ms"
        )

        scaler = DockerApi(endpoint).client
        visible = []
        targets = [s for s in app.snapshot.services if s.name != "web"][: args.tries]
        for index, service in enumerate(targets):
            spec = scaler.inspect_service(service.id)
            replicas = spec["Spec"]["Mode"]["Replicated"]["Replicas"] + 1
            spec["Spec"]["Mode"]["Replicated"]["Replicas"] = replicas
            await pilot.pause(0.3 + 0.2 * (index % 3))  # land at different points of the cycle
            start = time.perf_counter()
            await asyncio.to_thread(update_service, scaler, service.id, spec)
            while not replicas_cell(app, service.id).endswith(f"/{replicas}"):
                await pilot.pause(0.01)
            visible.append(time.perf_counter() - start)
        results["scale_visible_median_s"] = statistics.median(visible)
        results["scale_visible_p95_s"] = percentile(visible, 95)
        log(f"scale visible after {[round(v, 2) for v in visible]} s")
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def update_service(client, service_id: str, service: dict) -> None:  # noqa: ANN001
    """POST the full spec with its version, as the docker CLI does."""
    response = client._post_json(
        client._url("/services/{0}/update", service_id),
        data=service["Spec"],
        params={"version": service["Version"]["Index"]},
    )
    client._raise_for_status(response)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


async def measure_logs_flood(keys: int, seconds: float) -> dict[str, float]:
    """The logs view of a service writing as fast as a thread can frame lines (the recording's
    web, replayed; no lab needed): how fast a key is answered while the flood is drawn."""
    from swarmtui.ui.screens.logs import LogsScreen
    from tests.support.flood import FloodApi
    from tests.support.replay import RECORDING, recorded_at
    from tests.support.screen import select_service

    frozen = recorded_at()
    app = SwarmTuiApp(
        Settings(), lambda: FloodApi(RECORDING), clock=lambda: frozen, follow_events=False
    )
    latencies: list[float] = []
    async with app.run_test(size=(160, 48)) as pilot:
        while not app.polling.polls_done:
            await pilot.pause(0.05)
        select_service(app, "web")
        await pilot.pause()
        await pilot.press("g")
        while not isinstance(app.screen, LogsScreen):
            await pilot.pause(0.05)
        screen = app.screen
        await asyncio.sleep(seconds)  # let the flood fill the buffer
        for _ in range(keys):
            before = screen.view.wrap
            started = time.perf_counter()
            await pilot.press("w")
            while screen.view.wrap == before:
                await asyncio.sleep(0.001)
            latencies.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.1)
        received = screen.buffer.received
        kept = len(screen.buffer.lines)
    return {
        "logs_flood_key_p95_ms": percentile(latencies, 95),
        "logs_flood_key_median_ms": statistics.median(latencies),
        "logs_flood_lines_received": float(received),
        "logs_flood_lines_kept": float(kept),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", help="use this manager instead of building the bench lab")
    parser.add_argument("--nodes", type=int, default=5)
    parser.add_argument("--services", type=int, default=1000)
    parser.add_argument("--replicas", type=int, default=10)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--idle", type=float, default=60.0)
    parser.add_argument("--tries", type=int, default=12)
    parser.add_argument("--keys", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="leave the bench lab running")
    parser.add_argument(
        "--logs-flood-only",
        action="store_true",
        help="only the logs view under a flood of lines (no lab needed)",
    )
    args = parser.parse_args()
    if args.logs_flood_only:
        flood = asyncio.run(measure_logs_flood(args.keys, 3.0))
        for key, value in flood.items():
            print(f"  {key:28} {value:,.3f}")
        print(json.dumps({key: round(value, 3) for key, value in flood.items()}))
        return

    host = args.host or build_lab(args)
    try:
        if not args.host:
            wait_for_tasks(host, args.services * args.replicas)
        raw = raw_fetch(host)
        log(
            f"raw fetch of /nodes, /services?status=true, /tasks: {raw['seconds']:.2f} s, "
            f"{raw['bytes'] / 1e6:.1f} MB"
        )
        results = asyncio.run(measure(host, args))
        results["raw_fetch_s"] = raw["seconds"]
        results.update(asyncio.run(measure_logs_flood(args.keys, 3.0)))
        results["naive_api_bytes_per_min"] = raw["bytes"] * 60 / args.interval
    finally:
        if not args.host and not args.keep:
            subprocess.run([str(SWARMLAB), "down", "--name", LAB_NAME], check=False)
    ratio = results["idle_api_bytes_per_min"] / results["naive_api_bytes_per_min"]
    log(f"idle API bytes are {ratio:.3f} of the naive poll's")
    for key, value in results.items():
        print(f"  {key:28} {value:,.3f}")
    print(json.dumps({key: round(value, 3) for key, value in results.items()}))


if __name__ == "__main__":
    main()
