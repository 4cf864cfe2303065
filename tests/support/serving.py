"""`swarmtui serve` run as a person runs it: `python -m swarmtui [options] serve …` in a
subprocess, on a free port, its output in a file; and the address of this machine on a lab's
bridge, a local address that is not loopback."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .paths import ROOT


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    address: str
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://{self.address}:{self.port}/"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def token(self) -> str:
        found = re.search(r"\?token=([A-Za-z0-9_-]+)", self.output())
        assert found, f"serve printed no token:\n{self.output()}"
        return found.group(1)

    def children(self) -> list[int]:
        """The processes the server has started (a dashboard per browser tab)."""
        pid = self.process.pid
        found: list[int] = []
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                found += [int(c) for c in (task / "children").read_text().split()]
        return found


def free_port(address: str) -> int:
    with socket.socket() as probe:
        probe.bind((address, 0))
        return int(probe.getsockname()[1])


def isolated_env(folder: Path) -> dict[str, str]:
    """The environment for a server and its dashboards: state, config and audit log under
    `folder`, never the user's."""
    env = dict(os.environ)
    env.update(
        XDG_STATE_HOME=str(folder / "state"),
        XDG_CONFIG_HOME=str(folder / "config"),
        SWARMTUI_AUDIT_LOG=str(folder / "audit.log"),
    )
    return env


@contextlib.contextmanager
def served(
    folder: Path, options: list[str], serve_args: list[str], address: str = "127.0.0.1"
) -> Iterator[Served]:
    """`swarmtui OPTIONS serve --port P SERVE_ARGS` until the block ends; it listens first."""
    port = free_port(address)
    log = folder / "serve.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "swarmtui", *options, "serve", "--port", str(port), *serve_args],
            cwd=ROOT,
            env=isolated_env(folder),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # the dashboards it starts go with it at the end
        )
    server = Served(process, address, port, log)
    try:
        _wait_listening(server)
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _wait_listening(server: Served, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"serve exited {server.process.returncode}:\n{server.output()}")
        with socket.socket() as probe, contextlib.suppress(OSError):
            probe.settimeout(1)
            probe.connect((server.address, server.port))
            return
        time.sleep(0.1)
    raise AssertionError(f"serve did not listen in {timeout:.0f} s:\n{server.output()}")


def bridge_address(lab_name: str) -> str:
    """This machine's address on the bridge of the lab `lab_name` (swarmlab labels its bridge
    `swarmtui-lab:NAME`): local, and not loopback."""
    for alias in Path("/sys/class/net").glob("swlab*/ifalias"):
        if alias.read_text().strip() == f"swarmtui-lab:{lab_name}":
            shown = subprocess.run(
                ["ip", "-j", "-4", "addr", "show", "dev", alias.parent.name],
                capture_output=True,
                text=True,
                check=True,
                timeout=10,
            )
            (link,) = json.loads(shown.stdout)
            return str(link["addr_info"][0]["local"])
    raise AssertionError(f"no bridge of the lab {lab_name!r}")
