"""A shell (or one command) in a running task's container, on its own node, over the
operator's ssh: `ssh -t -- TARGET docker exec -it CONTAINER …`, with the terminal handed over.

Everything that reaches ssh's command line comes from the cluster and is checked first: the
target through node_access (a hostile hostname is refused with one sentence), the container id
as hex only. ssh joins the words after the destination into one string that the remote user's
login shell parses again, so each remote word is quoted here (shlex.quote): a typed command's
words and the container id reach `docker exec` exactly as they are, never as shell syntax on
the node. The choice of bash or sh is the one piece of shell that runs, inside the container.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .models import NodeInfo, TaskInfo
from .node_access import NodeAccessSettings, NodeUnreachable, node_target
from .ssh_failures import describe, read_log_from

CONTAINER_ID = re.compile(r"[0-9a-f]{12,64}")
PICK_SHELL = ("sh", "-c", "command -v bash >/dev/null && exec bash || exec sh")
"""bash where the image has it, sh otherwise: decided inside the container."""
SSH_FAILED = 255
"""ssh's own failure (it could not connect or log in); any other status is the remote side's."""


class ShellRefused(Exception):
    """Nothing was run; `str()` is one sentence saying why."""


@dataclass(frozen=True)
class ShellPlan:
    """One exec, checked and ready to run; what the audit log records of it."""

    task: str
    """The task's name (web.3)."""
    task_id: str
    node: str
    """The node's hostname."""
    target: str
    """Where ssh goes (user@host[:port]), checked."""
    container: str
    argv: tuple[str, ...]
    typed: bool
    """A command typed by the operator rather than a shell; what it was is not kept here."""


@dataclass(frozen=True)
class ShellEnd:
    status: int
    said: str
    """One sentence: how it ended, and why when ssh could not connect."""


def command_words(text: str) -> list[str]:
    """A typed command as the words `docker exec` gets (quotes group, nothing else is shell:
    for pipes, type `sh -c '…'`); ValueError with a sentence when it cannot be read."""
    try:
        words = shlex.split(text)
    except ValueError as error:
        raise ValueError(f"That command cannot be split into words ({error}).") from error
    if any(not word.isprintable() for word in words):
        raise ValueError("That command has a control character in it.")
    return words


def plan_shell(
    task: TaskInfo,
    node: NodeInfo | None,
    settings: NodeAccessSettings,
    options: Sequence[str],
    command: Sequence[str] = (),
) -> ShellPlan:
    """The ssh command line for a shell (or `command`) in `task`'s container; ShellRefused
    when the task has no container to enter or its node cannot be reached safely."""
    name = task.name
    if task.state != "running":
        raise ShellRefused(f"Task {name} is {task.state}, not running: it has no shell to open.")
    if not CONTAINER_ID.fullmatch(task.container_id):
        raise ShellRefused(
            f"Task {name} has no container id the manager reports as hex "
            f"({task.container_id[:20]!r}): nothing was run."
        )
    if node is None:
        raise ShellRefused(f"Task {name}'s node is not in the node list: nothing was run.")
    try:
        target = node_target(node, settings)
    except NodeUnreachable as error:
        raise ShellRefused(f"Node {node.hostname} cannot be reached: {error}.") from error
    remote = ["docker", "exec", "-it", task.container_id, *(command or PICK_SHELL)]
    argv = ("ssh", *options, *destination(target), shlex.join(remote))
    return ShellPlan(
        name, task.id, node.hostname, target, task.container_id, argv, typed=bool(command)
    )


def destination(target: str) -> list[str]:
    """`user@host[:port]` as ssh takes it: the port as -p, the host after `--` (ssh reads
    `host:port` as a host name)."""
    user, at, host = target.rpartition("@")
    if host.count(":") == 1 and not host.startswith("["):
        host, port = host.split(":")
        return ["-p", port, "--", f"{user}{at}{host}"]
    return ["--", f"{user}{at}{host.strip('[]')}"]


def interactive_options(options: Sequence[str]) -> list[str]:
    """The transport's ssh options (timeouts, shared connection, messages to the log) made fit
    for a person at the terminal: no BatchMode, since a host key or passphrase question is
    theirs to answer now that the dashboard has handed the terminal over, and a tty for the
    shell."""
    kept: list[str] = []
    skip = False
    for index, option in enumerate(options):
        if skip:
            skip = False
            continue
        following = options[index + 1] if index + 1 < len(options) else ""
        if option == "-o" and following.lower().startswith("batchmode="):
            skip = True
            continue
        if option == "-T":
            continue
        kept.append(option)
    return [*kept, "-t"]


def run_shell(plan: ShellPlan, log: Path) -> ShellEnd:
    """Blocking: runs ssh on this process's terminal until the shell exits."""
    start = log.stat().st_size if log.exists() else 0
    env = {k: v for k, v in os.environ.items() if k not in ("LD_LIBRARY_PATH", "SSL_CERT_FILE")}
    try:
        status = subprocess.run(plan.argv, env=env, check=False).returncode
    except OSError as error:
        return ShellEnd(-1, f"ssh could not be started ({error.strerror or error}).")
    what = "The command" if plan.typed else "The shell"
    where = f"in {plan.task} on {plan.node}"
    if status == SSH_FAILED:
        user, _, host = plan.target.rpartition("@")
        host, _, port = host.partition(":") if host.count(":") == 1 else (host, "", "")
        why = describe(read_log_from(log, start), user or None, host, port or None, str(log))
        return ShellEnd(status, f"ssh to {plan.node} ended before a shell {where}: {why}.")
    if status < 0:
        return ShellEnd(status, f"{what} {where} was ended by {_signal_name(-status)}.")
    return ShellEnd(status, f"{what} {where} ended with exit status {status}.")


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
