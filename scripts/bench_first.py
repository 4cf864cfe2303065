"""The first screen beside `docker service ls`, in the same run on the same swarm: how long the
CLI takes to print its table, how long swarmtui takes to draw the services (from the services
and nodes reads) and then the task-derived columns (once the task list is in), and how much of
that the interpreter's and Textual's start-up alone take. Used by scripts/bench.py; alone:

    .venv/bin/python scripts/bench_first.py --host unix:///run/swarmtui-lab/bench/node1/docker.sock
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time

from bench_pty import LIVE, ROOT, SWARMTUI, add_arguments
from bench_terminal import log, screen, start, stop, wait_for_screen

PYTHON = ROOT / ".venv" / "bin" / "python"
READING = "reading tasks…"
TRIES = 3


def _wall(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.monotonic() - started


def cli_reference(host: str) -> dict[str, float]:
    """`docker service ls` (median of TRIES), and what swarmtui pays before any request: the
    interpreter alone, and the interpreter importing the app (Textual, Rich, docker-py)."""
    env = {**os.environ, "DOCKER_HOST": host}
    service_ls = [_wall(["docker", "service", "ls"], env) for _ in range(TRIES)]
    interpreter = [_wall([str(PYTHON), "-c", "pass"]) for _ in range(TRIES)]
    imports = [_wall([str(PYTHON), "-c", "import swarmtui.ui.app"]) for _ in range(TRIES)]
    return {
        "service_ls_s": statistics.median(service_ls),
        "interpreter_start_s": statistics.median(interpreter),
        "interpreter_and_imports_s": statistics.median(imports),
    }


def first_screen(args: argparse.Namespace, host: str, window: str = "first") -> dict[str, float]:
    """Seconds from launch to the services drawn (the header says live), and to the task
    list in (no pane says it is reading tasks any more); median of TRIES launches."""
    drawn: list[float] = []
    tasks_in: list[float] = []
    for _ in range(TRIES):
        started = time.monotonic()
        start(window, f"{SWARMTUI} --host {host} --interval {args.interval}", (160, 48))
        try:
            first = wait_for_screen(window, LIVE, args.first_render_timeout)
            if first is None:
                log(f"no first screen within {args.first_render_timeout} s:\n{screen(window)}")
                continue
            drawn.append(first)
            while READING in screen(window) and time.monotonic() - started < 120:
                time.sleep(0.01)
            tasks_in.append(time.monotonic() - started)
        finally:
            stop(window)
        time.sleep(1.0)
    return {
        "first_screen_s": statistics.median(drawn) if drawn else -1.0,
        "tasks_in_s": statistics.median(tasks_in) if tasks_in else -1.0,
    }


def measure_first_screen(args: argparse.Namespace, host: str) -> dict[str, float]:
    results = cli_reference(host)
    results.update(first_screen(args, host))
    if results["first_screen_s"] > 0:
        results["first_screen_to_service_ls"] = results["first_screen_s"] / results["service_ls_s"]
    log(f"first screen beside docker service ls: {results}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True)
    add_arguments(parser)
    args = parser.parse_args()
    for key, value in measure_first_screen(args, args.host).items():
        print(f"  {key:32} {value:,.3f}")


if __name__ == "__main__":
    main()
