"""What ssh said, in one sentence that says what to do; and which ssh:// URLs are refused.

ssh tells why it failed only on its stderr (kept in a private log, see ssh_transport); the
dashboard sees a pipe that closed. The transport reads ssh's words for the connection that
ended and raises SSHFailed with the sentence made here, which `why` (error_mapping) prefers to
any wrapper's text.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from .errors import DaemonUnreachable

_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")
"""A user or host as ssh takes it: no leading '-' (ssh would read it as an option), no spaces,
no controls, no ':' or '/' (docker-py splits the URL on them)."""


class SSHFailed(ConnectionError):
    """ssh ended; `str()` says why and what to do, as one sentence without its final stop."""


def check_ssh_url(url: str) -> None:
    """Refuse an ssh:// URL ssh or docker-py would misread, with a sentence saying how."""
    rest = url.removeprefix("ssh://")
    if any(ch.isspace() or not ch.isprintable() for ch in rest):
        raise DaemonUnreachable("The ssh:// address has a space or a control character in it.")
    parts = urlsplit(url)
    if parts.path or parts.query or parts.fragment:
        raise DaemonUnreachable(
            f"The ssh:// address {url} has more than user@host:port: drop what follows the host."
        )
    if parts.password is not None:
        raise DaemonUnreachable(
            f"The ssh:// address {url} holds a password: use a key (ssh-agent) instead."
        )
    try:
        port = parts.port
    except ValueError:
        port = -1
    user, host = parts.username, parts.hostname or ""
    if port in (-1, 0):
        raise DaemonUnreachable(f"The ssh:// address {url} has a port that is not 1 to 65535.")
    for what, value in (("user", user), ("host", host)):
        if value is not None and not _NAME.fullmatch(value):
            raise DaemonUnreachable(
                f"The ssh:// address {url} has a {what} ssh cannot take: use letters, digits, "
                "'.', '-' and '_', not starting with '-' (an ssh config Host alias works too)."
            )


def login_command(user: str | None, host: str, port: str | None) -> str:
    """What to type to try the same connection by hand."""
    port_part = f"-p {port} " if port and port != "22" else ""
    return f"ssh {port_part}{user + '@' if user else ''}{host}"


def describe(words: str, user: str | None, host: str, port: str | None, log: str) -> str:
    """ssh's stderr for one connection → what went wrong and what to do."""
    login = login_command(user, host, port)
    text = words.lower()
    if "remote host identification has changed" in text or (
        "host key for" in text and ("has changed" in text)
    ):
        return (
            f"{host}'s host key has changed since you accepted it (a reinstalled server, or "
            f"someone in between): check with its admin, then `ssh-keygen -R {host}` and "
            f"`{login}` to accept the new key"
        )
    if "host key verification failed" in text or "host key is known" in text:
        return (
            f"{host}'s host key is not in your known_hosts: connect once with `{login}` to "
            "check and accept its key"
        )
    if "permission denied" in text and ("publickey" in text or "password" in text):
        return (
            f"{host} refused the login ({_first_line(words, 'permission denied')}): check that "
            f"`{login}` logs in without a prompt (swarmtui never asks for a password or "
            "passphrase: load the key into ssh-agent)"
        )
    if re.search(r"docker: (command )?not found|exec: \"?docker\"?: .*not found", text):
        return (
            f"{host} has no `docker` command for ssh sessions: install the docker CLI there, "
            "on the PATH a non-interactive `ssh` session gets (swarmtui runs `docker system "
            "dial-stdio` on it)"
        )
    if "cannot connect to the docker daemon" in text or "permission denied while" in text:
        return (
            f"`docker` on {host} cannot reach its daemon ({_first_line(words, 'docker')}): "
            f"check `{login} docker info`"
        )
    if "connection refused" in text and "connect to host" in text:
        return f"{host} refused the ssh connection: check that sshd runs there, on that port"
    if "could not resolve hostname" in text:
        return f"ssh cannot resolve {host}: check the name, or its Host entry in ~/.ssh/config"
    if "timed out" in text or "server not responding" in text or "no route to host" in text:
        return (
            f"ssh to {host} timed out or found no route: check the address and that this "
            "machine may reach its ssh port"
        )
    last = _last_line(words)
    said = f" ({last})" if last else ""
    return f"ssh to {host} ended{said}: try `{login}`; ssh's messages are in {log}"


def _first_line(words: str, containing: str) -> str:
    for line in words.splitlines():
        if containing in line.lower():
            return _clean(line)
    return ""


def _last_line(words: str) -> str:
    lines = [_clean(line) for line in words.splitlines()]
    return next((line for line in reversed(lines) if line), "")


def _clean(line: str) -> str:
    """One line of ssh's stderr as text to show: no controls, no trailing stop, bounded."""
    shown = "".join(ch if ch.isprintable() else " " for ch in line).strip().rstrip(".")
    return shown[:200]


def read_log_from(log: Path, start: int, most: int = 16384) -> str:
    """What ssh wrote to `log` since byte `start` (its last `most` bytes at most), for
    `describe`; empty when the log cannot be read."""
    try:
        with log.open("rb") as file:
            size = file.seek(0, os.SEEK_END)
            file.seek(max(start, size - most))
            return file.read().decode(errors="replace")
    except OSError:
        return ""


LOG_KEPT_BYTES = 1024 * 1024
"""ssh appends to its log across runs: past this size, a run starts a new one (the last is
kept beside it as ssh.log.1)."""


def kept_log(path: Path) -> Path:
    """`path`, for ssh's messages from now on; a log grown past LOG_KEPT_BYTES in earlier runs
    is set aside first (one earlier log kept), so it never grows without end."""
    try:
        if path.stat().st_size > LOG_KEPT_BYTES:
            path.replace(path.with_name(path.name + ".1"))
    except OSError:
        pass  # no log yet, or one we cannot move: ssh appends to it as before
    return path
