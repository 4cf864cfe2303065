"""A real terminal for a test: a tmux session on a server of its own (its own socket, so no
other tmux on the machine is touched), driven with send-keys and read with capture-pane."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Tmux:
    socket: Path
    session: str = "swarmtui"

    def _run(self, *args: str, env: Mapping[str, str] | None = None) -> str:
        return subprocess.run(
            ["tmux", "-S", str(self.socket), *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
            # os.environ, not the C environment: readline (imported by a test run) puts
            # COLUMNS=80 and LINES=24 there, and the server would hand them to the command.
            env={**os.environ, **(env or {})},
        ).stdout

    def start(
        self,
        command: Sequence[str],
        env: Mapping[str, str],
        cwd: Path,
        size: tuple[int, int] = (160, 48),
    ) -> Tmux:
        # -e puts each variable in the session's environment, where the command runs; PATH
        # comes from the client that made the session, so it gets them all too.
        names = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        self._run(
            "new-session", "-d", "-s", self.session, "-x", str(size[0]), "-y", str(size[1]),
            "-c", str(cwd), *names, *command, env=env,
        )  # fmt: skip
        self._run("set-option", "-t", self.session, "remain-on-exit", "on")
        return self

    def keys(self, *keys: str, literal: bool = False) -> None:
        self._run("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def screen(self) -> str:
        return self._run("capture-pane", "-p", "-t", self.session)

    def wait_for(self, pattern: str, timeout: float = 30.0, what: str = "") -> re.Match[str]:
        """Until the screen shows `pattern` (a regular expression, multiline); fails with the
        screen as it was."""
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            found = re.search(pattern, shown, re.M)
            if found:
                return found
            time.sleep(0.2)
        raise AssertionError(f"waited {timeout:g} s for {what or pattern!r}; the screen:\n{shown}")

    def wait_closed(self, timeout: float = 15.0) -> bool:
        """Until the command in the session has exited (the pane stays, dead)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            dead = self._run("display-message", "-p", "-t", self.session, "#{pane_dead}")
            if dead.strip() == "1":
                return True
            time.sleep(0.2)
        return False

    def stop(self) -> None:
        subprocess.run(
            ["tmux", "-S", str(self.socket), "kill-server"], capture_output=True, check=False
        )
