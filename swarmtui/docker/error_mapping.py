"""Turn the daemon's refusals and lost connections into what the UI knows how to say."""

from __future__ import annotations

from typing import Any

from docker.errors import APIError

from .errors import DaemonError, NoLeader, NotAManager, NotInSwarm, SwarmLocked
from .ssh_failures import SSHFailed
from .tls_errors import tls_reason

LOCKED = (
    "The swarm is locked: this manager restarted with autolock on and needs the swarm's "
    "unlock key (docker swarm unlock) before it can read or change anything"
)


def explain_api_error(error: APIError) -> Exception:
    """Map the daemon's refusals to the errors the UI knows how to say."""
    text = error.explanation or str(error)
    if isinstance(text, bytes):
        text = text.decode(errors="replace")
    status = error.response.status_code if error.response is not None else None
    if status == 503 and "Worker nodes" in text:
        return NotAManager(f"The daemon is a swarm worker, not a manager: {text}")
    # Quorum lost: the node is in a swarm (it says so), it is the managers that cannot agree.
    if status == 503 and "does not have a leader" in text:
        return NoLeader(
            "The swarm has no leader: its managers have lost their quorum, so nothing can be "
            f"read or changed until enough of them are back ({text})"
        )
    # Autolock on and the manager restarted: every swarm call is refused until it is unlocked.
    if status == 503 and "needs to be unlocked" in text:
        return SwarmLocked(f"{LOCKED} ({text})")
    # `swarm init` on a node already in one is a 503 that names a swarm too; it is no "not in".
    # A manager refused `swarm leave` without force names the swarm too.
    refusals = ("already part of a swarm", "attempting to leave")
    if status == 503 and "swarm" in text and not any(said in text for said in refusals):
        return NotInSwarm(f"The daemon is not part of a swarm: {text}")
    return DaemonError(text)


_REASONS = (
    (FileNotFoundError, "no socket there (is dockerd running?)"),
    (ConnectionRefusedError, "connection refused (is dockerd running?)"),
    (PermissionError, "permission denied (are you in the docker group?)"),
    (TimeoutError, "timed out"),
)


def why(error: BaseException, tls: Any = None) -> str:
    """The root cause of a connection failure in a few words, not a chain of wrappers. `tls`
    is the endpoint's docker.tls.TLSConfig, so that a TLS failure names the file to fix."""
    chain = _chain(error)
    ssh = next((current for current in chain if isinstance(current, SSHFailed)), None)
    if ssh is not None:
        return str(ssh)  # ssh's own account, already a sentence
    reason = tls_reason([str(current) for current in chain], tls)
    if reason:
        return reason
    for current in chain:
        for kind, reason in _REASONS:
            if isinstance(current, kind):
                return reason
    text = str(error)
    if "timed out" in text.lower():
        return "timed out"
    if "refused" in text.lower():
        return "connection refused (is dockerd running?)"
    return text.split("(Caused by", 1)[0].strip() or type(error).__name__


def _chain(error: BaseException) -> list[BaseException]:
    """`error` and every error it wraps: arguments, causes, contexts and urllib3's `reason`."""
    seen: list[BaseException] = []
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop()
        if any(current is other for other in seen):
            continue
        seen.append(current)
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
        for linked in (current.__cause__, current.__context__, getattr(current, "reason", None)):
            if isinstance(linked, BaseException):
                pending.append(linked)
    return seen
