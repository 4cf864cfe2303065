"""What a launch imports before its first request: not paramiko (docker-py's own SSH client,
which swarmtui never uses: it runs OpenSSH) nor cryptography (read only for TLS files, the
swarm's CA in the lint). Each cost a fifth to a third of a second of every first screen."""

from __future__ import annotations

import subprocess
import sys


def imported_after(statement: str) -> set[str]:
    probe = f"{statement}; import sys; print(' '.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_the_dashboard_loads_neither_paramiko_nor_cryptography_at_start() -> None:
    loaded = imported_after("import swarmtui.ui.app, swarmtui.cli.main")
    assert "docker.transport.sshconn" in loaded  # docker-py did import its ssh transport
    assert not {m for m in loaded if m.startswith(("paramiko.", "invoke", "cryptography"))}


def test_paramiko_still_loads_when_asked() -> None:
    loaded = imported_after("import swarmtui.docker, paramiko; paramiko.SSHClient")
    assert "paramiko.client" in loaded
