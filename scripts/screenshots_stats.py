"""The README's pictures of the tasks' figures, from the live lab (`screenshots.py --lab-stats`):
an sshd in every lab node (tests/support/sshd.py), a service burning CPU and one holding memory
near its limit (/dev/shm is a 64 MB tmpfs in a container, charged to it), the dashboard on the
holder's tasks (task-figures.svg) and on `:top` (top.svg)."""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

from swarmtui.core.config import Settings
from swarmtui.docker import ssh_transport
from swarmtui.docker.client import DockerApi
from swarmtui.docker.connection import Endpoint
from swarmtui.docker.node_access import NodeAccessSettings
from swarmtui.render.selection import Kind
from swarmtui.ui.app import SwarmTuiApp
from tests.support.lab import Lab, inspect
from tests.support.sshd import NodeSshds

SERVICES = {
    "burner": ("node2", "dd if=/dev/zero of=/dev/null"),
    "holder": ("node3", f"head -c {59 * 1024 * 1024} /dev/zero >/dev/shm/held; sleep 3600"),
}


async def task_figures(out: Path) -> None:
    lab = Lab()
    host = lab.host()
    for name, (node, command) in SERVICES.items():
        lab.docker(
            "service", "create", "-d", "--no-resolve-image", "--name", name, "--replicas", "2",
            "--constraint", f"node.hostname=={node}", "--limit-memory", "64m",
            "--stop-signal", "KILL", "swarmlab/app:1", "sh", "-c", command,
        )  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        sshds = NodeSshds(lab, Path(folder)).start()
        saved = dict(os.environ)
        os.environ.update(sshds.environ())
        try:
            for name in SERVICES:
                lab.settle(name, timeout=60)
            settings = Settings(nodes=NodeAccessSettings(user="root"))
            app = SwarmTuiApp(settings, lambda: DockerApi(Endpoint(host, "lab")), read_nodes=True)
            async with app.run_test(size=(160, 48)) as pilot:
                while not app.polling.polls_done:
                    await pilot.pause(0.1)
                app.main.jump_to(Kind.SERVICE, inspect(lab, "service", "holder")["ID"])
                await asyncio.sleep(8)  # two refreshes: the CPU share needs two samples
                await pilot.pause()
                app.save_screenshot("task-figures.svg", str(out))
                print("wrote screenshots/task-figures.svg")
                await pilot.press("T")
                await asyncio.sleep(8)
                await pilot.pause()
                app.save_screenshot("top.svg", str(out))
                print("wrote screenshots/top.svg")
        finally:
            os.environ.clear()
            os.environ.update(saved)
            ssh_transport.shutdown()
            sshds.stop()
            for name in SERVICES:
                lab.docker("service", "rm", name, check=False)
