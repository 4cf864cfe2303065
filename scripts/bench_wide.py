"""A lab of many nodes at 80x24: the placement grid and the nodes pane wider than the terminal.
swarmtui in tmux at 80x24 opens the grid (`3`), walks the cell cursor to the last node's column
and back, and reports the keys' latency and whether every screen still showed the services'
names (the first column kept in view while the grid scrolls sideways); the nodes pane too.
Used by scripts/bench.py (`--wide-nodes`); alone, on a lab that is up:

    .venv/bin/python scripts/bench_wide.py --host unix:///run/swarmtui-lab/wide/node1/docker.sock
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench_pty import LIVE, SWARMTUI, add_arguments, docker
from bench_terminal import PaneOutput, keys, log, percentile, screen, start, stop, wait_for_screen

WINDOW = "wide"
SIZE = (80, 24)
READING = "reading tasks…"


def _names_in_view(names: set[str]) -> bool:
    """Some service name still starts a row of the grid (rows 4 on, below its title)."""
    rows = screen(WINDOW).splitlines()[4:]
    return any(row.strip().split(" ")[0] in names for row in rows if row.strip())


def measure_wide(args: argparse.Namespace, host: str) -> dict[str, float]:
    nodes = docker(host, "node", "ls", "--format", "{{.Hostname}}").split()
    names = set(docker(host, "service", "ls", "--format", "{{.Name}}").split())
    start(WINDOW, f"{SWARMTUI} --host {host} --interval {args.interval}", SIZE)
    latencies: list[float] = []
    kept = True
    try:
        first = wait_for_screen(WINDOW, LIVE, args.first_render_timeout)
        while READING in screen(WINDOW):
            time.sleep(0.1)
        keys(WINDOW, "3")
        time.sleep(1.0)
        with PaneOutput(WINDOW) as output:
            for number in range(2 * len(nodes)):
                key = "Right" if number < len(nodes) else "Left"
                started = time.monotonic()
                keys(WINDOW, key)
                drawn = output.drawn_in_rows(started, range(3, SIZE[1] + 1), 5.0)
                if drawn is not None:
                    latencies.append((drawn - started) * 1000)
                time.sleep(0.3)
                kept = kept and _names_in_view(names)
        if not kept:
            log(f"a service name left the view; the screen:\n{screen(WINDOW)}")
        keys(WINDOW, "2")
        time.sleep(1.0)
        for _ in range(10):
            keys(WINDOW, "Right")
        time.sleep(1.0)
        hostnames = set(nodes)
        nodes_kept = any(
            row.strip().split(" ")[0] in hostnames for row in screen(WINDOW).splitlines()[4:]
        )
    finally:
        stop(WINDOW)
    results = {
        "wide_nodes": float(len(nodes)),
        "wide_first_screen_s": first if first is not None else -1.0,
        "wide_grid_key_median_ms": statistics.median(latencies) if latencies else -1.0,
        "wide_grid_key_p95_ms": percentile(latencies, 95),
        "wide_grid_names_kept": 1.0 if kept else 0.0,
        "wide_nodes_names_kept": 1.0 if nodes_kept else 0.0,
    }
    log(f"{len(nodes)} nodes at 80x24: {results}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True)
    add_arguments(parser)
    args = parser.parse_args()
    for key, value in measure_wide(args, args.host).items():
        print(f"  {key:32} {value:,.3f}")


if __name__ == "__main__":
    main()
