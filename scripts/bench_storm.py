"""A node lost under load: a node running TASKS tasks of one service is killed (`swarmlab
stop-node --kill`) while swarmtui watches, and the rescheduling storm follows. Measured from
outside, against what the manager's API says at the same moments:

- storm_marked_down_s: the kill until the manager marks the node down (the API, every 0.1 s);
- storm_shown_after_down_s: from that mark until the header counts the node as not ready;
- storm_key_p95_ms: cursor moves in the services pane through the storm (the list is sorted
  by name, so no row but the cursor's moves on its own);
- storm_rescheduled_s / storm_rescheduled_shown_s: the mark until the API, and until the
  header, count every task running again.

Used by scripts/bench.py; alone, on a bench lab that is up:

    .venv/bin/python scripts/bench_storm.py --lab bench

All of the lab's nodes run on the machine that runs the terminal: 150 containers started at
once put its load average at 20 to 67 on 2 cores, where a real node's tasks move to other
machines. `SWARMLAB_CPU_SHARE=64 lab/swarmlab up …` (bench.py's default, `--lab-cpu-share`)
weighs each node, its daemons and containers together, at 64 against the terminal's 1024, as
other machines would not take its cores at all; 1024 is an equal share. Niceness cannot do
it: with autogroups every dockerd and shim is weighed as a session of its own.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import threading
import time
from typing import Any

import docker as docker_sdk
from bench_pty import LIVE, ROOT, SWARMTUI, add_arguments, docker, key_latency, node_hosts
from bench_terminal import PaneOutput, keys, log, percentile, screen, start, stop, wait_for_screen

SWARMLAB = ROOT / "lab" / "swarmlab"
SERVICE = "storm"
TASKS = 150
WINDOW = "storm"
READING = "reading tasks…"


def _client(host: str) -> Any:
    return docker_sdk.APIClient(base_url=host, timeout=60)


def _running(client: Any, *names: str) -> int:
    """Running tasks of the services named, as the manager counts them."""
    services = client.services(filters={"name": list(names) or [SERVICE]}, status=True)
    return sum(int((s.get("ServiceStatus") or {}).get("RunningTasks", 0)) for s in services)


def _running_live(client: Any, lost_node: str) -> int:
    """Running tasks of the storm and web off the lost node: what the manager's own count (which
    keeps a down node's tasks as running) does not say."""
    tasks = client.tasks(filters={"service": [SERVICE, "web"], "desired-state": "running"})
    return sum(
        1 for t in tasks if t["Status"]["State"] == "running" and t.get("NodeID") != lost_node
    )


def _header_running(window: str) -> int | None:
    counted = re.search(r"tasks (\d+)/", screen(window, first=0, last=0))
    return int(counted.group(1)) if counted else None


def _wait(what: str, check: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    log(f"{what}: not within {timeout:.0f} s")
    return False


def load_victim(host: str, nodes: list[str], victim: str, tasks: int) -> None:
    """`tasks` tasks on `victim` alone: the other nodes paused while the service is created."""
    others = [name for name in nodes if name != victim]
    for name in others:
        docker(host, "node", "update", "--availability", "pause", name)
    try:
        docker(host, "service", "create", "-d", "--no-resolve-image", "--name", SERVICE,
               "--replicas", str(tasks), "--stop-signal", "KILL", "--stop-grace-period", "1s",
               "swarmlab/app:1", "sleep", "36000")  # fmt: skip
        client = _client(host)
        _wait(f"{tasks} tasks running on {victim}", lambda: _running(client) >= tasks, 600)
    finally:
        for name in others:
            docker(host, "node", "update", "--availability", "active", name)


def _header(window: str) -> str:
    return screen(window, first=0, last=0)


def measure_storm(
    args: argparse.Namespace, lab: str, host: str, tasks: int = TASKS
) -> dict[str, float]:
    hosts = node_hosts(lab)
    nodes = sorted(hosts, key=lambda name: int(name.removeprefix("node")))
    victim = nodes[-1]
    load_victim(host, nodes, victim, tasks)
    client = _client(host)
    victim_id = client.inspect_node(victim)["ID"]
    results: dict[str, float] = {}
    start(WINDOW, f"{SWARMTUI} --host {host} --interval {args.interval}", (160, 48))
    try:
        wait_for_screen(WINDOW, LIVE, args.first_render_timeout)
        while READING in screen(WINDOW):
            time.sleep(0.1)
        for _ in range(4):  # sorted by name: the storm's own row is not among those shown
            if "by name" in screen(WINDOW):
                break
            keys(WINDOW, "o")
            time.sleep(0.5)
        ready = len(nodes)
        down_pattern = re.compile(rf"nodes {ready - 1}/{ready} ready")
        stop_keys = threading.Event()
        latencies: list[float] = []

        def press() -> None:
            with PaneOutput(WINDOW) as output:
                number = 0
                while not stop_keys.is_set():
                    latency = key_latency(output, "Down" if number % 2 == 0 else "Up")
                    if latency is not None:
                        latencies.append(latency)
                    number += 1
                    time.sleep(0.3)

        # Every running task of the cluster is the storm's or web's (the rest are never placed).
        total_before = _running(client, SERVICE, "web")
        shown_before = _header_running(WINDOW) or 0
        presser = threading.Thread(target=press, daemon=True)
        presser.start()
        killed = time.monotonic()
        subprocess.run([str(SWARMLAB), "stop-node", victim, "--kill", "--name", lab], check=True,
                       capture_output=True)  # fmt: skip
        marked = shown = rescheduled = rescheduled_shown = None
        dipped = False  # the header counted the lost tasks out before counting them back
        while time.monotonic() - killed < 600 and rescheduled_shown is None:
            now = time.monotonic()
            if marked is None and client.inspect_node(victim_id)["Status"]["State"] == "down":
                marked = now
            if shown is None and down_pattern.search(_header(WINDOW)):
                shown = now
            back = _running_live(client, victim_id) >= total_before
            if marked is not None and rescheduled is None and back:
                rescheduled = time.monotonic()
            counted = _header_running(WINDOW) or 0
            dipped = dipped or counted < shown_before
            if marked is not None and dipped and counted >= shown_before:
                rescheduled_shown = time.monotonic()
            time.sleep(0.1)
        stop_keys.set()
        presser.join(timeout=10)
        if marked is None:
            log("the manager never marked the node down")
        else:
            results["storm_marked_down_s"] = marked - killed
            results["storm_shown_after_down_s"] = (shown - marked) if shown else -1.0
            results["storm_rescheduled_s"] = (rescheduled - marked) if rescheduled else -1.0
            results["storm_rescheduled_shown_s"] = (
                (rescheduled_shown - marked) if rescheduled_shown else -1.0
            )
        results["storm_key_p95_ms"] = percentile(latencies, 95)
        results["storm_key_median_ms"] = statistics.median(latencies) if latencies else -1.0
        results["storm_keys"] = float(len(latencies))
        log(f"node-loss storm: {results}")
    finally:
        stop(WINDOW)
        subprocess.run([str(SWARMLAB), "start-node", victim, "--name", lab], check=False,
                       capture_output=True)  # fmt: skip
        docker(host, "service", "rm", SERVICE)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lab", default="bench", help="a lab that is up (lab/swarmlab up)")
    parser.add_argument("--tasks", type=int, default=TASKS, help="tasks on the node killed")
    add_arguments(parser)
    args = parser.parse_args()
    host = f"unix:///run/swarmtui-lab/{args.lab}/node1/docker.sock"
    for key, value in measure_storm(args, args.lab, host, args.tasks).items():
        print(f"  {key:32} {value:,.3f}")


if __name__ == "__main__":
    main()
