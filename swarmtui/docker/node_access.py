"""How to reach a node's own daemon and host without an agent: over the operator's SSH.

The manager's API says nothing of a node's CPU, memory or disk, and cannot exec into a
container; each node's daemon and host can. swarmtui reaches them the way an operator would,
with `ssh`, and nothing is installed on the cluster:

- the target is `{user}@{address}` by default (the node's `Status.Addr`), or config.toml's
  `[nodes] ssh = "ops@{hostname}.prod.internal"` template, or one node's own
  `[nodes.node7] ssh = "bastion-hop-7"` (an ssh config Host alias: ProxyJump and all);
- the node's daemon is `ssh://TARGET` (`docker system dial-stdio` on the node, as the CLI does);
- a node is less trusted than the operator's machine: its hostname, address and labels are
  chosen by whoever controls it, so every value that reaches ssh's command line is checked
  here first (`check_target`): a leading `-` (`-oProxyCommand=…`), spaces, quotes, `;`, control
  characters or anything that is not a plain host name, address or user is refused with one
  sentence, never run; and ssh gets the target after `--`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .connection import Endpoint, checked
from .models import NodeInfo

DEFAULT_TEMPLATE = "{address}"
"""Without a user the ssh config (or the local user name) chooses, as `ssh HOST` would."""

_HOST = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9._-]{0,252})")
"""A host name, an IPv4 address or an ssh config Host alias: no leading '-', no spaces."""
_IPV6 = re.compile(r"\[?[0-9A-Fa-f:]{2,39}(?:%[A-Za-z0-9]{1,16})?\]?")
_USER = re.compile(r"[A-Za-z_][A-Za-z0-9._-]{0,31}")
_FIELDS = ("hostname", "address", "id", "user")


RETRY_AT_MOST_S = 300.0
"""The longest wait before a node that keeps failing is tried again."""


def retry_after(base_s: float, failures: int) -> float:
    """Seconds before a node is tried again after `failures` failures in a row: `base_s`, then
    twice as long each time, at most RETRY_AT_MOST_S. A node without a reachable sshd (many a
    cluster's) is tried every few minutes, not every few seconds: each try runs ssh, costs the
    dashboard CPU and leaves a refused login in the node's logs (fail2ban reads those)."""
    return min(base_s * 2 ** max(failures - 1, 0), RETRY_AT_MOST_S)


class NodeUnreachable(Exception):
    """A node that cannot be reached; `str()` is one sentence saying why and what to change."""


@dataclass(frozen=True)
class NodeAccessSettings:
    """config.toml's [nodes] table: `enabled`, `ssh` (a template) and `user`, and per-node
    tables [nodes.NAME] with their own `ssh`."""

    enabled: bool = True
    template: str = DEFAULT_TEMPLATE
    user: str = ""
    per_node: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Node hostname (or id) to its own ssh target."""


def check_target(target: str, what: str = "the ssh target") -> str:
    """`target` (`[user@]host[:port]`) when ssh can only read it as a destination; else
    NodeUnreachable naming what is wrong and where it came from."""
    user, at, host = target.rpartition("@")
    port = ""
    if host.count(":") == 1 and not host.startswith("["):
        host, port = host.split(":")
    if at and not _USER.fullmatch(user):
        raise NodeUnreachable(
            f"{what} has a user ssh cannot take safely ({_shown(user)}): letters, digits, "
            "'.', '-' and '_' only, not starting with '-'"
        )
    if not (_HOST.fullmatch(host) or _IPV6.fullmatch(host)):
        raise NodeUnreachable(
            f"{what} is not a plain host name or address ({_shown(host)}): a node chooses its "
            "own hostname, so swarmtui hands ssh only letters, digits, '.', '-' and '_', not "
            "starting with '-'; set [nodes] ssh in config.toml to reach it another way"
        )
    if port and not (port.isdigit() and 0 < int(port) < 65536):
        raise NodeUnreachable(f"{what} has a port that is not 1 to 65535 ({_shown(port)})")
    return target


def node_target(node: NodeInfo, settings: NodeAccessSettings) -> str:
    """Where `ssh` reaches `node`, checked; NodeUnreachable (one sentence) when it cannot."""
    if not settings.enabled:
        raise NodeUnreachable("node access is off (--no-node-access or [nodes] enabled = false)")
    own = settings.per_node.get(node.hostname) or settings.per_node.get(node.id)
    if own:
        return check_target(own, f"[nodes.{_key(node)}] ssh")
    if not node.addr or node.addr in ("0.0.0.0", "127.0.0.1"):
        raise NodeUnreachable(
            f"node {_shown(node.hostname)} reports no address swarmtui can reach "
            f"({_shown(node.addr or 'none')}); set [nodes.{_key(node)}] ssh in config.toml"
        )
    values = {"hostname": node.hostname, "address": node.addr, "id": node.id}
    # Each value is checked alone first: a template must not make a hostile hostname safe
    # by accident (`{hostname}.prod.internal` would still start with its '-').
    for name in ("hostname", "address") if "{hostname}" in settings.template else ("address",):
        check_target(values[name], f"node {_shown(node.hostname)}'s {name}")
    try:
        host = settings.template.format(**values, user=settings.user)
    except (KeyError, IndexError, ValueError) as error:
        raise NodeUnreachable(
            f"[nodes] ssh = {settings.template!r} names {error}; it may use {{hostname}}, "
            "{address}, {id} and {user}"
        ) from error
    if settings.user and "@" not in host:
        host = f"{settings.user}@{host}"
    return check_target(host, f"node {_shown(node.hostname)}'s ssh target")


def node_endpoint(node: NodeInfo, settings: NodeAccessSettings) -> Endpoint:
    """The node's own daemon, over ssh (`docker system dial-stdio` on the node)."""
    return checked(Endpoint(f"ssh://{node_target(node, settings)}", f"node {node.hostname}"))


def _key(node: NodeInfo) -> str:
    """How config.toml names the node's own table: its hostname, when that is a plain one."""
    return node.hostname if _HOST.fullmatch(node.hostname) else node.id


def _shown(value: str) -> str:
    """An outside value quoted in a sentence: controls made visible, long ones cut."""
    shown = "".join(ch if ch.isprintable() else f"<U+{ord(ch):04X}>" for ch in value)
    return repr(shown[:60] + ("…" if len(shown) > 60 else ""))
