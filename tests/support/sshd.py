"""A real OpenSSH server in a lab node's network namespace, whose sessions reach a lab daemon,
and a client side that is the test's own: key, known_hosts and config in a tmp folder.

Nothing here reads or writes /etc/ssh or ~/.ssh. OpenSSH takes ~/.ssh from the password
database, not from $HOME, so the client side is an `ssh` put first on PATH that runs the real
one with `-F` (the config named by SWARMTUI_TEST_SSH_CONFIG): the product still runs plain `ssh`
with the user's config, which here is the test's. The wrapper also counts the ssh processes
that dial a daemon, in SWARMTUI_TEST_SSH_COUNT.

The sshd runs as root in the namespace, so the lab's teardown (which ends every process in its
namespaces) ends it too if a test did not.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from .lab import Lab

SSHD = "/usr/sbin/sshd"
REAL_SSH = "/usr/bin/ssh"
LAB_ROOT = Path("/run/swarmtui-lab")


def node_address(lab: Lab, node: str) -> str:
    """The node's address on the lab bridge, as swarmlab gives it (nodeK is .10+K)."""
    env = (LAB_ROOT / lab.name / "lab.env").read_text()
    subnet = re.search(r"^LAB_SUBNET=(\S+)$", env, re.M)
    assert subnet, f"no LAB_SUBNET in the lab's lab.env:\n{env}"
    number = int(node.removeprefix("node").removeprefix("spare"))
    return f"{subnet[1]}.{10 + number if node.startswith('node') else 200 + number}"


def keygen(path: Path) -> str:
    """A new ed25519 key without passphrase; returns its public line."""
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "swarmtui-test", "-f", str(path)],
        check=True,
        capture_output=True,
    )
    return path.with_suffix(".pub").read_text().strip()


@dataclass
class Sshd:
    """One sshd: where it listens and which daemon its sessions' `docker` reaches."""

    lab: Lab
    folder: Path
    port: int = 22
    node: str = "node1"
    docker_node: str = "node1"
    path: str = "/usr/local/bin:/usr/bin:/bin"
    """PATH of the sessions: one without docker makes a far side with no `docker`."""
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def address(self) -> str:
        return node_address(self.lab, self.node)

    @property
    def log(self) -> Path:
        return self.folder / f"sshd-{self.port}.log"

    def host_key(self) -> str:
        """The public line of the host key every sshd of this folder shares."""
        key = self.folder / "host_ed25519"
        if not key.exists():
            return keygen(key)
        return key.with_suffix(".pub").read_text().strip()

    def start(self) -> Sshd:
        self.host_key()
        socket_path = LAB_ROOT / self.lab.name / self.docker_node / "docker.sock"
        config = self.folder / f"sshd-{self.port}.conf"
        config.write_text(
            f"Port {self.port}\n"
            f"ListenAddress {self.address}\n"
            f"HostKey {self.folder / 'host_ed25519'}\n"
            "PidFile none\n"
            f"AuthorizedKeysFile {self.folder / 'authorized_keys'}\n"
            "StrictModes no\n"  # the tmp folder's parents are world-writable
            "PermitRootLogin prohibit-password\n"
            "PasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\n"
            "UsePAM no\n"
            "MaxStartups 100\n"
            "LogLevel VERBOSE\n"
            f"SetEnv DOCKER_HOST=unix://{socket_path} PATH={self.path}\n"
        )
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation
        namespace = f"/run/netns/swarmtui-lab_{self.lab.name}_{self.node}"
        self.process = subprocess.Popen(
            ["nsenter", f"--net={namespace}", "--", SSHD, "-D", "-f", str(config),
             "-E", str(self.log)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        self._wait_listening()
        return self

    def _wait_listening(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"sshd exited: {self.log.read_text(errors='replace')}")
            try:
                with socket.create_connection((self.address, self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"sshd did not listen on {self.address}:{self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def logins(self) -> int:
        """Connections that logged in so far (one TCP connection and key exchange each; the
        start-up probe, closed before the key exchange, is not one)."""
        return self._count("Accepted publickey for ")

    def sessions(self) -> int:
        """Commands (dial-stdio) sshd started so far, over any connection."""
        return self._count("Starting session: command")

    def _count(self, marker: str) -> int:
        if not self.log.exists():
            return 0
        return sum(marker in line for line in self.log.read_text(errors="replace").splitlines())

    def url(self, user: str = "root") -> str:
        port = "" if self.port == 22 else f":{self.port}"
        return f"ssh://{user}@{self.address}{port}"


@dataclass
class SshClient:
    """The test's ssh side: a key sshd accepts, known_hosts, a config, the wrapper."""

    folder: Path

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.key = self.folder / "id_ed25519"
        public = keygen(self.key)
        (self.folder / "authorized_keys").write_text(public + "\n")
        self.count_file = self.folder / "ssh-count"
        self.bin = self.folder / "bin"
        self.bin.mkdir(exist_ok=True)
        wrapper = self.bin / "ssh"
        wrapper.write_text(
            "#!/bin/sh\n"
            'case "$*" in *dial-stdio*) echo >>"$SWARMTUI_TEST_SSH_COUNT" ;; esac\n'
            f'exec {REAL_SSH} -F "$SWARMTUI_TEST_SSH_CONFIG" "$@"\n'
        )
        wrapper.chmod(0o755)

    def config(
        self, name: str = "config", known_hosts: str = "", identity: Path | None = None
    ) -> Path:
        """An ssh config as a user would have it, with its own known_hosts lines."""
        hosts = self.folder / f"{name}.known_hosts"
        hosts.write_text(known_hosts)
        path = self.folder / name
        path.write_text(
            "Host *\n"
            f"  UserKnownHostsFile {hosts}\n"
            "  GlobalKnownHostsFile /dev/null\n"
            f"  IdentityFile {identity or self.key}\n"
            "  IdentitiesOnly yes\n"
            "  IdentityAgent none\n"
            "  UpdateHostKeys no\n"
        )
        return path

    def environ(self, config: Path) -> dict[str, str]:
        """What the swarmtui process needs in its environment to use this side."""
        return {
            "PATH": f"{self.bin}:{os.environ['PATH']}",
            "SWARMTUI_TEST_SSH_CONFIG": str(config),
            "SWARMTUI_TEST_SSH_COUNT": str(self.count_file),
        }

    def dials(self) -> int:
        """ssh processes started to reach a daemon so far."""
        if not self.count_file.exists():
            return 0
        return len(self.count_file.read_text().splitlines())


def known_line(sshd: Sshd, public: str | None = None) -> str:
    """A known_hosts line for this sshd (its key, or another one)."""
    host = sshd.address if sshd.port == 22 else f"[{sshd.address}]:{sshd.port}"
    key = " ".join((public or sshd.host_key()).split()[:2])
    return f"{host} {key}\n"


@dataclass
class NodeSshds:
    """An sshd in every lab node's namespace, each reaching its own node's daemon (as a real
    cluster's nodes each run sshd beside dockerd), and the client side that logs in to all:
    what node access (docker/node_access.py) needs. Start once per module; `stop` ends them."""

    lab: Lab
    folder: Path
    nodes: tuple[str, ...] = ("node1", "node2", "node3")
    sshds: dict[str, Sshd] = field(default_factory=dict)

    def start(self) -> NodeSshds:
        self.client = SshClient(self.folder)
        for node in self.nodes:
            self.sshds[node] = Sshd(self.lab, self.folder, node=node, docker_node=node).start()
        known = "".join(known_line(sshd) for sshd in self.sshds.values())
        self.config = self.client.config(known_hosts=known)
        return self

    def environ(self) -> dict[str, str]:
        """For the swarmtui process (or os.environ in a pilot test): ssh uses this side."""
        return self.client.environ(self.config)

    def stop(self) -> None:
        for sshd in self.sshds.values():
            sshd.stop()
