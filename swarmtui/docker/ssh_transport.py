"""ssh:// that cannot hang the dashboard or paint over it.

docker-py reaches an ssh:// daemon by running `ssh HOST docker system dial-stdio` and reading
its stdout pipe with plain blocking reads: a stalled connection blocks a poll (or a write,
holding the write lock) forever, whatever timeout the client was given, and ssh's own
messages go to the terminal the dashboard is drawing on. This swaps in a socket whose reads
wait at most the client's timeout and whose ssh writes its stderr to a private log file.
The swap is done once, by name, where docker-py's SSHConnection looks the class up.
"""

from __future__ import annotations

import contextlib
import io
import os
import select
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, BinaryIO

from docker.transport import sshconn

SSH_STDERR_LOG: Path | None = None
"""Where ssh's stderr goes; None: the null device. Set by the entry point (state dir)."""


class _TimedPipe(io.RawIOBase):
    """A pipe whose reads give up after `timeout` seconds without a byte."""

    def __init__(self, pipe: IO[bytes], timeout: Callable[[], float | None]) -> None:
        self._fd = pipe.fileno()
        self._timeout = timeout
        """The socket's timeout as urllib3 last set it (per request, or per stream)."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        timeout = self._timeout()
        ready, _, _ = select.select([self._fd], [], [], timeout)
        if not ready:
            raise TimeoutError(f"ssh sent nothing for {timeout:g} s")
        data = os.read(self._fd, len(buffer))
        buffer[: len(data)] = data
        return len(data)


class TimedSSHSocket(sshconn.SSHSocket):
    """docker-py's ssh subprocess socket, with read timeouts and ssh's stderr kept away."""

    def connect(self, **kwargs: Any) -> None:
        args = ["ssh", "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=10"]
        if self.user:
            args += ["-l", self.user]
        if self.port:
            args += ["-p", str(self.port)]
        args += ["--", self.host, "docker system dial-stdio"]
        env = {k: v for k, v in os.environ.items() if k not in ("LD_LIBRARY_PATH", "SSL_CERT_FILE")}
        stderr = _stderr_target()
        try:
            self.proc = subprocess.Popen(
                args,
                env=env,
                stdout=subprocess.PIPE,
                stdin=subprocess.PIPE,
                stderr=stderr,
                start_new_session=True,  # ctrl+c in the dashboard must not kill the transport
            )
        finally:
            if not isinstance(stderr, int):
                stderr.close()  # the child has its own copy

    def recv(self, n: int) -> bytes:
        return self._reader().read1(n)

    def makefile(self, mode: str) -> Any:  # noqa: ARG002 - docker-py's signature
        if not self.proc:
            self.connect()
        reader = self._reader()
        reader.channel = self  # type: ignore[attr-defined]  # docker-py reads it back
        return reader

    def _reader(self) -> io.BufferedReader[Any]:
        if getattr(self, "_buffered", None) is None:
            assert self.proc is not None and self.proc.stdout is not None
            self._buffered = io.BufferedReader(_TimedPipe(self.proc.stdout, self.gettimeout))
        return self._buffered

    def close(self) -> None:
        proc = self.proc
        if proc is None:
            return
        with contextlib.suppress(OSError, ValueError):
            super().close()
        with contextlib.suppress(OSError):
            proc.kill()  # a stalled ssh ignores the polite request


def _stderr_target() -> int | BinaryIO:
    if SSH_STDERR_LOG is None:
        return subprocess.DEVNULL
    SSH_STDERR_LOG.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(SSH_STDERR_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    return os.fdopen(descriptor, "ab")


def install() -> None:
    """Make docker-py's ssh connections use TimedSSHSocket (idempotent)."""
    sshconn.SSHSocket = TimedSSHSocket  # docker-py looks the class up by this name
