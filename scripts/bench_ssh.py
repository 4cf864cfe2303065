"""The dashboard idle over ssh:// beside the unix socket: a real sshd in the bench lab's node1
(tests/support/sshd.py, with a client side of its own in a tmp folder), swarmtui in tmux
against ssh://root@node1, CPU of its process tree (swarmtui and its ssh clients; the shared
connection runs detached and is not counted) and the logins it made.

    .venv/bin/python scripts/bench_ssh.py --lab ssh --idle 20    # this case alone, on a lab
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
import time
from pathlib import Path

from bench_pty import LIVE, SWARMTUI, add_arguments
from bench_terminal import cpu_per_minute, log, start, stop, wait_for_screen

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.lab import Lab  # noqa: E402
from tests.support.sshd import SshClient, Sshd, known_line  # noqa: E402


def measure_ssh_idle(args: argparse.Namespace, lab: str) -> dict[str, float]:
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-ssh-") as tmp:
        folder = Path(tmp)
        client = SshClient(folder)
        sshd = Sshd(Lab(lab), folder).start()
        try:
            env = client.environ(client.config("config", known_line(sshd)))
            env["XDG_STATE_HOME"] = str(folder / "state")
            env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)  # this checkout
            assignments = " ".join(f"{name}={shlex.quote(value)}" for name, value in env.items())
            command = f"env {assignments} {SWARMTUI} --host {sshd.url()} --interval {args.interval}"
            pid = start("ssh", command, (args.width, args.height))
            first = wait_for_screen("ssh", LIVE, args.first_render_timeout)
            results["ssh_first_render_s"] = first if first is not None else -1.0
            time.sleep(args.warmup)
            results["ssh_idle_cpu_s_per_min"] = cpu_per_minute(pid, args.idle)
            results["ssh_processes"] = float(client.dials())
            results["ssh_logins"] = float(sshd.logins())
            log(f"idle over ssh: {results['ssh_idle_cpu_s_per_min']:.2f} CPU-s/min")
        finally:
            stop("ssh")
            sshd.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lab", default="lab", help="a lab that is up (lab/swarmlab up)")
    add_arguments(parser)
    args = parser.parse_args()
    for key, value in measure_ssh_idle(args, args.lab).items():
        print(f"  {key:32} {value:,.3f}")


if __name__ == "__main__":
    main()
