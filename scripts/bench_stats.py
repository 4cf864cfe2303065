"""The tasks' figures (CPU and memory read from each node over ssh) and what they cost: an sshd
in every lab node (tests/support/sshd.py, a client side of its own in a tmp folder), a service
of TASKS running replicas, and swarmtui in tmux against the lab's manager socket:

- idle CPU with node access off (`--no-node-access`), then on with no task figures on screen
  (a service that runs no task selected in both): the two should be within 10 %;
- seconds from `:top` (opened where no figure was read yet) to every node answered and every
  running task's figures in;
- idle CPU with the TASKS replicas' figures on screen (`:svc stats-bench`, read every 3 s).

    .venv/bin/python scripts/bench_stats.py --lab stats --idle 20    # this case alone
"""

from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_pty import LIVE, SWARMTUI, add_arguments
from bench_terminal import cpu_per_minute, keys, log, screen, start, stop, wait_for_screen

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.lab import Lab  # noqa: E402
from tests.support.sshd import NodeSshds  # noqa: E402

SERVICE = "stats-bench"
TASKS = 30
IDLE_SERVICE = "stats-idle"
"""Selected for the idle cases: never placed, so no task of it runs and no figure is read."""
WINDOW = "stats"


def _docker(host: str, *args: str) -> str:
    return subprocess.run(
        ["docker", "-H", host, *args], capture_output=True, text=True, check=True, timeout=120
    ).stdout


def _running(host: str) -> int:
    states = _docker(host, "service", "ps", SERVICE, "--filter", "desired-state=running",
                     "--format", "{{.CurrentState}}")  # fmt: skip
    return sum(1 for line in states.splitlines() if line.startswith("Running"))


def _start_service(host: str, timeout: float = 180) -> None:
    listed = _docker(host, "service", "ls", "--format", "{{.Name}}").split()
    for name in (SERVICE, IDLE_SERVICE):
        if name in listed:
            _docker(host, "service", "rm", name)  # left by an interrupted run
    _docker(host, "service", "create", "-d", "--no-resolve-image", "--name", IDLE_SERVICE,
            "--constraint", "node.labels.never==true", "swarmlab/app:1")  # fmt: skip
    _docker(host, "service", "create", "-d", "--no-resolve-image", "--name", SERVICE,
            "--replicas", str(TASKS), "--stop-signal", "KILL", "--stop-grace-period", "1s",
            "swarmlab/app:1", "sleep", "86400")  # fmt: skip
    deadline = time.monotonic() + timeout
    while _running(host) < TASKS and time.monotonic() < deadline:
        time.sleep(1)
    log(f"{_running(host)} of {TASKS} {SERVICE} tasks running")


def _top_filled(nodes: int) -> bool:
    """Every node answered, and every running task's figures are in (the title's count)."""
    text = screen(WINDOW)
    counted = re.search(r"(\d+) of (\d+) running tasks measured", text)
    complete = counted is not None and counted[1] == counted[2]
    return complete and len(re.findall(r"\bnode\d+: \d+ s ago", text)) >= nodes


def _idle(args: argparse.Namespace, command: str) -> tuple[int, float]:
    pid = start(WINDOW, command, (args.width, args.height))
    wait_for_screen(WINDOW, LIVE, args.first_render_timeout)
    _go(f"svc {IDLE_SERVICE}", f"Tasks of {IDLE_SERVICE}")
    time.sleep(args.warmup)
    return pid, cpu_per_minute(pid, args.idle)


def _go(words: str, wanted: str) -> None:
    """`:WORDS` typed at the prompt; says so when `wanted` never shows."""
    keys(WINDOW, ":")
    time.sleep(0.5)
    keys(WINDOW, "-l", words)
    keys(WINDOW, "Enter")
    if wait_for_screen(WINDOW, wanted, 10) is None:
        log(f":{words} did not show {wanted!r}; the screen:\n{screen(WINDOW)}")


def measure_task_stats(args: argparse.Namespace, lab_name: str) -> dict[str, float]:
    lab = Lab(lab_name)
    host = lab.host()
    results: dict[str, float] = {}
    _start_service(host)
    with tempfile.TemporaryDirectory(prefix="bench-stats-") as tmp:
        sshds = NodeSshds(lab, Path(tmp), nodes=tuple(_lab_nodes(lab))).start()
        try:
            env = sshds.environ()
            env["XDG_STATE_HOME"] = str(Path(tmp) / "state")
            env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)  # this checkout
            assignments = " ".join(f"{name}={shlex.quote(value)}" for name, value in env.items())
            base = f"env {assignments} {SWARMTUI} --host {host} --interval {args.interval}"
            config = Path(tmp) / "config.toml"
            config.write_text('[nodes]\nuser = "root"\n')
            on = f"{base} --config {config}"
            _, results["stats_off_idle_cpu_s_per_min"] = _idle(args, f"{base} --no-node-access")
            stop(WINDOW)
            pid, results["stats_hidden_idle_cpu_s_per_min"] = _idle(args, on)
            results["stats_hidden_to_off_ratio"] = results["stats_hidden_idle_cpu_s_per_min"] / max(
                results["stats_off_idle_cpu_s_per_min"], 1e-6
            )
            # :top first, from a screen that read no figure: every node is read anew.
            keys(WINDOW, ":")
            time.sleep(0.5)
            started = time.monotonic()
            keys(WINDOW, "-l", "top")
            keys(WINDOW, "Enter")
            nodes = len(_lab_nodes(lab))
            while not _top_filled(nodes) and time.monotonic() - started < 60:
                time.sleep(0.05)
            filled = time.monotonic() - started
            results["top_all_nodes_filled_s"] = filled if _top_filled(nodes) else -1.0
            if not _top_filled(nodes):
                log(f":top never had every node filled; the screen:\n{screen(WINDOW)}")
            keys(WINDOW, "Escape")
            time.sleep(1.0)  # a key right after ESC would arrive as alt+key
            _go(f"svc {SERVICE}", f"Tasks of {SERVICE}")
            time.sleep(args.warmup)
            results[f"stats_{TASKS}_visible_cpu_s_per_min"] = cpu_per_minute(pid, args.idle)
            log(f"task figures: {results}")
        finally:
            stop(WINDOW)
            sshds.stop()
            _docker(host, "service", "rm", SERVICE, IDLE_SERVICE)
    return results


def _lab_nodes(lab: Lab) -> list[str]:
    names = _docker(lab.host(), "node", "ls", "--format", "{{.Hostname}}").split()
    return sorted(name for name in names if name.startswith("node"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lab", default="lab", help="a lab that is up (lab/swarmlab up)")
    add_arguments(parser)
    args = parser.parse_args()
    for key, value in measure_task_stats(args, args.lab).items():
        print(f"  {key:40} {value:,.3f}")


if __name__ == "__main__":
    main()
