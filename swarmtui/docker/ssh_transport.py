"""ssh:// that cannot hang the dashboard, paint over it, prompt on it, or open a connection per
request.

docker-py reaches an ssh:// daemon by running `ssh HOST docker system dial-stdio` and reading
its stdout pipe with plain blocking reads: a stalled connection blocks a poll (or a write,
holding the write lock) forever, whatever timeout the client was given, and ssh's own
messages go to the terminal the dashboard is drawing on. This swaps in a socket whose reads
wait at most the client's timeout and whose ssh logs to a private file, read back to say in one
sentence why a connection ended (ssh_failures).

docker-py's shell-out adapter also makes a new connection pool, hence a new ssh process and
TCP connection with a full key exchange, for every request (about 2 a second while the
dashboard polls). The adapter swapped in here keeps one pool per client, and every ssh shares
one TCP connection per host through OpenSSH's multiplexing (ControlMaster, with the control
socket in a private folder), so the poller, the event stream, writes and screens cost one
login between them. Both swaps are done once, by name, where docker-py looks the classes up.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import select
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import docker.api.client
from docker.transport import sshconn

from .ssh_failures import SSHFailed, describe, read_log_from
from .ssh_pool import OnePoolAdapter

SSH_STDERR_LOG: Path | None = None
"""Where ssh's messages go; None: a file in the private folder. Set by the entry point."""

CONNECT_TIMEOUT_S = 10
CONTROL_PERSIST_S = 60
"""How long a shared connection outlives its last user: a screen opened a moment after the
last one closed reuses it. swarmtui asks it to go when it exits (shutdown)."""


class _Private:
    """This process's private folder, made on first use (under a lock: clients dial from
    several threads)."""

    lock = threading.Lock()
    folder: Path | None = None
    dialing: dict[str, threading.Lock] = {}
    """Per destination: its first dial runs alone until its shared connection is up, or
    clients dialing at once at startup would each open a TCP connection of their own."""
    masters: dict[str, Path] = {}
    """Per destination: the control socket its shared connection listens on."""


def _dialing(destination: str) -> threading.Lock:
    with _Private.lock:
        return _Private.dialing.setdefault(destination, threading.Lock())


def _sockets() -> set[Path]:
    folder = _Private.folder
    return {p for p in folder.iterdir() if p.is_socket()} if folder else set()


def _private_folder() -> Path:
    """A folder only this user can enter, for control sockets (short: a socket's path is
    limited to about 100 bytes) and, when no log is set, ssh's messages."""
    with _Private.lock:
        if _Private.folder is None or not _Private.folder.is_dir():
            _Private.folder = Path(tempfile.mkdtemp(prefix="swarmtui-ssh-"))
            atexit.register(shutdown)
        return _Private.folder


def _log_path() -> Path:
    if SSH_STDERR_LOG is not None:
        SSH_STDERR_LOG.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return SSH_STDERR_LOG
    return _private_folder() / "ssh.log"


stderr_log = _log_path  # for the ssh sessions started outside docker-py (task_shell)


def ssh_options(log: Path) -> list[str]:
    """Options before the user's own config is consulted: on the command line they win."""
    options = [
        # Never prompt: a password, passphrase or host key question would be asked on the
        # terminal the dashboard draws on (or by an ssh-askpass window), and wait there.
        "-o", "BatchMode=yes",
        "-o", f"ConnectTimeout={CONNECT_TIMEOUT_S}",
        "-o", "ServerAliveInterval=10",
        "-T",
        "-E", str(log),  # the shared connection's own messages too, once it runs alone
    ]  # fmt: skip
    control = _private_folder() / "%C"
    if len(str(control)) + 40 < 100:  # %C is 40 hex digits; too long a path would fail ssh
        options += [
            "-o", "ControlMaster=auto",
            "-o", f"ControlPath={control}",
            "-o", f"ControlPersist={CONTROL_PERSIST_S}",
        ]  # fmt: skip
    return options


class _TimedPipe(io.RawIOBase):
    """A pipe whose reads give up after `timeout` seconds without a byte, and whose end says
    why ssh ended when it did."""

    def __init__(
        self,
        pipe: IO[bytes],
        timeout: Callable[[], float | None],
        ended: Callable[[], SSHFailed | None],
    ) -> None:
        self._fd = pipe.fileno()
        self._timeout = timeout
        """The socket's timeout as urllib3 last set it (per request, or per stream)."""
        self._ended = ended

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        timeout = self._timeout()
        ready, _, _ = select.select([self._fd], [], [], timeout)
        if not ready:
            raise TimeoutError(f"ssh sent nothing for {timeout:g} s")
        data = os.read(self._fd, len(buffer))
        if not data:
            failure = self._ended()
            if failure is not None:
                raise failure
        buffer[: len(data)] = data
        return len(data)


class TimedSSHSocket(sshconn.SSHSocket):
    """docker-py's ssh subprocess socket: read timeouts, no prompts, ssh's words kept aside."""

    def connect(self, **kwargs: Any) -> None:
        log = _log_path()
        self._log = log
        self._log_start = log.stat().st_size if log.exists() else 0
        args = ["ssh", *ssh_options(log)]
        if self.user:
            args += ["-l", self.user]
        if self.port:
            args += ["-p", str(self.port)]
        args += ["--", self.host, "docker system dial-stdio"]
        destination = f"{self.user}@{self.host}:{self.port}"
        with _dialing(destination):
            master = _Private.masters.get(destination)
            if "ControlMaster=auto" in args and (master is None or not master.exists()):
                before = _sockets()
                self._start(args, log)
                self._wait_for_master(destination, before)
            else:
                self._start(args, log)

    def _wait_for_master(self, destination: str, before: set[Path]) -> None:
        """Until this ssh has logged in and listens for the others (or has given up)."""
        timeout = self.gettimeout()
        wait = CONNECT_TIMEOUT_S + 5 if timeout is None else min(CONNECT_TIMEOUT_S + 5, timeout)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and self.proc and self.proc.poll() is None:
            new = _sockets() - before
            if new:
                _Private.masters[destination] = new.pop()
                return
            time.sleep(0.05)

    def _start(self, args: list[str], log: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("LD_LIBRARY_PATH", "SSL_CERT_FILE")}
        with log.open("ab") as stderr:  # the child keeps its own copy
            os.chmod(log, 0o600)
            self.proc = subprocess.Popen(
                args,
                env=env,
                stdout=subprocess.PIPE,
                stdin=subprocess.PIPE,
                stderr=stderr,
                start_new_session=True,  # ctrl+c in the dashboard must not kill the transport
            )

    def _write(self, data: bytes) -> int:
        try:
            return int(super()._write(data))
        except (BrokenPipeError, ValueError) as error:
            raise (self._ended() or error) from error

    def _ended(self) -> SSHFailed | None:
        """Once ssh has exited: why, from what it wrote to the log since it started."""
        proc = self.proc
        if proc is None:
            return None
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return None
        words = read_log_from(self._log, self._log_start)
        port = str(self.port) if self.port else None
        return SSHFailed(describe(words, self.user, self.host, port, str(self._log)))

    def alive(self) -> bool:
        """Still fit to carry a request: ssh runs and has said nothing unasked (an idle
        connection that reads as ready has reached its end)."""
        proc = self.proc
        if proc is None or proc.poll() is not None or proc.stdout is None:
            return False
        ready, _, _ = select.select([proc.stdout.fileno()], [], [], 0)
        return not ready

    def recv(self, n: int) -> bytes:
        return self._reader().read1(n)

    def makefile(self, mode: str) -> Any:  # noqa: ARG002 - docker-py's signature
        if not self.proc:
            self.connect()
        # http.client closes a response's file once the response is read: on a kept-alive
        # connection that must not close the pipe the next response comes on.
        return _ResponseFile(self._reader(), self)

    def _reader(self) -> io.BufferedReader[Any]:
        if getattr(self, "_buffered", None) is None:
            assert self.proc is not None and self.proc.stdout is not None
            self._buffered = io.BufferedReader(
                _TimedPipe(self.proc.stdout, self.gettimeout, self._ended)
            )
        return self._buffered

    def close(self) -> None:
        proc = self.proc
        if proc is None:
            return
        with contextlib.suppress(OSError, ValueError):
            super().close()
        with contextlib.suppress(OSError):
            proc.kill()  # a stalled ssh ignores the polite request; the shared one lives on
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=2)


class _ResponseFile:
    """The connection's one buffered reader, lent to one response: its close is the
    response's, not the pipe's."""

    def __init__(self, reader: io.BufferedReader[Any], channel: TimedSSHSocket) -> None:
        self._reader = reader
        self.channel = channel  # docker-py reads it back for attach-style streams
        self.closed = False

    def close(self) -> None:
        self.closed = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


def shutdown() -> None:
    """Ask every shared connection to end now and remove the private folder."""
    with _Private.lock:
        folder, _Private.folder = _Private.folder, None
    if folder is None:
        return
    for control in folder.iterdir():
        if control.is_socket():
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                subprocess.run(
                    ["ssh", "-o", f"ControlPath={control}", "-O", "exit", "--", "swarmtui"],
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    timeout=5,
                    check=False,
                )
    shutil.rmtree(folder, ignore_errors=True)


def install() -> None:
    """Make docker-py's ssh connections use these classes (idempotent)."""
    sshconn.SSHSocket = TimedSSHSocket  # docker-py looks it up by name
    docker.api.client.SSHHTTPAdapter = OnePoolAdapter
