"""`make bench`: what the dashboard costs where operators pay for it, on a large lab swarm.

    .venv/bin/python scripts/bench.py                 # the whole run (about 30 minutes)
    .venv/bin/python scripts/bench.py --sizes 1000    # no size curve
    .venv/bin/python scripts/bench.py --churn-minutes 30

Builds the 'bench' lab (5 nodes; services of 10 never-schedulable replicas, plus the 6-replica
`web`), runs the installed `swarmtui` in tmux at 160x48 and measures it from outside: CPU of
its process tree and RSS from /proc, API bytes through a counting proxy, first render, key
latency, and how fast a scale and a task failure reach the screen; the idle CPU over ssh://
too, through a real sshd in node1 (scripts/bench_ssh.py; --no-ssh skips it); the tasks' CPU
and memory read over ssh from every node (scripts/bench_stats.py; --no-task-stats skips it).
Beside it, in the same terminal, the reference: `clear; docker service ls; sleep 2` in a loop.
At each size, the first screen (services drawn, then the task list in) beside `docker service
ls` printing its table, and what the interpreter and imports alone take (scripts/bench_first.py).
Then the churn phase (RSS at 5, 15 and 30 minutes when it runs that long), a node with 150 tasks
killed under load (scripts/bench_storm.py; --no-storm skips it), the size curve (100, 1000 and
5000 services), and a 10-node lab at 80x24 (scripts/bench_wide.py; --wide-nodes 0 skips it).
Prints tables and ends with one JSON line. Figures are measured and reported here, never
asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import docker as docker_sdk
from bench_churn import run_churn
from bench_first import measure_first_screen
from bench_pty import add_arguments, measure_dashboard, measure_loop, naive_bytes
from bench_ssh import measure_ssh_idle
from bench_stats import measure_task_stats
from bench_storm import measure_storm
from bench_terminal import log
from bench_wide import measure_wide

ROOT = Path(__file__).resolve().parent.parent
SWARMLAB = ROOT / "lab" / "swarmlab"
LAB = "bench"
TARGETS = {
    "idle_cpu_s_per_min": 1.5,
    "first_render_s": 2.0,
    "key_during_refresh_p95_ms": 50.0,
    "peak_rss_mb": 200.0,
    "scale_visible_median_s": 0.7,
    "scale_visible_p95_s": 1.5,
    "failure_visible_max_s": 3.0,
    "churn_cpu_s_per_min": 6.0,
    "churn_rss_growth_pct": 10.0,
    "idle_api_bytes_ratio": 0.1,
    "stats_hidden_to_off_ratio": 1.1,
    "first_screen_s": 1.5,
    "first_screen_to_service_ls": 3.0,
    "storm_shown_after_down_s": 2.0,
    "storm_key_p95_ms": 50.0,
}
SIZE_TARGETS = {5000: {"first_screen_s": 2.0, "idle_cpu_s_per_min": 0.8, "rss_mb": 250.0},
                1000: {"first_screen_s": 1.5, "idle_cpu_s_per_min": 0.5}}  # fmt: skip
"""Issue 19's targets per size of the curve (the table marks misses). Its RSS at 5000 is the
idle figure, as its starting point was ("idle: 0.90 CPU-s/min, RSS 247 MB"); the peak through
the keys, scaling and failures that follow is printed beside it."""


def build_lab(services: int, replicas: int, nodes: int) -> str:
    log(f"lab '{LAB}': {nodes} nodes, {services} services x {replicas} replicas")
    started = time.monotonic()
    subprocess.run([str(SWARMLAB), "down", "--name", LAB], check=False, capture_output=True)
    subprocess.run(
        [str(SWARMLAB), "up", "--name", LAB, "--nodes", str(nodes), "--spare", "0",
         "--workload", "large", "--services", str(services), "--replicas", str(replicas)],
        check=True, capture_output=True,
    )  # fmt: skip
    host = subprocess.check_output([str(SWARMLAB), "host", "node1", "--name", LAB], text=True)
    wait_for_tasks(host.strip(), services * replicas)
    log(f"lab ready in {time.monotonic() - started:.0f} s")
    return host.strip()


def wait_for_tasks(host: str, expected: int, timeout: float = 900) -> None:
    """The orchestrator creates tasks after their services (50,000 take a while): measure
    once they all exist and the manager has gone quiet."""
    client = docker_sdk.APIClient(base_url=host, timeout=300)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        count = len(client.tasks())
        if count >= expected:
            log(f"{count} tasks in the swarm")
            wait_for_quiet_daemons()
            return
        time.sleep(5)
    log(f"only {count} tasks after {timeout:.0f} s; measuring anyway")


def wait_for_quiet_daemons(most: float = 0.05, timeout: float = 180) -> None:
    """Until the lab's daemons, together, use under `most` of a core over 5 s: with 10,000
    tasks just made, the manager works on for a while, and the idle and first-screen figures
    measured in that wake (interpreter start-up alone 1.1 s instead of 0.6) were its."""
    pids = [int(path.read_text()) for path in Path(f"/run/swarmtui-lab/{LAB}").glob("*/docker.pid")]
    deadline, used = time.monotonic() + timeout, 1.0
    while time.monotonic() < deadline:
        before = _cpu_seconds(pids)
        time.sleep(5)
        used = (_cpu_seconds(pids) - before) / 5
        if used < most:
            log(f"the lab's daemons are quiet ({used:.0%} of a core)")
            return
    log(f"the lab's daemons still use {used:.0%} of a core; measuring anyway")


def _cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def table(title: str, rows: dict[str, float]) -> None:
    print(f"\n{title}")
    for key, value in rows.items():
        target = TARGETS.get(key)
        mark = (
            "" if target is None else ("  ok" if 0 <= value <= target else f"  MISS (≤ {target:g})")
        )
        print(f"  {key:34} {value:>14,.3f}{mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--nodes", type=int, default=5)
    parser.add_argument("--services", type=int, default=1000)
    parser.add_argument("--replicas", type=int, default=10)
    parser.add_argument("--sizes", default="100,1000,5000", help="the size curve's services")
    parser.add_argument("--churn-minutes", type=float, default=5.0)
    parser.add_argument("--churn-warmup", type=float, default=120.0)
    parser.add_argument("--keep", action="store_true", help="leave the bench lab up")
    parser.add_argument("--no-ssh", action="store_true", help="skip the idle case over ssh://")
    parser.add_argument(
        "--no-task-stats",
        action="store_true",
        help="skip the tasks' figures (node access on/off idle, 30 tasks' figures, :top)",
    )
    parser.add_argument(
        "--no-storm", action="store_true", help="skip the node killed under load (the storm)"
    )
    parser.add_argument(
        "--wide-nodes",
        type=int,
        default=10,
        help="nodes of the wide lab measured at 80x24 (0 skips it)",
    )
    parser.add_argument(
        "--lab-cpu-share",
        type=int,
        default=64,
        help="CPU weight of each lab node, daemons and containers together, against the "
        "terminal's 1024 (SWARMLAB_CPU_SHARE): on one machine the nodes stand for other "
        "machines; 1024 gives them an equal share",
    )
    args = parser.parse_args()
    os.environ["SWARMLAB_CPU_SHARE"] = str(args.lab_cpu_share)  # `up` and the storm's start-node
    # As a wheel install leaves it: PYTHONDONTWRITEBYTECODE would otherwise have every start
    # measured here compile swarmtui's modules again (0.16 s).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "swarmtui")], check=True)
    results: dict[str, float] = {}
    curve: dict[int, dict[str, float]] = {}
    try:
        host = build_lab(args.services, args.replicas, args.nodes)
        naive = naive_bytes(host) * 60 / args.interval
        first = measure_first_screen(args, host)
        results = measure_dashboard(args, host)
        results.update(first)
        results["naive_api_bytes_per_min"] = naive
        results["idle_api_bytes_ratio"] = results["idle_api_bytes_per_min"] / naive
        results["loop_cpu_s_per_min"] = measure_loop(args, host)
        results["idle_cpu_ratio_to_loop"] = (
            results["idle_cpu_s_per_min"] / results["loop_cpu_s_per_min"]
        )
        if not args.no_ssh:
            results.update(measure_ssh_idle(args, LAB))
        if not args.no_task_stats:
            results.update(measure_task_stats(args, LAB))
        if args.churn_minutes > 0:
            results.update(run_churn(args, host))
        if not args.no_storm:
            results.update(measure_storm(args, LAB, host))
        results["lab_cpu_share"] = float(args.lab_cpu_share)
        curve[args.services] = results
        for size in (int(value) for value in args.sizes.split(",") if value):
            if size == args.services:
                continue
            sized = build_lab(size, args.replicas, args.nodes)
            first = measure_first_screen(args, sized)
            curve[size] = {**measure_dashboard(args, sized, full=False), **first}
        if args.wide_nodes:
            results.update(measure_wide(args, build_lab(100, args.replicas, args.wide_nodes)))
    finally:
        if not args.keep:
            subprocess.run([str(SWARMLAB), "down", "--name", LAB], check=False)
    print(f"\nmachine: {platform.node()}, {platform.processor() or platform.machine()}, "
          f"{len(os.sched_getaffinity(0))} cores; {time.strftime('%Y-%m-%d')}")  # fmt: skip
    table(
        f"In a real terminal (tmux {args.width}x{args.height}), {args.services} services:", results
    )
    print("\nSize curve (services x 10 replicas):")
    keys = ("first_screen_s", "service_ls_s", "tasks_in_s", "first_render_s",
            "idle_cpu_s_per_min", "rss_mb", "peak_rss_mb", "key_p95_ms",
            "key_during_refresh_p95_ms", "idle_api_bytes_per_min")  # fmt: skip
    print("  " + "services".rjust(8) + "".join(key.rjust(28) for key in keys))
    for size in sorted(curve):
        print(
            "  "
            + str(size).rjust(8)
            + "".join(f"{curve[size].get(key, -1):28,.2f}" for key in keys)
        )
        for key, target in SIZE_TARGETS.get(size, {}).items():
            value = curve[size].get(key, -1.0)
            if not 0 <= value <= target:
                print(f"  {size} services: {key} {value:,.2f} MISSES its target ≤ {target:g}")
    summary: dict[str, object] = {key: round(value, 3) for key, value in results.items()}
    summary["size_curve"] = {str(size): {key: round(curve[size].get(key, -1.0), 3) for key in keys}
                             for size in sorted(curve)}  # fmt: skip
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
