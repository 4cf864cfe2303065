"""The installed dashboard in a real terminal (tmux, 160x48) against a swarm, and the
`docker service ls` loop it must cost less than. Used by scripts/bench.py (`make bench`);
run alone for a quick look:

    .venv/bin/python scripts/bench_pty.py --host unix:///run/swarmtui-lab/bench/node1/docker.sock

Everything is read from outside the process: CPU and RSS from /proc, API bytes through a
counting proxy, what the operator sees from the terminal's screen.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import socket
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import docker as docker_sdk
from bench_proxy import CountingProxy
from bench_terminal import (
    PaneOutput,
    cpu_per_minute,
    keys,
    log,
    percentile,
    rss_mb,
    screen,
    start,
    stop,
    wait_for_screen,
)

ROOT = Path(__file__).resolve().parent.parent
SWARMTUI = ROOT / ".venv" / "bin" / "swarmtui"
LIVE = "● live"
SERVICES_ROWS = (4, 18)
"""The services pane's first rows at 160x48: where a cursor move shows."""
FAILING = re.compile(r"\b\d+ failing\b")
"""The header's count of failing services."""


def docker(host: str, *args: str) -> str:
    return subprocess.run(
        ["docker", "-H", host, *args], capture_output=True, text=True, check=True
    ).stdout


def row_of(window: str, name: str) -> str:
    for text in screen(window).splitlines():
        if text.strip().startswith(f"{name} "):
            return text
    return ""


def visible_services(window: str) -> list[str]:
    first, last = SERVICES_ROWS
    names = [text.split()[0] for text in screen(window, first=first, last=last).splitlines()
             if text.strip()]  # fmt: skip
    return [name for name in names if re.fullmatch(r"bulk-\d+", name)]


def key_latency(output: PaneOutput, key: str, timeout: float = 5.0) -> float | None:
    """Milliseconds from a key sent through the terminal until the terminal draws in the
    services pane's rows (the cursor moved)."""
    first, last = SERVICES_ROWS
    started = time.monotonic()
    keys(output.window, key)
    drawn = output.drawn_in_rows(started, range(first + 1, last + 2), timeout)
    return None if drawn is None else (drawn - started) * 1000


def key_latencies(
    window: str, presses: int, during_refresh: bool, touch: Callable[[int], None] | None = None
) -> list[float]:
    """Cursor down and up in the services pane. during_refresh first changes a service off
    screen (`touch`, so the task list differs and is parsed again, not recognised as the
    same bytes), asks for a full re-read (ctrl+r) and presses while it is fetched and parsed."""
    latencies = []
    with PaneOutput(window) as output:
        for number in range(presses):
            if during_refresh:
                if touch is not None:
                    touch(number)
                    time.sleep(1.0)  # the event's own poll is over
                keys(window, "C-r")
                time.sleep(0.05 + 0.1 * (number % 5))  # at points through the refresh
            latency = key_latency(output, "Down" if number % 2 == 0 else "Up")
            if latency is not None:
                latencies.append(latency)
            time.sleep(1.2 if during_refresh else 0.3)
    return latencies


def scaler(host: str) -> Callable[[str, int], None]:
    """Scale a service through the API (the full spec with its version, as the CLI does)."""
    client = docker_sdk.APIClient(base_url=host, timeout=60)

    def scale(name: str, replicas: int) -> None:
        service = client.inspect_service(name)
        spec = service["Spec"]
        spec["Mode"]["Replicated"]["Replicas"] = replicas
        response = client._post_json(
            client._url("/services/{0}/update", service["ID"]),
            data=spec,
            params={"version": service["Version"]["Index"]},
        )
        client._raise_for_status(response)

    return scale


def scale_visible(window: str, host: str, tries: int) -> list[float]:
    """Seconds from a scale through the API until the new count is in the service's row."""
    scale = scaler(host)
    seen = []
    names = visible_services(window)[:tries] or []
    for index in range(tries):
        if not names:
            break
        name = names[index % len(names)]
        match = re.search(r"(\d+)/(\d+)", row_of(window, name))
        if not match:
            continue
        wanted = int(match.group(2)) + (1 if index % 2 == 0 else -1)
        time.sleep(0.3 + 0.4 * random.random())  # land at different points of the poll cycle
        started = time.monotonic()
        scale(name, wanted)
        while time.monotonic() - started < 15:
            if re.search(rf"\b\d+/{wanted}\b", row_of(window, name)):
                seen.append(time.monotonic() - started)
                break
            time.sleep(0.01)
    return seen


def failure_visible(window: str, host: str, node_hosts: dict[str, str], tries: int) -> list[float]:
    """Seconds from killing the process of a healthy service's task until the header
    counts a failing service."""
    seen = []
    for _ in range(tries):
        wait_for_gone(window, 60)
        line = docker(host, "service", "ps", "web", "--filter", "desired-state=running",
                      "--format", "{{.Node}}")  # fmt: skip
        node = line.split()[0]
        containers = docker(
            node_hosts[node], "ps", "-q", "--filter", "label=com.docker.swarm.service.name=web"
        )
        started = time.monotonic()
        docker(node_hosts[node], "kill", containers.split()[0])
        while time.monotonic() - started < 15:
            if FAILING.search(screen(window, first=0, last=0)):
                seen.append(time.monotonic() - started)
                break
            time.sleep(0.01)
    wait_for_gone(window, 60)
    return seen


def wait_for_gone(window: str, timeout: float) -> None:
    """Until the header counts no failing service (the restarted task has settled)."""
    started = time.monotonic()
    while FAILING.search(screen(window, first=0, last=0)):
        if time.monotonic() - started > timeout:
            break
        time.sleep(0.5)


def naive_bytes(host: str) -> int:
    """What one naive poll reads: full /nodes, /services?status=true and /tasks."""
    with CountingProxy(host, Path("/tmp/swarmtui-bench-naive.sock")) as proxy:
        for path in ("/nodes", "/services?status=true", "/tasks"):
            connection = UnixHTTPConnection(str(proxy.path))
            connection.request("GET", f"/v1.41{path}")
            connection.getresponse().read()
            connection.close()
        time.sleep(0.2)
        return proxy.received


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path: str) -> None:
        super().__init__("localhost", timeout=60)
        self._path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self._path)


def measure_dashboard(
    args: argparse.Namespace, host: str, *, full: bool = True
) -> dict[str, float]:
    """The dashboard idle, its keys, and (full) scale and failure visibility."""
    size = (args.width, args.height)
    results: dict[str, float] = {}
    with CountingProxy(host, Path("/tmp/swarmtui-bench.sock")) as proxy:
        started = time.monotonic()
        pid = start("app", f"{SWARMTUI} --host {proxy.host} --interval {args.interval}", size)
        first = wait_for_screen("app", LIVE, args.first_render_timeout)
        results["first_render_s"] = first if first is not None else -1.0
        log(f"first render after {results['first_render_s']:.2f} s (pid {pid})")
        time.sleep(args.warmup)
        received, requests = proxy.received, proxy.requests
        idle_started = time.monotonic()
        results["idle_cpu_s_per_min"] = cpu_per_minute(pid, args.idle)
        minutes = (time.monotonic() - idle_started) / 60
        results["idle_api_bytes_per_min"] = (proxy.received - received) / minutes
        results["idle_api_requests_per_min"] = (proxy.requests - requests) / minutes
        results["rss_mb"], _ = rss_mb(pid)
        log(f"idle: {results['idle_cpu_s_per_min']:.2f} CPU-s/min")
        quiet = key_latencies("app", args.keys, during_refresh=False)
        far = far_service(host)
        scale = scaler(host)
        busy = key_latencies(
            "app", args.keys, True, lambda number: scale(far, 11 if number % 2 == 0 else 10)
        )
        log(f"keys during a refresh (ms): {sorted(round(value) for value in busy)}")
        results["key_median_ms"] = statistics.median(quiet) if quiet else -1.0
        results["key_p95_ms"] = percentile(quiet, 95)
        results["key_during_refresh_median_ms"] = statistics.median(busy) if busy else -1.0
        results["key_during_refresh_p95_ms"] = percentile(busy, 95)
        if full:
            scaled = scale_visible("app", host, args.tries)
            results["scale_visible_median_s"] = statistics.median(scaled) if scaled else -1.0
            results["scale_visible_p95_s"] = percentile(scaled, 95)
            results["scale_visible_missed"] = float(args.tries - len(scaled))
            failed = failure_visible("app", host, node_hosts(), args.failures)
            results["failure_visible_max_s"] = max(failed) if failed else -1.0
            results["failure_visible_missed"] = float(args.failures - len(failed))
        results["peak_rss_mb"] = rss_mb(pid)[1]
        stop("app")
        log(f"dashboard measured in {time.monotonic() - started:.0f} s")
    return results


def far_service(host: str) -> str:
    """A service at the end of the list, off screen: changing it changes the task list."""
    names = docker(host, "service", "ls", "--format", "{{.Name}}").split()
    return sorted(name for name in names if name.startswith("bulk-"))[-1]


def node_hosts(lab: str = "bench") -> dict[str, str]:
    found = {}
    for number in range(1, 51):
        sock = Path(f"/run/swarmtui-lab/{lab}/node{number}/docker.sock")
        if not sock.exists():
            break
        found[f"node{number}"] = f"unix://{sock}"
    return found


def measure_loop(args: argparse.Namespace, host: str) -> float:
    """CPU-s per minute of `clear; docker service ls; sleep N` in the same terminal."""
    loop = f"sh -c 'while :; do clear; docker -H {host} service ls; sleep {args.interval}; done'"
    pid = start("loop", loop, (args.width, args.height))
    time.sleep(args.warmup)
    cost = cpu_per_minute(pid, args.idle)
    stop("loop")
    return cost


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--width", type=int, default=160)
    parser.add_argument("--height", type=int, default=48)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--idle", type=float, default=60.0)
    parser.add_argument("--keys", type=int, default=20)
    parser.add_argument("--tries", type=int, default=10, help="scales timed")
    parser.add_argument("--failures", type=int, default=3, help="task failures timed")
    parser.add_argument("--first-render-timeout", type=float, default=120.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True, help="a manager of the swarm to measure")
    add_arguments(parser)
    args = parser.parse_args()
    results = measure_dashboard(args, args.host)
    results["loop_cpu_s_per_min"] = measure_loop(args, args.host)
    for key, value in results.items():
        print(f"  {key:32} {value:,.3f}")
    print(json.dumps({key: round(value, 3) for key, value in results.items()}))


if __name__ == "__main__":
    main()
