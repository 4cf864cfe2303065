"""How many ssh processes and TCP connections a dashboard session over ssh:// opens.

    flock /tmp/swarmtui-lab.lock .venv/bin/python scripts/ssh_count.py --lab ssh --minutes 3

Needs a lab that is up (`lab/swarmlab up --name LAB`). Starts a real sshd in node1's namespace
(tests/support/sshd.py, with a client side of its own in a tmp folder), runs the dashboard
headless against ssh://root@node1 at the default refresh for the given time, and prints the
ssh processes started, the TCP connections sshd accepted and the sessions (dial-stdio
commands) it ran. Measured by hand for the README; the lab test asserts a bound.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from swarmtui.core.config import Settings  # noqa: E402
from swarmtui.docker.client import DockerApi  # noqa: E402
from swarmtui.docker.connection import resolve_endpoint  # noqa: E402
from swarmtui.ui.app import SwarmTuiApp  # noqa: E402
from tests.support.lab import Lab  # noqa: E402
from tests.support.sshd import SshClient, Sshd, known_line  # noqa: E402


async def session(url: str, minutes: float) -> int:
    endpoint = resolve_endpoint(url)
    app = SwarmTuiApp(Settings(), lambda: DockerApi(endpoint))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(minutes * 60)
        return app.polling.polls_done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lab", default="lab")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--show-logs", action="store_true", help="sshd's and ssh's logs too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ssh-count-") as tmp:
        folder = Path(tmp)
        client = SshClient(folder)
        sshd = Sshd(Lab(args.lab), folder).start()
        try:
            os.environ.update(client.environ(client.config("config", known_line(sshd))))
            os.environ["XDG_STATE_HOME"] = str(folder / "state")
            logins = sshd.logins()
            started = time.monotonic()
            polls = asyncio.run(session(sshd.url(), args.minutes))
            elapsed = time.monotonic() - started
            print(
                f"{elapsed / 60:.1f} min, {polls} polls: {client.dials()} ssh processes, "
                f"{sshd.logins() - logins} logins (TCP connections), "
                f"{sshd.sessions()} sessions"
            )
            if args.show_logs:
                print(sshd.log.read_text(errors="replace"))
                for log in (folder / "state").rglob("ssh.log"):
                    print(log.read_text(errors="replace"))
        finally:
            sshd.stop()


if __name__ == "__main__":
    main()
