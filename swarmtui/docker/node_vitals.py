"""A node's vitals read over the operator's SSH: load, memory available and the free space of
its docker data root, with nothing installed on the node.

One short command per node per read (`cat /proc/loadavg /proc/meminfo` and `df -Pk ROOT`),
through the system ssh with the transport's options (BatchMode, the shared ControlMaster), the
node's target after `--`. ssh hands the far side one command line for the user's shell to
run, so that line is made only of our constants and the daemon's DockerRootDir, taken only
when it is a plain absolute path. What comes back is read up to a bound and parsed defensively:
a node chooses what it answers.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import select
import subprocess
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .models import NodeInfo
from .node_access import NodeAccessSettings, NodeUnreachable, node_target
from .ssh_failures import describe
from .ssh_transport import _log_path, ssh_options

DEFAULT_ROOT = "/var/lib/docker"
READ_TIMEOUT_S = 20.0
"""A whole read (login included: ssh's own ConnectTimeout is 10 s) before it is given up."""
MAX_OUTPUT = 64 * 1024
ROOT_COMMAND = ("docker", "info", "--format", "'{{.DockerRootDir}}'")
_ROOT = re.compile(r"/(?:[A-Za-z0-9._+-]+/?)*")
"""A plain absolute path: it goes into the remote command line, read by the node's shell."""
_DF = re.compile(r"\s(\d+)\s+(\d+)\s+(\d+)\s+\d+%\s")


@dataclass(frozen=True)
class NodeVitals:
    """What a node's host said at `read_at`, or `error`: one sentence on why it was not read."""

    read_at: datetime | None = None
    load1: float | None = None
    cpus: int = 0
    mem_total: int = 0
    mem_available: int = 0
    disk_total: int = 0
    disk_free: int = 0
    root: str = ""
    error: str = ""
    refused: bool = False
    """The node was not even tried: its target is unsafe, or node access is off."""

    @property
    def load_per_cpu(self) -> float | None:
        return None if self.load1 is None or self.cpus <= 0 else self.load1 / self.cpus

    @property
    def mem_available_pct(self) -> float | None:
        return 100 * self.mem_available / self.mem_total if self.mem_total > 0 else None

    @property
    def disk_free_pct(self) -> float | None:
        return 100 * self.disk_free / self.disk_total if self.disk_total > 0 else None


class VitalsUnread(Exception):
    """A read that failed; `str()` is one sentence."""


class CommandFailed(VitalsUnread):
    """ssh logged in, the command on the node failed."""


Runner = Callable[[Sequence[str], float], tuple[int, str, str]]
"""(argv, timeout) → (exit code, stdout, ssh's messages): the seam tests replace."""


def check_root(root: str) -> str:
    """`root` when it is a plain absolute path; VitalsUnread otherwise."""
    root = root.strip()
    if len(root) > 255 or not _ROOT.fullmatch(root) or "/../" in f"{root}/":
        shown = "".join(ch if ch.isprintable() else "?" for ch in root[:60])
        raise VitalsUnread(
            f"its daemon names a data root that is not a plain absolute path ({shown!r}), "
            "so its free space is not read"
        )
    return root


def ssh_argv(target: str, remote: Sequence[str], log: Path) -> list[str]:
    """The ssh command line: our options, then `--`, the checked target and our command."""
    return ["ssh", *ssh_options(log), "--", target, *remote]


def vitals_command(root: str) -> tuple[str, ...]:
    return ("cat", "/proc/loadavg", "/proc/meminfo", "&&", "df", "-Pk", check_root(root))


def parse_vitals(output: str, root: str, cpus: int, now: datetime) -> NodeVitals:
    """The command's output → figures; VitalsUnread when it is not what Linux prints."""
    lines = output.splitlines()
    try:
        load1 = float(lines[0].split()[0])
    except (IndexError, ValueError):
        raise VitalsUnread("its /proc/loadavg did not read as a load average") from None
    memory: dict[str, int] = {}
    for text in lines[1:]:
        name, _, rest = text.partition(":")
        words = rest.split()
        if name in ("MemTotal", "MemAvailable") and words[:1] and words[0].isdigit():
            memory[name] = int(words[0]) * 1024
    found = _DF.search(" " + lines[-1] + " ") if lines else None
    if "MemTotal" not in memory or found is None:
        raise VitalsUnread("its /proc/meminfo or `df -Pk` did not read as Linux prints them")
    return NodeVitals(
        read_at=now,
        load1=load1 if math.isfinite(load1) and load1 >= 0 else None,
        cpus=cpus,
        mem_total=memory["MemTotal"],
        mem_available=memory.get("MemAvailable", 0),
        disk_total=int(found[1]) * 1024,
        disk_free=int(found[3]) * 1024,
        root=root,
    )


def run_ssh(argv: Sequence[str], timeout: float) -> tuple[int, str, str]:
    """Runs ssh (no shell, no terminal, no prompt), reading at most MAX_OUTPUT of its output
    and waiting at most `timeout`; its messages come from the log named after `-E`."""
    log = Path(argv[list(argv).index("-E") + 1])
    start = log.stat().st_size if log.exists() else 0
    env = {k: v for k, v in os.environ.items() if k not in ("LD_LIBRARY_PATH", "SSL_CERT_FILE")}
    try:
        with log.open("ab") as stderr:
            os.chmod(log, 0o600)
            proc = subprocess.Popen(
                list(argv),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=stderr,
                start_new_session=True,  # no terminal of ours: ctrl+c stays the dashboard's
            )
    except OSError as error:
        raise VitalsUnread(f"ssh could not be run ({error.strerror or error})") from error
    assert proc.stdout is not None
    out, deadline, fd = b"", time.monotonic() + timeout, proc.stdout.fileno()
    try:
        while len(out) < MAX_OUTPUT:
            left = deadline - time.monotonic()
            if left <= 0:
                raise VitalsUnread(f"it did not answer within {timeout:g} s")
            ready, _, _ = select.select([fd], [], [], min(left, 0.5))
            if ready:
                data = os.read(fd, MAX_OUTPUT - len(out))
                if not data:
                    break
                out += data
            elif proc.poll() is not None:
                break  # ended: a persisting shared connection may hold the pipe open
        if len(out) >= MAX_OUTPUT:
            raise VitalsUnread(f"it sent more than {MAX_OUTPUT // 1024} KiB")
        code = proc.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        raise VitalsUnread(f"it did not answer within {timeout:g} s") from None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
    with contextlib.suppress(OSError), log.open("rb") as file:
        file.seek(start)
        return code, out.decode(errors="replace"), file.read(16384).decode(errors="replace")
    return code, out.decode(errors="replace"), ""


def _utcnow() -> datetime:
    return datetime.now(UTC)


class VitalsReader:
    """Reads nodes' vitals, remembering each node's data root once its daemon said it.
    Blocking: call `read` from a worker thread, one at a time per node."""

    def __init__(self, settings: NodeAccessSettings, run: Runner = run_ssh) -> None:
        self.settings = settings
        self._run = run
        self._roots: dict[str, str] = {}

    def read(self, node: NodeInfo, now: Callable[[], datetime] = _utcnow) -> NodeVitals:
        """The node's vitals, or why not in `error` (one sentence)."""
        try:
            target = node_target(node, self.settings)
        except NodeUnreachable as error:
            return NodeVitals(read_at=now(), error=str(error), refused=True)
        log = _log_path().with_name(f"ssh-vitals-{re.sub(r'[^A-Za-z0-9]', '', node.id)[:25]}.log")
        try:
            root = self._roots.get(node.id) or self._root(target, log)
            output = self._ask(target, vitals_command(root), log)
            vitals = parse_vitals(output, root, node.nano_cpus // 1_000_000_000, now())
        except VitalsUnread as error:
            self._roots.pop(node.id, None)
            return NodeVitals(read_at=now(), error=f"node {node.hostname}: {error}")
        self._roots[node.id] = root
        return vitals

    def _root(self, target: str, log: Path) -> str:
        """The daemon's DockerRootDir, or the default when its CLI does not answer."""
        try:
            said = self._ask(target, ROOT_COMMAND, log).strip()
        except CommandFailed:
            return DEFAULT_ROOT
        return check_root(said) if said else DEFAULT_ROOT

    def _ask(self, target: str, remote: Sequence[str], log: Path) -> str:
        code, out, words = self._run(ssh_argv(target, remote, log), READ_TIMEOUT_S)
        if code == 255:  # ssh's own failure, as opposed to the command's
            user, _, host = target.rpartition("@")
            raise VitalsUnread(describe(words, user or None, host, None, str(log)))
        if code != 0:
            said = next((ln for ln in reversed(words.splitlines()) if ln.strip()), "")
            said = "".join(ch if ch.isprintable() else " " for ch in said).strip()[:200]
            raise CommandFailed(
                f"`{' '.join(remote)}` failed on it (exit {code}: {said or 'no message'})"
            )
        return out


def read_all(
    nodes: Sequence[NodeInfo], settings: NodeAccessSettings, workers: int = 4
) -> dict[str, NodeVitals] | None:
    """Every node's vitals, `workers` at a time (for the report written without the
    dashboard); None when node access is off. Blocking."""
    if not settings.enabled:
        return None
    reader = VitalsReader(settings)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="node-vitals") as pool:
        return dict(zip((n.id for n in nodes), pool.map(reader.read, nodes), strict=True))
